// Validates the served OpenAPI document (OpenAPI 3.1 schema) and then real responses against it:
// each request's path, status and content type must be documented, and the body must match the
// documented schema (JSON Schema 2020-12, ajv). Run by tests/integration/serve_openapi_test.cc:
//   node tests/js/openapi_check.mjs http://127.0.0.1:PORT
// Exits 0 when everything conforms; prints each problem and exits 1 otherwise.
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const base = process.argv[2];
const DOC_ID = "https://cryptoscope.invalid/openapi.json";

// [path, expected status, extra headers]: every endpoint, every format, and the errors.
const requests = [
  ["/api/v1/symbols", 200],
  ["/api/v1/symbols?limit=5&sort=-market_cap", 200],
  ["/api/v1/symbols?format=csv", 200],
  ["/api/v1/symbols?sort=name", 400],
  ["/api/v1/symbols?limit=0", 400],
  ["/api/v1/symbols/BTC", 200],
  ["/api/v1/symbols/USDT", 200],
  ["/api/v1/symbols/NOPE", 404],
  ["/api/v1/ohlcv/BTC", 200],
  ["/api/v1/ohlcv/BTC?from=2026-01-01&to=2026-03-01", 200],
  ["/api/v1/ohlcv/ETH?interval=1w&limit=10", 200],
  ["/api/v1/ohlcv/ETH?interval=1M", 200],
  ["/api/v1/ohlcv/BTC?format=csv&from=2026-11-01", 200],
  ["/api/v1/ohlcv/BTC", 200, { Accept: "text/csv" }],
  ["/api/v1/ohlcv/BTC?from=2026-13-01", 400],
  ["/api/v1/ohlcv/BTC?interval=5m", 400],
  ["/api/v1/ohlcv/NOPE", 404],
  ["/api/v1/compare?symbols=BTC,ETH,USDT&from=2026-06-01", 200],
  ["/api/v1/compare?symbols=BTC,ETH&format=csv", 200],
  ["/api/v1/compare?symbols=BTC", 400],
  ["/api/v1/health", 200],
  ["/api/v1/openapi.json", 200],
  ["/api/v1/indicators/BTC?ind=sma:20,ema:50,bb:20:2,rsi:14,macd,atr:14,stoch:14:3,obv,wma:20&from=2026-10-01", 200],
  ["/api/v1/indicators/ETH?ind=vol:30,ret,logret&from=2026-11-01&to=2026-11-10", 200],
  ["/api/v1/indicators/BTC", 200],
  ["/api/v1/indicators/BTC?name=rsi&period=14&name=bb&period=20:2&name=obv", 200],
  ["/api/v1/indicators/BTC?ind=macd:26:12", 400],
  ["/api/v1/indicators/NOPE", 404],
  ["/api/v1/stats?symbols=BTC,ETH,USDT&from=2026-01-01&rf=0.04", 200],
  ["/api/v1/stats?symbols=ETH&benchmark=ETH", 200],
  ["/api/v1/stats?symbols=BTC&rf=2", 400],
  ["/api/v1/stats?symbols=BTC&benchmark=NOPE", 404],
  ["/api/v1/correlation?symbols=BTC,ETH,USDT&from=2026-06-01", 200],
  ["/api/v1/correlation?top=5", 200],
  ["/api/v1/correlation?symbols=BTC", 400],
  ["/api/v1/screener", 200],
  ["/api/v1/screener?by=drawdown&top=5&order=asc", 200],
  ["/api/v1/screener?by=nope", 400],
  ["/udf/config", 200],
  ["/udf/symbols?symbol=BTC", 200],
  ["/udf/symbols?symbol=NOPE", 200],
  ["/udf/search?query=e&limit=5", 200],
  ["/udf/history?symbol=BTC&resolution=1D&from=1760000000&to=1764000000", 200],
  ["/udf/history?symbol=BTC&resolution=W&to=1764000000&countback=3", 200],
  ["/udf/history?symbol=BTC&resolution=D&from=1000&to=2000", 200],
  ["/udf/history?symbol=BTC&resolution=D&from=1900000000&to=1900086400", 200],
  ["/udf/history?symbol=BTC&resolution=5", 200],
  ["/udf/time", 200],
  ["/", 200],
  ["/assets/index.html", 200],
  ["/assets/nothing.js", 404],
  ["/nothing", 404],
];

const problems = [];
const doc = await (await fetch(base + "/api/v1/openapi.json")).json();
const checked = await new Validator().validate(doc);
if (!checked.valid) problems.push("openapi.json: " + JSON.stringify(checked.errors));

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...doc, $id: DOC_ID });

const escape = (s) => s.replaceAll("~", "~0").replaceAll("/", "~1");
const templates = Object.keys(doc.paths).map((template) => ({
  template,
  regex: new RegExp("^" + template.replace(/\{[^}]+\}/g, "[^/]+") + "$"),
}));
const resolve = (node) => {
  while (node && node.$ref) {
    node = node.$ref.slice(2).split("/").reduce((n, k) => n[k.replaceAll("~1", "/").replaceAll("~0", "~")], doc);
  }
  return node;
};

for (const [path, wanted, headers] of requests) {
  const response = await fetch(base + path, { headers: headers ?? {} });
  const text = await response.text();
  const where = `${path} -> ${response.status}`;
  if (response.status !== wanted) problems.push(`${where}: expected ${wanted}`);
  const pathname = path.split("?")[0];
  const match = templates.find((t) => t.regex.test(pathname));
  // Unknown endpoints are not in the document; their body must still be the error shape.
  const template = match ? match.template : "/api/v1/symbols/{symbol}";
  const status = match ? String(response.status) : "404";
  const declared = resolve(doc.paths[template].get.responses[status]);
  if (!declared) {
    problems.push(`${where}: status not documented for ${template}`);
    continue;
  }
  const type = (response.headers.get("content-type") ?? "").split(";")[0];
  const mediaKey = Object.keys(declared.content ?? {}).find((k) => k === type || k === "*/*");
  if (!mediaKey) {
    problems.push(`${where}: content type ${type} not documented`);
    continue;
  }
  const pointer = `#/paths/${escape(template)}/get/responses/${status}/content/${escape(mediaKey)}/schema`;
  const schemaRef = doc.paths[template].get.responses[status].$ref
    ? `#${doc.paths[template].get.responses[status].$ref.slice(1)}/content/${escape(mediaKey)}/schema`
    : pointer;
  const validate = ajv.compile({ $ref: DOC_ID + schemaRef });
  const body = type === "application/json" ? JSON.parse(text) : text;
  if (!validate(body)) problems.push(`${where}: ${ajv.errorsText(validate.errors)}`);
  for (const name of Object.keys(declared.headers ?? {})) {
    if (!response.headers.has(name)) problems.push(`${where}: header ${name} missing`);
  }
}

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`openapi: document valid, ${requests.length} responses conform`);
