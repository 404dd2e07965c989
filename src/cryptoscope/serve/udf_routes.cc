// TradingView UDF face under /udf (serving.md section 3).
#include "cryptoscope/serve/routes.h"

namespace cryptoscope::serve {

void AddUdfRoutes(Router&) {}

}  // namespace cryptoscope::serve
