// libFuzzer target for parse::ParseCcEnvelope, under the statuses that change its answer.
#include <cstddef>
#include <cstdint>

#include "cryptoscope/parse/cryptocompare.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using cryptoscope::parse::CcEnvelope;
  for (const int status : {200, 401, 429, 500}) {
    const CcEnvelope tight =
        cryptoscope::parse::ParseCcEnvelope(cryptoscope::fuzz::Tight(data, size), status);
    const CcEnvelope roomy =
        cryptoscope::parse::ParseCcEnvelope(cryptoscope::fuzz::Roomy(data, size), status);
    if (tight.kind != roomy.kind || tight.type != roomy.type || tight.message != roomy.message ||
        tight.exhausted_windows != roomy.exhausted_windows) {
      __builtin_trap();
    }
  }
  return 0;
}
