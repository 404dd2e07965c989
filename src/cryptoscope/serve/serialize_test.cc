#include "cryptoscope/serve/serialize.h"

#include <gtest/gtest.h>

namespace cryptoscope::serve {
namespace {

TEST(CsvNumberTest, FixedNotationWithShortestDigits) {
  EXPECT_EQ(CsvNumber(1e-5), "0.00001");
  EXPECT_EQ(CsvNumber(1.234e-7), "0.0000001234");
  EXPECT_EQ(CsvNumber(-2.5e-6), "-0.0000025");
  EXPECT_EQ(CsvNumber(1e16), "10000000000000000");
  EXPECT_EQ(CsvNumber(1.2345678901234568e+17), "123456789012345680");
  EXPECT_EQ(CsvNumber(65000.1), "65000.1");
  EXPECT_EQ(CsvNumber(100), "100");
  EXPECT_EQ(std::stod(CsvNumber(3.0000000000000004e-9)), 3.0000000000000004e-9);
}

TEST(CsvTest, BarsWithNullQuoteVolumeAndQuotedText) {
  EXPECT_EQ(BarsCsv({{"2024-01-01", 1, 2, 0.5, 1.5, 10, std::nullopt}}),
            "date,open,high,low,close,volume,quote_volume\r\n2024-01-01,1,2,0.5,1.5,10,\r\n");
  query::SymbolSummary coin;
  coin.symbol = "X";
  coin.name = "A \"quoted\", name";
  EXPECT_EQ(SymbolsCsv({&coin}),
            "rank,symbol,name,source,pair,market_cap,price,first_day,last_day,rows\r\n"
            ",X,\"A \"\"quoted\"\", name\",,,,,,,0\r\n");
}

}  // namespace
}  // namespace cryptoscope::serve
