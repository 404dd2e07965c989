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

Result<std::optional<Day>> OptionalDay(const Request& req, std::string_view name) {
  auto text = req.params.One(name);
  if (!text) return tl::unexpected(std::move(text.error()));
  if (!*text) return std::optional<Day>();
  auto day = ValidateDay(name, **text);
  if (!day) return tl::unexpected(std::move(day.error()));
  return std::optional<Day>(*day);
}

Result<int64_t> OptionalInt(const Request& req, std::string_view name, int64_t fallback,
                            int64_t min, int64_t max) {
  auto text = req.params.One(name);
  if (!text) return tl::unexpected(std::move(text.error()));
  if (!*text) return fallback;
  return ValidateInt(name, **text, min, max);
}

Freshness FinalThrough(std::optional<Day> last_day_covered,
                       const std::vector<const query::SymbolSummary*>& coins) {
  if (!last_day_covered || coins.empty()) return Freshness::kShort;
  const std::string covered = FormatDay(*last_day_covered);
  for (const auto* coin : coins) {
    if (!coin->last_day || *coin->last_day <= covered) return Freshness::kShort;
  }
  return Freshness::kImmutable;
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
