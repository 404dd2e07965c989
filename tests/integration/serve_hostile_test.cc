// Hostile input: injection strings, huge numbers, invalid UTF-8, thousands of parameters, long
// and endless requests. Every answer is a 4xx (never 5xx) with a valid JSON body, the store is
// untouched, and the server keeps serving.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "integration/serve_fixture.h"

namespace cryptoscope::testing {
namespace {

using nlohmann::json;

class Socket {
 public:
  explicit Socket(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    timeval timeout{10, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  }
  ~Socket() { close(fd_); }
  bool connected() const { return connected_; }
  bool Send(std::string_view data) {
    return send(fd_, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size());
  }
  // One response: headers, then Content-Length bytes of body ("" when nothing came in 10 s).
  // Not until the peer closes: after its own 400/414 the library keeps the connection open.
  std::string ReadResponse() {
    std::string out;
    char buffer[65536];
    size_t header_end = std::string::npos;
    size_t wanted = std::string::npos;
    while (wanted == std::string::npos || out.size() < wanted) {
      const ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
      if (n <= 0) break;
      out.append(buffer, static_cast<size_t>(n));
      if (header_end == std::string::npos) {
        header_end = out.find("\r\n\r\n");
        if (header_end == std::string::npos) continue;
        const size_t length = out.find("Content-Length: ");
        wanted = header_end + 4 +
                 (length < header_end ? std::stoul(out.substr(length + 16)) : size_t{0});
      }
    }
    return out;
  }

 private:
  int fd_;
  bool connected_ = false;
};

struct RawAnswer {
  int status = 0;
  std::string body;
};

// Sends `request_line` (and Connection: close) as raw bytes; parses the one answer.
RawAnswer Raw(int port, const std::string& request_line, const std::string& headers = "") {
  Socket socket(port);
  socket.Send(request_line + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers + "\r\n");
  const std::string answer = socket.ReadResponse();
  RawAnswer out;
  if (answer.size() > 12) out.status = std::stoi(answer.substr(9, 3));
  const size_t body = answer.find("\r\n\r\n");
  if (body != std::string::npos) out.body = answer.substr(body + 4);
  return out;
}

TEST_F(ServeFixture, HostileInputGetsClientErrorsAndTheServerKeepsServing) {
  StartServer();
  const size_t rows_before = ReadOhlcv(db()).size();
  const auto expect_4xx_json = [&](const std::string& target, int status) {
    const RawAnswer answer = Raw(port_, "GET " + target + " HTTP/1.1");
    EXPECT_EQ(answer.status, status) << target << " -> " << answer.body;
    // nlohmann refuses invalid UTF-8: parsing proves the body is valid JSON.
    EXPECT_NO_THROW(json::parse(answer.body)["error"]["message"].get<std::string>()) << target;
  };
  // SQL injection: symbols are validated, filters are bound or compared in C++.
  expect_4xx_json("/api/v1/ohlcv/BTC'%20OR%20'1'='1", 400);
  expect_4xx_json("/api/v1/ohlcv/BTC%3B%20DROP%20TABLE%20ohlcv", 400);
  expect_4xx_json("/api/v1/compare?symbols=BTC,ETH'--", 400);
  EXPECT_EQ(GetJson("/api/v1/symbols?q=%27%20OR%201%3D1%3B%20DROP%20TABLE%20ohlcv%3B--")["total"],
            0);
  EXPECT_EQ(GetJson("/api/v1/symbols?source=binance%27--")["total"], 0);
  EXPECT_EQ(GetJson("/udf/search?query=%27%29%3B%20DELETE%20FROM%20symbols%3B--"), json::array());
  // Huge, negative and malformed numbers and dates.
  expect_4xx_json("/api/v1/ohlcv/BTC?limit=99999999999999999999999999", 400);
  expect_4xx_json("/api/v1/symbols?offset=-1", 400);
  expect_4xx_json("/api/v1/ohlcv/BTC?from=99999-01-01", 400);
  expect_4xx_json("/api/v1/ohlcv/BTC?from=2026-1-1", 400);
  EXPECT_EQ(GetJson("/udf/history?symbol=BTC&from=1e309&to=2")["s"], "error");
  EXPECT_EQ(GetJson("/udf/history?symbol=BTC&from=0&to=1&countback=-5")["s"], "error");
  // Invalid UTF-8 and control bytes, percent-encoded and raw.
  expect_4xx_json("/api/v1/ohlcv/%FF%FE", 400);
  expect_4xx_json("/api/v1/symbols?%FF%C3=1", 400);
  expect_4xx_json("/api/v1/ohlcv/BTC%00", 400);
  expect_4xx_json("/api/v1/ohlcv/\xFF\xC3\x28", 400);
  EXPECT_EQ(GetJson("/api/v1/symbols?q=%C3%28")["total"], 0);
  // Ten thousand parameters: over the request-line limit, or (shorter) over 64 parameters.
  std::string many;
  for (int i = 0; i < 10'000; ++i) many += "a=1&";
  expect_4xx_json("/api/v1/symbols?" + many, 414);
  expect_4xx_json(
      "/api/v1/symbols?" + std::string(8000, '&').replace(0, 4000, many.substr(0, 4000)), 400);
  // A huge header line and thousands of headers.
  EXPECT_GE(Raw(port_, "GET /api/v1/health HTTP/1.1", "X-Big: " + std::string(20'000, 'x') + "\r\n")
                .status,
            400);
  std::string headers;
  for (int i = 0; i < 5000; ++i) headers += "X-" + std::to_string(i) + ": y\r\n";
  const RawAnswer flood = Raw(port_, "GET /api/v1/health HTTP/1.1", headers);
  EXPECT_TRUE(flood.status == 200 || flood.status >= 400) << flood.status;
  // Garbage instead of HTTP.
  EXPECT_EQ(Raw(port_, "\x16\x03\x01\x02\x00 garbage").status, 400);

  // Slowloris: connections that never finish their headers hold a thread each, up to the read
  // timeout; the other threads keep answering meanwhile.
  std::vector<std::unique_ptr<Socket>> slow;
  for (int i = 0; i < 16; ++i) {
    slow.push_back(std::make_unique<Socket>(port_));
    ASSERT_TRUE(slow.back()->connected());
    slow.back()->Send("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
  }
  for (int i = 0; i < 20; ++i) EXPECT_EQ(Get("/api/v1/symbols/BTC")->status, 200);
  // A connection silent mid-request is answered 400 after the read timeout (5 s).
  const auto started = std::chrono::steady_clock::now();
  const std::string dropped = slow.front()->ReadResponse();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(8));
  EXPECT_EQ(dropped.rfind("HTTP/1.1 400", 0), 0u) << dropped;
  slow.clear();

  EXPECT_EQ(GetJson("/api/v1/health")["status"], "ok");
  EXPECT_EQ(ReadOhlcv(db()).size(), rows_before);
  EXPECT_EQ(Query(db(), "SELECT count(*) FROM symbols")[0][0], std::to_string(kCoins));
  EXPECT_EQ(kill(server_pid_, 0), 0) << "serve is still running";
}

}  // namespace
}  // namespace cryptoscope::testing
