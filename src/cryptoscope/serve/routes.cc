#include "cryptoscope/serve/routes.h"

#include <fmt/format.h>

namespace cryptoscope::serve {

Router BuildRouter() {
  Router router;
  AddApiRoutes(router);
  AddAnalysisRoutes(router);
  AddUdfRoutes(router);
  AddStaticRoutes(router);
  return router;
}

Reply JsonReply(std::string body, Freshness freshness) {
  Reply reply;
  reply.body = std::move(body);
  reply.freshness = freshness;
  return reply;
}

Reply CsvReply(std::string body, std::string_view file_stem, Freshness freshness) {
  std::string name(file_stem);
  for (char& c : name) {
    const bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-' || c == '.';
    if (!safe) c = '_';
  }
  Reply reply;
  reply.content_type = "text/csv; charset=utf-8; header=present";
  reply.body = std::move(body);
  reply.freshness = freshness;
  reply.headers.emplace_back("Content-Disposition",
                             fmt::format("attachment; filename=\"{}.csv\"", name));
  return reply;
}

Result<bool> WantsCsv(const Request& request) {
  auto format = request.params.One("format");
  if (!format) return tl::unexpected(std::move(format.error()));
  if (!*format) return request.accepts_csv;
  if (**format == "csv") return true;
  if (**format == "json") return false;
  return Fail(ErrorCode::kInvalidArgument, "format must be json or csv");
}

Result<const query::SymbolSummary*> FindCoin(Context& ctx, std::string_view text) {
  auto symbol = ValidateSymbol(text);
  if (!symbol) return tl::unexpected(std::move(symbol.error()));
  auto catalog = ctx.catalog();
  if (!catalog) return tl::unexpected(std::move(catalog.error()));
  const query::SymbolSummary* coin = (*catalog)->Find(*symbol);
  if (coin == nullptr) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("unknown symbol '{}'; see /api/v1/symbols", *symbol));
  }
  return coin;
}

}  // namespace cryptoscope::serve
