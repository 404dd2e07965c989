#include "cryptoscope/fetch/url.h"

#include <curl/curl.h>

namespace cryptoscope::fetch {

std::string EscapeQueryValue(std::string_view value) {
  char* escaped = curl_easy_escape(nullptr, value.data(), static_cast<int>(value.size()));
  if (escaped == nullptr) return std::string(value);
  std::string result(escaped);
  curl_free(escaped);
  return result;
}

std::string JoinUrl(std::string_view base, std::string_view path) {
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  std::string url(base);
  url.append(path);
  return url;
}

}  // namespace cryptoscope::fetch
