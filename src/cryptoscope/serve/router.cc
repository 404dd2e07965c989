#include "cryptoscope/serve/router.h"

namespace cryptoscope::serve {

void Router::Get(std::string_view pattern, Handler handler) {
  Route route;
  route.handler = std::move(handler);
  size_t start = 1;  // Patterns start with '/'.
  while (start <= pattern.size()) {
    size_t end = pattern.find('/', start);
    if (end == std::string_view::npos) end = pattern.size();
    std::string_view part = pattern.substr(start, end - start);
    route.parts.emplace_back(part.size() > 1 && part.front() == '{' ? "{}" : std::string(part));
    start = end + 1;
  }
  routes_.push_back(std::move(route));
}

const Router::Route* Router::Match(const std::vector<std::string>& segments,
                                   std::vector<std::string>* captures) const {
  for (const Route& route : routes_) {
    captures->clear();
    const bool rest = !route.parts.empty() && route.parts.back() == "**";
    const size_t fixed = route.parts.size() - (rest ? 1 : 0);
    if (rest ? segments.size() <= fixed : segments.size() != fixed) continue;
    bool ok = true;
    for (size_t i = 0; i < fixed && ok; ++i) {
      if (route.parts[i] == "{}") {
        ok = !segments[i].empty();
        captures->push_back(segments[i]);
      } else {
        ok = route.parts[i] == segments[i];
      }
    }
    if (!ok) continue;
    if (rest) {
      std::string joined;
      for (size_t i = fixed; i < segments.size(); ++i) {
        if (segments[i].empty()) ok = false;
        joined += (i == fixed ? "" : "/") + segments[i];
      }
      if (!ok) continue;
      captures->push_back(std::move(joined));
    }
    return &route;
  }
  captures->clear();
  return nullptr;
}

}  // namespace cryptoscope::serve
