// The route tables. BuildRouter() adds every group below. A new group (e.g. analysis) goes in
// its own file, serve/analysis_routes.cc, with handlers shaped like those of api_routes.cc:
//
//   Reply Indicators(const Request& req, Context& ctx) {
//     CS_TRY(allowed, req.params.OnlyAllowed({"ind", "from", "to"}));  // 400 naming the rest
//     CS_TRY(ind, req.params.One("ind"));           // std::optional<std::string>
//     CS_TRY(coin, FindCoin(ctx, req.captures[0]));  // 400 bad symbol, 404 unknown
//     CS_TRY(reader, ctx.reader());                 // query::Reader*, this request's deadline
//     CS_TRY(bars, (*reader)->Bars((*coin)->symbol, "0000-01-01", "9999-12-31", 1'000'000));
//     JsonWriter json;                              // ... compute, then serialize
//     return JsonReply(json.Take(), Freshness::kShort);
//   }
//   void AddAnalysisRoutes(Router& router) {
//     router.Get("/api/v1/indicators/{symbol}", Indicators);
//   }
//
// plus its declaration below and one line in BuildRouter(). Replies are cached per URL and data
// version by the server (unless Freshness::kNoStore), gzip and ETag included.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cryptoscope/serve/reply.h"
#include "cryptoscope/serve/router.h"

// Binds `var` to the value of a Result (use *var), or returns the error as the reply
// (kInvalidArgument -> 400, kNotFound -> 404, others -> 500/503).
#define CS_TRY(var, expr) \
  auto var = (expr);      \
  if (!var) return ErrorReply((var).error());

namespace cryptoscope::serve {

void AddApiRoutes(Router& router);     // /api/v1/symbols, symbols/{s}, ohlcv/{s}, compare, health
void AddUdfRoutes(Router& router);     // /udf/config, symbols, search, history, time
void AddStaticRoutes(Router& router);  // /, /assets/**, /api/v1/openapi.json
// /api/v1/indicators/{s}, stats, correlation, screener (analysis_routes.cc)
void AddAnalysisRoutes(Router& router);
Router BuildRouter();

// Helpers for handlers.
Reply JsonReply(std::string body, Freshness freshness = Freshness::kShort);
// text/csv with Content-Disposition: attachment; filename="<file_stem>.csv" (unsafe characters
// of the stem replaced by '_').
Reply CsvReply(std::string body, std::string_view file_stem, Freshness freshness);
// format=csv|json, else Accept: text/csv. kInvalidArgument for another format.
[[nodiscard]] Result<bool> WantsCsv(const Request& request);
// The coin named by `text` (validated; exact, else the only case-insensitive match in the
// catalog of this request's data version). kInvalidArgument for a malformed symbol, kNotFound
// ("unknown symbol 'X'; see /api/v1/symbols") for an unknown one.
[[nodiscard]] Result<const query::SymbolSummary*> FindCoin(Context& ctx, std::string_view text);

}  // namespace cryptoscope::serve
