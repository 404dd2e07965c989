#include "fetch_replay.h"

#include <curl/curl.h>

#include <chrono>
#include <cstddef>

namespace cryptoscope::bench {
namespace {

size_t Discard(char*, size_t size, size_t count, void*) { return size * count; }

CURL* Transfer(const std::string& url, curl_slist* headers) {
  CURL* easy = curl_easy_init();
  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Discard);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  return easy;
}

}  // namespace

ReplayResult FetchOnly(const std::vector<std::string>& urls,
                       const std::vector<std::string>& headers, int concurrency) {
  curl_slist* header_list = nullptr;
  for (const std::string& header : headers) {
    header_list = curl_slist_append(header_list, header.c_str());
  }
  CURLM* multi = curl_multi_init();
  // Reused connections, as the client keeps them alive too.
  curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(concurrency));
  ReplayResult result;
  const auto started = std::chrono::steady_clock::now();
  size_t next = 0;
  int running = 0;
  for (; next < urls.size() && running < concurrency; ++next, ++running) {
    curl_multi_add_handle(multi, Transfer(urls[next], header_list));
  }
  while (running > 0) {
    int still = 0;
    curl_multi_perform(multi, &still);
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      long status = 0;
      curl_easy_getinfo(message->easy_handle, CURLINFO_RESPONSE_CODE, &status);
      if (message->data.result != CURLE_OK || status != 200) ++result.failed;
      curl_multi_remove_handle(multi, message->easy_handle);
      curl_easy_cleanup(message->easy_handle);
      --running;
      if (next < urls.size()) {
        curl_multi_add_handle(multi, Transfer(urls[next++], header_list));
        ++running;
      }
    }
    if (running > 0) curl_multi_poll(multi, nullptr, 0, 100, nullptr);
  }
  result.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  curl_multi_cleanup(multi);
  curl_slist_free_all(header_list);
  return result;
}

}  // namespace cryptoscope::bench
