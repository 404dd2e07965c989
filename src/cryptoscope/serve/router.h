// Maps GET paths to handlers. Patterns are '/'-separated literals and {name} captures, e.g.
// "/api/v1/ohlcv/{symbol}"; a capture matches one non-empty decoded segment. Routes are added
// before serving starts; Match is then thread-safe (read only).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cryptoscope/serve/reply.h"

namespace cryptoscope::serve {

class Router {
 public:
  // Adds a GET (and HEAD) route. Later routes never shadow earlier ones: first match wins.
  void Get(std::string_view pattern, Handler handler);
  // A route whose pattern ends in "/**" matches that prefix and any deeper path; the rest of the
  // path (segments joined by '/') is the last capture. For static files.
  struct Route {
    std::vector<std::string> parts;  // Literal segment, "{}" capture, or "**" rest.
    Handler handler;
  };
  // The route for `segments` with its captures filled in; nullptr when no pattern matches.
  const Route* Match(const std::vector<std::string>& segments,
                     std::vector<std::string>* captures) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace cryptoscope::serve
