// The measured fetch-only floor: the request list an ingest made, fetched again by a plain
// libcurl multi loop that only downloads (bodies discarded, nothing parsed or stored), at most
// `concurrency` at once, in the order the ingest made them. It is what "curl fetching the ideal
// request list" takes against the same fake on the same machine, fake's own CPU included, which
// the model's lower bound (ingest_model.h) leaves out.
#pragma once

#include <string>
#include <vector>

namespace cryptoscope::bench {

struct ReplayResult {
  double wall_s = 0;
  int failed = 0;  // Transfers that did not end with HTTP 200.
};

// `urls` are absolute; `headers` ("name: value") go with every request.
ReplayResult FetchOnly(const std::vector<std::string>& urls,
                       const std::vector<std::string>& headers, int concurrency);

}  // namespace cryptoscope::bench
