// `cryptoscope serve` against a database written by `cryptoscope ingest` from the fake: every
// endpoint's body compared with the stored rows, CSV, conditional and compressed answers, cache
// lifetimes and error bodies.
#include <sqlite3.h>
#include <zlib.h>

#include <chrono>
#include <cmath>

#include "integration/serve_fixture.h"

namespace cryptoscope::testing {
namespace {

using nlohmann::json;

std::string Gunzip(const std::string& data) {
  z_stream stream{};
  inflateInit2(&stream, 15 + 16);
  std::string out(data.size() * 20 + 1024, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return rc == Z_STREAM_END ? out : "inflate failed";
}

// Runs `sql` read-write (the tests edit the store before serving it).
void Exec(const std::filesystem::path& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &handle), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << error;
  sqlite3_free(error);
  sqlite3_close(handle);
}

std::string One(const std::filesystem::path& db, const std::string& sql) {
  const auto rows = Query(db, sql);
  return rows.empty() ? "" : rows[0][0];
}

int64_t Seconds(const char* day) { return UnixSeconds(*ParseDay(day)); }

TEST_F(ServeFixture, OhlcvRangeIsTheStoredRowsExactly) {
  StartServer();
  for (const std::string symbol : {"BTC", "USDT", "ETH"}) {
    const auto source = One(db(), "SELECT source FROM symbols WHERE symbol = '" + symbol + "'");
    const auto pair = One(db(), "SELECT pair FROM symbols WHERE symbol = '" + symbol + "'");
    auto res = Get("/api/v1/ohlcv/" + symbol + "?from=2026-10-01&to=2026-11-24");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
    const auto rows = Rows(symbol, "2026-10-01", "2026-11-24");
    ASSERT_EQ(rows.size(), 55u) << symbol;
    EXPECT_EQ(res->body, OhlcvJson(symbol, "1d", source, pair, false, rows)) << symbol;
  }
}

TEST_F(ServeFixture, OhlcvWholeHistoryAndLimitKeepsTheNewest) {
  StartServer();
  const auto rows = Rows("BTC");
  ASSERT_GT(rows.size(), 3000u);
  EXPECT_EQ(Get("/api/v1/ohlcv/BTC")->body,
            OhlcvJson("BTC", "1d", "binance", "BTCUSDT", false, rows));
  const std::vector<Row> last7(rows.end() - 7, rows.end());
  EXPECT_EQ(Get("/api/v1/ohlcv/btc?limit=7")->body,
            OhlcvJson("BTC", "1d", "binance", "BTCUSDT", false, last7));
  // A coin listed yesterday: one row; a coin listed today: none.
  EXPECT_EQ(GetJson("/api/v1/ohlcv/NEWY")["rows"].size(), 1u);
  EXPECT_EQ(GetJson("/api/v1/ohlcv/NEWT")["rows"].size(), 0u);
}

TEST_F(ServeFixture, OhlcvCsvIsTheStoredRows) {
  StartServer();
  auto res = Get("/api/v1/ohlcv/BTC?from=2026-11-01&format=csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/csv; charset=utf-8; header=present");
  EXPECT_EQ(res->get_header_value("Content-Disposition"), "attachment; filename=\"BTC_1d.csv\"");
  std::istringstream lines(res->body);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "date,open,high,low,close,volume,quote_volume\r");
  const auto rows = Rows("BTC", "2026-11-01");
  size_t n = 0;
  while (std::getline(lines, line)) {
    ASSERT_LT(n, rows.size());
    std::vector<std::string> f;
    std::stringstream fields(line.substr(0, line.size() - 1));
    for (std::string x; std::getline(fields, x, ',');) f.push_back(x);
    ASSERT_EQ(f.size(), 7u) << line;
    const Row& r = rows[n++];
    EXPECT_EQ(f[0], r.date);
    EXPECT_EQ(std::stod(f[1]), r.open);
    EXPECT_EQ(std::stod(f[2]), r.high);
    EXPECT_EQ(std::stod(f[3]), r.low);
    EXPECT_EQ(std::stod(f[4]), r.close);
    EXPECT_EQ(std::stod(f[5]), r.volume);
    EXPECT_EQ(std::stod(f[6]), r.quote_volume);
    EXPECT_EQ(f[1].find('e'), std::string::npos) << "no exponent in CSV: " << line;
  }
  EXPECT_EQ(n, rows.size());
  // Accept: text/csv chooses the same body.
  EXPECT_EQ(Get("/api/v1/ohlcv/BTC?from=2026-11-01", {{"Accept", "text/csv"}})->body, res->body);
}

TEST_F(ServeFixture, WeeklyAndMonthlyBarsAggregateTheDays) {
  StartServer();
  const auto rows = Rows("ETH", "2026-08-31");  // A Monday: whole weeks from here.
  for (const auto& [interval, from] :
       {std::pair<std::string, std::string>{"1w", "2026-09-02"}, {"1M", "2026-09-20"}}) {
    const json body = GetJson("/api/v1/ohlcv/ETH?interval=" + interval + "&from=" + from);
    EXPECT_EQ(body["interval"], interval);
    EXPECT_EQ(body["partial_last"], true);  // The last stored day is Tuesday 2026-11-24.
    // Expected bars, grouped here by the period's first day.
    json expected = json::array();
    std::string period;
    for (const Row& r : rows) {
      const Day day = *ParseDay(r.date);
      Day start = day;
      if (interval == "1w") {
        start = day - std::chrono::days{std::chrono::weekday(day).iso_encoding() - 1};
      } else {
        const std::chrono::year_month_day ymd(day);
        start = std::chrono::sys_days(ymd.year() / ymd.month() / 1);
      }
      if (FormatDay(start) < (interval == "1w" ? "2026-08-31" : "2026-09-01")) continue;
      if (FormatDay(start) != period) {
        period = FormatDay(start);
        expected.push_back({{"date", period},
                            {"open", r.open},
                            {"high", r.high},
                            {"low", r.low},
                            {"close", r.close},
                            {"volume", r.volume},
                            {"quote_volume", r.quote_volume}});
        continue;
      }
      json& bar = expected.back();
      bar["high"] = std::max(bar["high"].get<double>(), r.high);
      bar["low"] = std::min(bar["low"].get<double>(), r.low);
      bar["close"] = r.close;
      bar["volume"] = bar["volume"].get<double>() + r.volume;
      bar["quote_volume"] = bar["quote_volume"].get<double>() + r.quote_volume;
    }
    EXPECT_EQ(body["rows"], expected) << interval;
  }
  EXPECT_EQ(GetJson("/api/v1/ohlcv/ETH?interval=1w&to=2026-11-15")["partial_last"], false);
}

TEST_F(ServeFixture, SymbolsListMatchesTheSymbolsTable) {
  StartServer();
  const json all = GetJson("/api/v1/symbols?limit=10000&sort=symbol");
  const json expected = SymbolsFromDb(db());
  EXPECT_EQ(all["total"], expected.size());
  EXPECT_EQ(all["data"], expected);
  // Default: rank ascending; paging keeps the total.
  const json page = GetJson("/api/v1/symbols?limit=2&offset=1");
  EXPECT_EQ(page["total"], expected.size());
  EXPECT_EQ(page["limit"], 2);
  EXPECT_EQ(page["offset"], 1);
  ASSERT_EQ(page["data"].size(), 2u);
  EXPECT_EQ(page["data"][0]["rank"], 2);
  EXPECT_EQ(page["data"][1]["rank"], 3);
  const json bitcoin = GetJson("/api/v1/symbols?q=bitcoin&source=binance");
  ASSERT_EQ(bitcoin["data"].size(), 1u);
  EXPECT_EQ(bitcoin["data"][0]["symbol"], "BTC");
  const auto csv = Get("/api/v1/symbols?limit=1&format=csv");
  EXPECT_EQ(csv->body.substr(0, csv->body.find("\r\n")),
            "rank,symbol,name,source,pair,market_cap,price,first_day,last_day,rows");
}

TEST_F(ServeFixture, SymbolDetailReportsGapsKnownGapsAndStaleness) {
  // A known gap (ETH's 03-03), missing days around it and a stale coin, planted by hand.
  Exec(db(),
       "DELETE FROM ohlcv WHERE symbol = 'ETH' AND date IN "
       "('2026-03-02', '2026-03-03', '2026-03-04', '2026-05-10');"
       "INSERT INTO known_gaps VALUES ('ETH', '2026-03-03', 'binance'), "
       "('BTC', '2026-03-03', 'binance');"
       "UPDATE sync_state SET stale_since = '2026-11-01' WHERE symbol = 'ETH';");
  StartServer();
  const json eth = GetJson("/api/v1/symbols/ETH");
  const json expected_coverage = {
      {"synced_through", "2026-11-24"},
      {"stale_since", "2026-11-01"},
      {"gaps",
       {{{"from", "2026-03-02"}, {"to", "2026-03-02"}, {"days", 1}, {"known", false}},
        {{"from", "2026-03-03"}, {"to", "2026-03-03"}, {"days", 1}, {"known", true}},
        {{"from", "2026-03-04"}, {"to", "2026-03-04"}, {"days", 1}, {"known", false}},
        {{"from", "2026-05-10"}, {"to", "2026-05-10"}, {"days", 1}, {"known", false}}}},
      {"missing_days", 3},
      {"known_gap_days", 1}};
  EXPECT_EQ(eth["coverage"], expected_coverage);
  json coin = eth;
  coin.erase("coverage");
  for (const auto& row : SymbolsFromDb(db())) {
    if (row["symbol"] == "ETH") {
      EXPECT_EQ(coin, row);
    }
  }
  const json btc = GetJson("/api/v1/symbols/BTC");
  EXPECT_EQ(btc["coverage"]["gaps"], json::array());
  EXPECT_EQ(btc["coverage"]["stale_since"], nullptr);
}

TEST_F(ServeFixture, CompareNormalisesToTheFirstCommonDay) {
  StartServer();
  const json body = GetJson("/api/v1/compare?symbols=BTC,USDT,NEWY&to=2026-11-24");
  EXPECT_EQ(body["base_day"], "2026-11-24");  // NEWY's only day.
  std::string expected = R"({"base_day":"2026-11-01","last_day":"2026-11-24","series":[)";
  bool first_series = true;
  for (const std::string symbol : {"ETH", "BTC"}) {
    const auto rows = Rows(symbol, "2026-11-01");
    expected +=
        fmt::format(R"({}{{"symbol":"{}","total_return":{},"points":[)", first_series ? "" : ",",
                    symbol, rows.back().close / rows.front().close - 1);
    first_series = false;
    for (size_t i = 0; i < rows.size(); ++i) {
      expected += fmt::format(R"({}{{"date":"{}","value":{}}})", i ? "," : "", rows[i].date,
                              rows[i].close / rows.front().close * 100);
    }
    expected += "]}";
  }
  expected += "]}";
  EXPECT_EQ(Get("/api/v1/compare?symbols=ETH,BTC&from=2026-11-01")->body, expected);
  const auto csv = Get("/api/v1/compare?symbols=ETH,BTC&from=2026-11-23&format=csv");
  const auto eth = Rows("ETH", "2026-11-23"), btc = Rows("BTC", "2026-11-23");
  EXPECT_EQ(csv->body,
            fmt::format("date,ETH,BTC\r\n2026-11-23,100,100\r\n2026-11-24,{},{}\r\n",
                        eth[1].close / eth[0].close * 100, btc[1].close / btc[0].close * 100));
}

TEST_F(ServeFixture, HealthCountsTheStore) {
  StartServer();
  const json health = GetJson("/api/v1/health");
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["schema_version"], std::stoi(One(db(), "PRAGMA user_version")));
  EXPECT_EQ(health["coins"], std::stoi(One(db(), "SELECT count(*) FROM symbols")));
  EXPECT_EQ(health["rows"], ReadOhlcv(db()).size());
  EXPECT_EQ(health["last_ingest"], One(db(), "SELECT max(updated_at) FROM sync_state"));
  EXPECT_EQ(health["last_day"], "2026-11-24");
  // One access-log line per request at info (written right after the answer).
  const std::string line = "info: 127.0.0.1 \"GET /api/v1/health\" 200 ";
  for (int i = 0; i < 100 && ReadFile(dir_.path() / "serve.err").find(line) == std::string::npos;
       ++i) {
    usleep(10'000);
  }
  EXPECT_EQ(CountOccurrences(ReadFile(dir_.path() / "serve.err"), line), 1u);
}

TEST_F(ServeFixture, ConditionalCompressedAndHeadAnswers) {
  StartServer();
  const std::string target = "/api/v1/ohlcv/BTC?from=2026-01-01";
  auto plain = Get(target);
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  const std::string etag = plain->get_header_value("ETag");
  ASSERT_EQ(etag.size(), 18u) << etag;
  EXPECT_EQ(plain->get_header_value("Vary"), "Accept, Accept-Encoding");

  auto not_modified = Get(target, {{"If-None-Match", etag}});
  EXPECT_EQ(not_modified->status, 304);
  EXPECT_EQ(not_modified->body, "");
  EXPECT_EQ(not_modified->get_header_value("ETag"), etag);
  EXPECT_EQ(Get(target, {{"If-None-Match", "\"other\", W/" + etag}})->status, 304);
  EXPECT_EQ(Get(target, {{"If-None-Match", "\"other\""}})->status, 200);

  auto gzipped = Get(target, {{"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(gzipped->get_header_value("Content-Encoding"), "gzip");
  EXPECT_LT(gzipped->body.size(), plain->body.size() / 2);
  EXPECT_EQ(Gunzip(gzipped->body), plain->body);
  const std::string gzip_etag = gzipped->get_header_value("ETag");
  EXPECT_EQ(gzip_etag, etag.substr(0, 17) + "-gz\"");
  // The second gzip answer is the cached one, byte for byte.
  EXPECT_EQ(Get(target, {{"Accept-Encoding", "gzip"}})->body, gzipped->body);
  EXPECT_EQ(Get(target, {{"Accept-Encoding", "gzip"}, {"If-None-Match", gzip_etag}})->status, 304);
  EXPECT_FALSE(Get(target, {{"Accept-Encoding", "gzip;q=0"}})->has_header("Content-Encoding"));
  // A Range header is ignored: the whole body, 200.
  auto ranged = Get(target, {{"Range", "bytes=0-9"}});
  EXPECT_EQ(ranged->status, 200);
  EXPECT_EQ(ranged->body, plain->body);

  auto head = client_->Head(target.c_str());
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->body, "");
  EXPECT_EQ(head->get_header_value("ETag"), etag);
  EXPECT_EQ(head->get_header_value("Content-Length"), std::to_string(plain->body.size()));
  EXPECT_EQ(head->get_header_value("Accept-Ranges"), "none");
}

TEST_F(ServeFixture, CacheControlIsLongOnlyForClosedPastRanges) {
  StartServer();
  const auto cache_control = [&](const std::string& target) {
    return Get(target)->get_header_value("Cache-Control");
  };
  const std::string year = "public, max-age=31536000, immutable";
  const std::string short_lived = "public, max-age=60";
  EXPECT_EQ(cache_control("/api/v1/ohlcv/BTC?from=2026-01-01&to=2026-11-23"), year);
  EXPECT_EQ(cache_control("/api/v1/ohlcv/BTC?from=2026-01-01&to=2026-11-24"), short_lived);
  EXPECT_EQ(cache_control("/api/v1/ohlcv/BTC?from=2026-01-01"), short_lived);
  EXPECT_EQ(cache_control("/api/v1/ohlcv/BTC?interval=1w&to=2026-11-15"), year);
  EXPECT_EQ(cache_control("/api/v1/ohlcv/BTC?interval=1w&to=2026-11-23"), short_lived);
  EXPECT_EQ(cache_control("/api/v1/compare?symbols=BTC,ETH&to=2026-06-01"), year);
  EXPECT_EQ(cache_control("/api/v1/symbols"), short_lived);
  EXPECT_EQ(cache_control("/api/v1/health"), "no-cache");
  EXPECT_EQ(cache_control("/api/v1/ohlcv/NOPE"), "no-store");
  // UDF: `to` is exclusive; a weekly bar holding the newest day (Tuesday 2026-11-24) is open.
  const auto udf = [&](const char* resolution, const char* to) {
    return cache_control(
        fmt::format("/udf/history?symbol=BTC&resolution={}&from=0&to={}", resolution, Seconds(to)));
  };
  EXPECT_EQ(udf("D", "2026-11-24"), year);
  EXPECT_EQ(udf("D", "2026-11-25"), short_lived);
  EXPECT_EQ(udf("W", "2026-11-23"), year);
  EXPECT_EQ(udf("W", "2026-11-24"), short_lived);
  EXPECT_EQ(udf("M", "2026-11-01"), year);
}

TEST_F(ServeFixture, ErrorsHaveTheirStatusAndSayWhatIsAllowed) {
  StartServer();
  const auto expect = [&](const std::string& target, int status, const std::string& body) {
    auto res = Get(target);
    ASSERT_TRUE(res) << target;
    EXPECT_EQ(res->status, status) << target;
    EXPECT_EQ(res->body, body) << target;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
  };
  expect(
      "/api/v1/ohlcv/NOPE", 404,
      R"({"error":{"code":"not_found","message":"unknown symbol 'NOPE'; see /api/v1/symbols"}})");
  expect(
      "/api/v1/ohlcv/BTC?from=2026-02-30", 400,
      R"({"error":{"code":"bad_request","message":"from '2026-02-30' is not a date: use YYYY-MM-DD"}})");
  expect("/api/v1/ohlcv/BTC?from=2026-02-03&to=2026-02-01", 400,
         R"({"error":{"code":"bad_request","message":"from is after to"}})");
  expect("/api/v1/ohlcv/BTC?interval=1h", 400,
         R"({"error":{"code":"bad_request","message":"interval must be 1d, 1w or 1M"}})");
  expect(
      "/api/v1/ohlcv/BTC?limit=10001", 400,
      R"({"error":{"code":"bad_request","message":"limit '10001' is not valid: an integer from 1 to 10000"}})");
  expect(
      "/api/v1/ohlcv/BTC?form=2026-01-01", 400,
      R"({"error":{"code":"bad_request","message":"unknown parameter 'form'; allowed: from, to, interval, limit, format"}})");
  expect("/api/v1/ohlcv/BTC?to=2026-01-01&to=2026-01-02", 400,
         R"({"error":{"code":"bad_request","message":"parameter to given more than once"}})");
  expect(
      "/api/v1/symbols?sort=name", 400,
      R"({"error":{"code":"bad_request","message":"sort must be rank, symbol, market_cap, rows, first_day or last_day, optionally prefixed by '-' for descending"}})");
  expect(
      "/api/v1/compare?symbols=BTC,BTC", 400,
      R"({"error":{"code":"bad_request","message":"symbols must list 2 to 10 different symbols separated by commas, e.g. symbols=BTC,ETH"}})");
  expect(
      "/api/v1/compare?symbols=BTC,NEWT", 404,
      R"({"error":{"code":"not_found","message":"no day in the range on which every symbol has a row"}})");
  expect(
      "/api/v1/nothing", 404,
      R"({"error":{"code":"not_found","message":"no such endpoint; see /api/v1/openapi.json"}})");
  expect("/assets/../../etc/passwd", 400,
         R"({"error":{"code":"bad_request","message":"malformed path"}})");

  auto post = client_->Post("/api/v1/symbols", "x", "text/plain");
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
  EXPECT_EQ(
      post->body,
      R"({"error":{"code":"method_not_allowed","message":"method POST not allowed; use GET or HEAD"}})");
  auto big = client_->Post("/api/v1/symbols", std::string(4096, 'x'), "text/plain");
  EXPECT_EQ(big->status, 413);
  auto long_uri = Get("/api/v1/symbols?q=" + std::string(9000, 'a'));
  ASSERT_TRUE(long_uri);
  EXPECT_EQ(long_uri->status, 414);
  EXPECT_EQ(json::parse(long_uri->body)["error"]["code"], "uri_too_long");
  auto long_query = Get("/api/v1/symbols?q=" + std::string(5000, 'a'));
  EXPECT_EQ(long_query->status, 400);
}

TEST_F(ServeFixture, UdfHistoryAnswersOnlyInsideTheWindow) {
  StartServer();
  const auto rows = Rows("BTC", "2026-11-10", "2026-11-19");
  ASSERT_EQ(rows.size(), 10u);
  const json window = GetJson(fmt::format("/udf/history?symbol=BTC&resolution=1D&from={}&to={}",
                                          Seconds("2026-11-10"), Seconds("2026-11-20")));
  json t = json::array(), c = json::array(), v = json::array();
  for (const Row& r : rows) {
    t.push_back(Seconds(r.date.c_str()));
    c.push_back(r.close);
    v.push_back(r.volume);
  }
  EXPECT_EQ(window["s"], "ok");
  EXPECT_EQ(window["t"], t);
  EXPECT_EQ(window["c"], c);
  EXPECT_EQ(window["v"], v);
  // "D" and a mid-day `from`: bars from the next midnight on.
  EXPECT_EQ(GetJson(fmt::format("/udf/history?symbol=BTC&resolution=D&from={}&to={}",
                                Seconds("2026-11-09") + 1, Seconds("2026-11-20")))["t"],
            t);
  const json back =
      GetJson(fmt::format("/udf/history?symbol=BTC&resolution=1D&from={}&to={}&countback=3",
                          Seconds("2026-11-19"), Seconds("2026-11-20")));
  EXPECT_EQ(back["t"], json({t[7], t[8], t[9]}));
  // After the last stored day: no_data pointing at it; before the first: no_data alone.
  EXPECT_EQ(GetJson(fmt::format("/udf/history?symbol=BTC&resolution=1D&from={}&to={}",
                                Seconds("2026-12-01"), Seconds("2026-12-10"))),
            json({{"s", "no_data"}, {"nextTime", Seconds("2026-11-24")}}));
  EXPECT_EQ(GetJson("/udf/history?symbol=BTC&resolution=1D&from=0&to=86400"),
            json({{"s", "no_data"}}));
  const json weeks = GetJson(fmt::format("/udf/history?symbol=BTC&resolution=W&from={}&to={}",
                                         Seconds("2026-11-01"), Seconds("2026-11-24")));
  EXPECT_EQ(weeks["t"], json({Seconds("2026-11-02"), Seconds("2026-11-09"), Seconds("2026-11-16"),
                              Seconds("2026-11-23")}));
  EXPECT_EQ(GetJson("/udf/history?symbol=BTC&resolution=5&from=0&to=1"),
            json({{"s", "error"}, {"errmsg", "resolution must be 1D, 1W or 1M (or D, W, M)"}}));
  EXPECT_EQ(GetJson("/udf/history?symbol=NOPE&from=0&to=1"),
            json({{"s", "error"}, {"errmsg", "unknown symbol"}}));
}

TEST_F(ServeFixture, UdfConfigSymbolsSearchAndTime) {
  StartServer();
  const json config = GetJson("/udf/config");
  EXPECT_EQ(config["supported_resolutions"], json({"1D", "1W", "1M"}));
  EXPECT_EQ(config["supports_search"], true);
  EXPECT_EQ(config["supports_time"], true);
  const json btc = GetJson("/udf/symbols?symbol=binance:BTC");
  EXPECT_EQ(btc["ticker"], "BTC");
  EXPECT_EQ(btc["session"], "24x7");
  EXPECT_EQ(btc["timezone"], "Etc/UTC");
  EXPECT_EQ(btc["has_intraday"], false);
  EXPECT_EQ(btc["currency_code"], "USDT");
  EXPECT_EQ(btc["pricescale"], 100);  // A 5-digit price: 2 decimals keep 4 digits.
  const json sats = GetJson("/udf/symbols?symbol=SATS");
  EXPECT_GT(sats["pricescale"].get<int64_t>(), 1'000'000);  // Sub-cent price: more decimals.
  // GRIN has no price from discovery: the scale follows its last stored close.
  ASSERT_EQ(One(db(), "SELECT price FROM symbols WHERE symbol = 'GRIN'"), "NULL");
  const double close = Rows("GRIN").back().close;
  const int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(close))) + 4, 2, 12);
  EXPECT_EQ(GetJson("/udf/symbols?symbol=GRIN")["pricescale"],
            static_cast<int64_t>(std::llround(std::pow(10, decimals))));
  const json found = GetJson("/udf/search?query=ET&limit=2");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0]["symbol"], "ETH");
  EXPECT_EQ(found[0]["type"], "crypto");
  auto time = Get("/udf/time");
  EXPECT_EQ(time->get_header_value("Cache-Control"), "no-store");
  EXPECT_GT(std::stoll(time->body), 1'700'000'000);
}

}  // namespace
}  // namespace cryptoscope::testing

namespace cryptoscope::testing {
namespace {

TEST_F(ServeFixture, CorsHeadersOnlyWhenAsked) {
  StartServer({"--cors", "https://charts.example"});
  auto get = Get("/api/v1/health");
  EXPECT_EQ(get->get_header_value("Access-Control-Allow-Origin"), "https://charts.example");
  auto preflight = client_->Options("/udf/history");
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_EQ(preflight->get_header_value("Access-Control-Allow-Methods"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(preflight->get_header_value("Access-Control-Allow-Origin"), "https://charts.example");
}

TEST_F(ServeFixture, NoCorsHeadersByDefault) {
  StartServer();
  EXPECT_FALSE(Get("/api/v1/health")->has_header("Access-Control-Allow-Origin"));
  EXPECT_EQ(client_->Options("/api/v1/health")->status, 405);
}

}  // namespace
}  // namespace cryptoscope::testing
