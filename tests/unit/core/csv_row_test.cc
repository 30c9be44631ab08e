#include "core/csv_row.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace leakhound {
namespace {

using ::testing::ElementsAre;

TEST(CsvRowParserTest, QuotedFieldsWithDelimitersLineBreaksAndDoubledQuotes) {
  CsvRowParser csv({});
  std::string error;
  ASSERT_TRUE(csv.Parse("a,\"b,c\",\"say \"\"hi\"\"\nthere\",,\"\"", error)) << error;
  EXPECT_THAT(csv.fields(), ElementsAre("a", "b,c", "say \"hi\"\nthere", "", ""));
  ASSERT_TRUE(csv.Parse("x,", error));
  EXPECT_THAT(csv.fields(), ElementsAre("x", ""));
  ASSERT_TRUE(csv.Parse("", error));
  EXPECT_THAT(csv.fields(), ElementsAre(""));
}

TEST(CsvRowParserTest, BackslashEscapesAndTheRestOfTheLineAsTheLastField) {
  CsvRowParser csv({.quote = '\'', .backslash_escapes = true, .max_fields = 3});
  std::string error;
  ASSERT_TRUE(csv.Parse("1,'it\\'s \\\\ a\\ntest',rest, with commas", error)) << error;
  EXPECT_THAT(csv.fields(), ElementsAre("1", "it's \\ a\ntest", "rest, with commas"));
}

TEST(CsvRowParserTest, UnclosedQuoteAndTextAfterAQuote) {
  CsvRowParser csv({});
  std::string error;
  EXPECT_FALSE(csv.Parse("a,\"open", error));
  EXPECT_TRUE(csv.unterminated_quote());
  EXPECT_EQ(error,
            "field 2 opens a quote that the record never closes (the record may be cut "
            "short)");
  EXPECT_FALSE(csv.Parse("\"a\"b,c", error));
  EXPECT_FALSE(csv.unterminated_quote());
  EXPECT_EQ(error, "field 1: text after the closing quote where a delimiter should be");
}

}  // namespace
}  // namespace leakhound
