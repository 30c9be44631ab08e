#include "core/sql_keywords.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>

namespace leakhound {
namespace {

TEST(SqlKeywordsTest, StructuralKeywords) {
  const std::pair<std::string_view, SqlKeyword> cases[] = {
      {"select", SqlKeyword::kSelect},
      {"from", SqlKeyword::kFrom},
      {"join", SqlKeyword::kJoin},
      {"straight_join", SqlKeyword::kJoin},
      {"where", SqlKeyword::kWhere},
      {"limit", SqlKeyword::kLimit},
      {"offset", SqlKeyword::kOffset},
      {"fetch", SqlKeyword::kFetch},
      {"top", SqlKeyword::kTop},
      {"with", SqlKeyword::kWith},
      {"as", SqlKeyword::kAs},
      {"copy", SqlKeyword::kCopy},
      {"to", SqlKeyword::kTo},
      {"table", SqlKeyword::kTable},
      {"into", SqlKeyword::kInto},
      {"values", SqlKeyword::kValues},
      {"in", SqlKeyword::kIn},
      {"union", SqlKeyword::kUnion},
      {"group", SqlKeyword::kGroup},
      {"order", SqlKeyword::kOrder},
      {"having", SqlKeyword::kHaving},
      {"on", SqlKeyword::kOn},
      {"using", SqlKeyword::kUsing},
      {"distinct", SqlKeyword::kDistinct},
      {"distinctrow", SqlKeyword::kDistinct},
      {"all", SqlKeyword::kAll},
      {"only", SqlKeyword::kOnly},
      {"lateral", SqlKeyword::kLateral},
      {"insert", SqlKeyword::kInsert},
      {"update", SqlKeyword::kUpdate},
      {"delete", SqlKeyword::kDelete},
      {"set", SqlKeyword::kSet},
      {"returning", SqlKeyword::kReturning},
      {"window", SqlKeyword::kWindow},
      {"for", SqlKeyword::kFor},
      {"explain", SqlKeyword::kExplain},
      {"intersect", SqlKeyword::kIntersect},
      {"except", SqlKeyword::kExcept},
      {"minus", SqlKeyword::kExcept},
      {"like", SqlKeyword::kLike},
      {"ilike", SqlKeyword::kIlike},
      {"similar", SqlKeyword::kSimilar},
      {"percent", SqlKeyword::kPercent},
      {"row", SqlKeyword::kRow},
      {"rows", SqlKeyword::kRows},
      {"first", SqlKeyword::kFirst},
      {"next", SqlKeyword::kNext},
  };
  for (const auto& [word, keyword] : cases) {
    EXPECT_EQ(LookupSqlKeyword(word), keyword) << word;
  }
}

// REPLACE INTO is MySQL's, but replace() is a string function everywhere: a name.
TEST(SqlKeywordsTest, ReplaceIsAName) { EXPECT_EQ(LookupSqlKeyword("replace"), SqlKeyword::kNone); }

TEST(SqlKeywordsTest, OtherReservedWords) {
  for (std::string_view word : {"and",
                                "or",
                                "not",
                                "null",
                                "is",
                                "between",
                                "case",
                                "when",
                                "then",
                                "else",
                                "end",
                                "exists",
                                "true",
                                "false",
                                "asc",
                                "desc",
                                "by",
                                "inner",
                                "left",
                                "right",
                                "full",
                                "outer",
                                "cross",
                                "natural",
                                "stdout",
                                "stdin",
                                "program",
                                "outfile",
                                "dumpfile",
                                "create",
                                "drop",
                                "alter",
                                "grant",
                                "revoke",
                                "analyze",
                                "show",
                                "describe",
                                "call",
                                "begin",
                                "commit",
                                "rollback",
                                "any",
                                "some",
                                "escape",
                                "collate",
                                "interval",
                                "cast",
                                "over",
                                "partition",
                                "range",
                                "ties",
                                "default",
                                "recursive",
                                "materialized",
                                "share",
                                "nowait",
                                "skip",
                                "locked",
                                "of",
                                "sql_calc_found_rows",
                                "sql_no_cache",
                                "high_priority",
                                "ignore",
                                "delayed",
                                "low_priority",
                                "current_date",
                                "current_timestamp",
                                "current_user",
                                "session_user",
                                "localtimestamp",
                                "localtime",
                                "unknown",
                                "array",
                                "conflict",
                                "nothing",
                                "do",
                                "duplicate",
                                "header",
                                "csv",
                                "format",
                                "delimiter",
                                "fields",
                                "terminated",
                                "enclosed",
                                "lines",
                                "optionally"}) {
    EXPECT_EQ(LookupSqlKeyword(word), SqlKeyword::kOther) << word;
  }
}

TEST(SqlKeywordsTest, IgnoresAsciiCase) {
  EXPECT_EQ(LookupSqlKeyword("SELECT"), SqlKeyword::kSelect);
  EXPECT_EQ(LookupSqlKeyword("SeLeCt"), SqlKeyword::kSelect);
  EXPECT_EQ(LookupSqlKeyword("FROM"), SqlKeyword::kFrom);
  EXPECT_EQ(LookupSqlKeyword("SQL_CALC_FOUND_ROWS"), SqlKeyword::kOther);
  EXPECT_EQ(LookupSqlKeyword("Straight_Join"), SqlKeyword::kJoin);
}

TEST(SqlKeywordsTest, CommonColumnNamesAreNotKeywords) {
  for (std::string_view word : {"name", "date", "year", "user", "type", "status", "key", "comment",
                                "email", "passengers", "id", "t", "x", "value"}) {
    EXPECT_EQ(LookupSqlKeyword(word), SqlKeyword::kNone) << word;
  }
}

TEST(SqlKeywordsTest, NearMissesAreNotKeywords) {
  for (std::string_view word :
       {"", "s", "selects", "selec", "fro", "fromm", "limit_", "_as", "sql_calc_found_rowsx",
        "sql_calc_found_rows_", "a", "select\xc3\xa9", "s\xc3\xa9lect", "select ", " from"}) {
    EXPECT_EQ(LookupSqlKeyword(word), SqlKeyword::kNone) << word;
  }
}

TEST(SqlKeywordsTest, LongWordsAreNames) {
  EXPECT_EQ(LookupSqlKeyword(std::string(1000, 's')), SqlKeyword::kNone);
  EXPECT_EQ(LookupSqlKeyword("current_timestamp_with_zone"), SqlKeyword::kNone);
}

}  // namespace
}  // namespace leakhound
