// Helpers for the fake exchange's own tests: a plain HTTP client and JSON parsing.
#pragma once

#include <httplib.h>
#include <simdjson.h>

#include <memory>
#include <string>

#include "fake/fake_exchange.h"

namespace cryptoscope::fake::testing {

inline Day TestToday() { return *ParseDay("2026-03-01"); }

inline Day DaysAgo(int days) { return TestToday() - std::chrono::days{days}; }

struct Got {
  bool ok = false;  // A complete HTTP response arrived.
  int status = 0;
  std::string body;
  httplib::Headers headers;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

inline Got HttpGet(const FakeExchange& fake, const std::string& target,
                   const httplib::Headers& headers = {}) {
  httplib::Client client("127.0.0.1", fake.port());
  client.set_read_timeout(10, 0);
  Got got;
  if (auto res = client.Get(target, headers)) {
    got.ok = true;
    got.status = res->status;
    got.body = res->body;
    got.headers = res->headers;
  }
  return got;
}

// A CryptoCompare request with the scenario's key in the header.
inline Got CcGet(const FakeExchange& fake, const std::string& target) {
  return HttpGet(fake, target, {{"authorization", "Apikey test-key"}});
}

// Owns the parser so the returned element stays valid.
struct Json {
  explicit Json(const std::string& text) : parser(std::make_unique<simdjson::dom::parser>()) {
    root = parser->parse(text);  // Throws (failing the test) on invalid JSON.
  }
  std::unique_ptr<simdjson::dom::parser> parser;
  simdjson::dom::element root;
};

inline bool HasKey(simdjson::dom::element object, const char* key) {
  simdjson::dom::element ignored;
  return object[key].get(ignored) == simdjson::SUCCESS;
}

}  // namespace cryptoscope::fake::testing
