// libFuzzer target for parse::ParseTopList.
#include <cstddef>
#include <cstdint>

#include "cryptoscope/parse/cryptocompare.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using cryptoscope::parse::TopListPage;
  cryptoscope::fuzz::ParseBothWays(
      data, size,
      [](const std::string& body) { return cryptoscope::parse::ParseTopList(body, 3, 100); },
      [](const TopListPage& a, const TopListPage& b) {
        return a.entries == b.entries && a.coins.size() == b.coins.size();
      });
  return 0;
}
