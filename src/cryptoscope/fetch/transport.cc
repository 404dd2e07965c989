#include "cryptoscope/fetch/transport.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <mutex>

namespace cryptoscope::fetch {
namespace {

// simdjson reads up to this many bytes past the end of a document.
constexpr size_t kJsonPadding = 64;
// The largest Content-Length reserved up front (exchangeInfo, the largest answer, is a few MB).
constexpr size_t kMaxHint = size_t{64} << 20;

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Transport failures that a retry cannot fix: our configuration is wrong.
bool IsPermanent(CURLcode code) {
  switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
      return true;
    default:
      return false;
  }
}

}  // namespace

struct Transport::Transfer {
  CURL* easy = curl_easy_init();
  uint64_t tag = 0;
  std::string label;
  Response response;
  size_t announced_length = 0;  // Content-Length of an unencoded body, 0 when unknown.
  bool encoded = false;         // The answer has a Content-Encoding (gzip).
  char error[CURL_ERROR_SIZE] = {};

  ~Transfer() { curl_easy_cleanup(easy); }

  static size_t OnBody(char* data, size_t size, size_t count, void* self) {
    auto* transfer = static_cast<Transfer*>(self);
    auto& body = transfer->response.body;
    // One allocation of the announced size (and simdjson's padding) instead of doubling a
    // string of a few hundred KB, with its copies and fresh pages, chunk by chunk.
    if (body.empty() && transfer->announced_length > 0) {
      body.reserve(transfer->announced_length + kJsonPadding);
    }
    body.append(data, size * count);
    return size * count;
  }

  static size_t OnHeader(char* data, size_t size, size_t count, void* self) {
    const size_t length = size * count;
    std::string_view line(data, length);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return length;  // Status line or blank line.
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() &&
           (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
      value.remove_suffix(1);
    }
    auto* transfer = static_cast<Transfer*>(self);
    if (name == "content-length") {
      size_t announced = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), announced);
      // A hint only: never trusted beyond what a real answer of ours can be.
      if (error == std::errc{} && end == value.data() + value.size() && announced <= kMaxHint) {
        transfer->announced_length = announced;
      }
    } else if (name == "content-encoding") {
      transfer->encoded = true;
    }
    // An encoded answer's length is the compressed body's, not the one curl hands us.
    if (transfer->encoded) transfer->announced_length = 0;
    transfer->response.headers.emplace_back(std::move(name), value);
    return length;
  }
};

Transport::Transport(TransportOptions options) : options_(std::move(options)) {
  GlobalInitOnce();
  multi_ = curl_multi_init();
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, static_cast<long>(options_.max_connections * 2));
  curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  // Each key goes to its own provider only.
  for (Host host : kAllHosts) {
    curl_slist* list = curl_slist_append(nullptr, "Accept: application/json");
    if (host == Host::kCryptoCompare && !options_.cryptocompare_api_key.empty()) {
      const std::string auth = "authorization: Apikey " + options_.cryptocompare_api_key;
      list = curl_slist_append(list, auth.c_str());
    }
    if (host == Host::kCoinGecko && !options_.coingecko_api_key.empty()) {
      const std::string key = "x-cg-demo-api-key: " + options_.coingecko_api_key;
      list = curl_slist_append(list, key.c_str());
    }
    headers_[static_cast<int>(host)] = list;
  }
}

Transport::~Transport() {
  for (auto& transfer : active_) {
    if (transfer) curl_multi_remove_handle(multi_, transfer->easy);
  }
  active_.clear();
  idle_.clear();
  curl_multi_cleanup(multi_);
  for (void* list : headers_) curl_slist_free_all(static_cast<curl_slist*>(list));
}

std::unique_ptr<Transport::Transfer> Transport::TakeIdleTransfer() {
  if (idle_.empty()) return std::make_unique<Transfer>();
  auto transfer = std::move(idle_.back());
  idle_.pop_back();
  curl_easy_reset(transfer->easy);
  transfer->response = Response{};
  transfer->announced_length = 0;
  transfer->encoded = false;
  transfer->error[0] = '\0';
  return transfer;
}

void Transport::Start(const Request& request, uint64_t tag) {
  auto transfer = TakeIdleTransfer();
  transfer->tag = tag;
  transfer->label = request.label;
  CURL* easy = transfer->easy;
  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER,
                   static_cast<curl_slist*>(headers_[static_cast<int>(request.host)]));
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "cryptoscope/1.0");
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // exchangeInfo is megabytes; take gzip.
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout.count()));
  // A klines page is 1-2 MB: read it in 256 KiB gulps rather than curl's 16 KiB, for a ninth of
  // the recvfrom/poll calls and body callbacks (strace -c, 1000 coins: 13.4k -> 1.5k recvfrom,
  // 15.9k -> 4.0k poll; user+sys -12%, docs/BENCHMARKS.md). Costs ~2 MiB of RSS at 16 transfers.
  curl_easy_setopt(easy, CURLOPT_BUFFERSIZE, 256L * 1024);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Transfer::OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Transfer::OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, transfer.get());
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->error);
  curl_easy_setopt(easy, CURLOPT_PRIVATE, transfer.get());
  curl_multi_add_handle(multi_, easy);
  active_.push_back(std::move(transfer));
  ++in_flight_;
}

std::vector<Completed> Transport::Poll(std::chrono::milliseconds timeout) {
  int running = 0;
  curl_multi_perform(multi_, &running);
  // A transfer that this perform finished is reported below; waiting first would hold it (and
  // everything its callback would start) for the whole timeout, since its socket is now quiet.
  if (running >= in_flight_) {
    // curl_multi_poll waits out the timeout even with no transfers, which is how the engine
    // sleeps until a rate-limit slot opens.
    curl_multi_poll(multi_, nullptr, 0, static_cast<int>(std::max<int64_t>(0, timeout.count())),
                    nullptr);
    curl_multi_perform(multi_, &running);
  }
  std::vector<Completed> done;
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
    if (message->msg != CURLMSG_DONE) continue;
    Transfer* raw = nullptr;
    curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &raw);
    const CURLcode code = message->data.result;
    curl_multi_remove_handle(multi_, message->easy_handle);
    auto it = std::find_if(active_.begin(), active_.end(),
                           [raw](const auto& t) { return t.get() == raw; });
    std::unique_ptr<Transfer> transfer = std::move(*it);
    active_.erase(it);
    --in_flight_;

    Completed completed{transfer->tag, Response{}};
    if (code == CURLE_OK) {
      curl_easy_getinfo(transfer->easy, CURLINFO_RESPONSE_CODE, &transfer->response.status);
      auto& body = transfer->response.body;
      if (body.capacity() - body.size() < kJsonPadding) body.reserve(body.size() + kJsonPadding);
      completed.response = std::move(transfer->response);
    } else {
      const std::string detail = transfer->error[0] ? transfer->error : curl_easy_strerror(code);
      completed.response =
          Fail(IsPermanent(code) ? ErrorCode::kInvalidArgument : ErrorCode::kUnavailable,
               fmt::format("{}: {}", transfer->label, detail));
    }
    done.push_back(std::move(completed));
    idle_.push_back(std::move(transfer));
  }
  return done;
}

}  // namespace cryptoscope::fetch
