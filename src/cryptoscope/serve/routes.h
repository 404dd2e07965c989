// The route tables. BuildRouter() adds every group below; a new group (e.g. analysis) adds its
// own Add*Routes(Router&) here and one line in BuildRouter().
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cryptoscope/serve/reply.h"
#include "cryptoscope/serve/router.h"

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
// The parameter `name` or nullopt; kInvalidArgument when repeated.
[[nodiscard]] Result<std::optional<std::string>> Param(const Request& request,
                                                       std::string_view name);

}  // namespace cryptoscope::serve
