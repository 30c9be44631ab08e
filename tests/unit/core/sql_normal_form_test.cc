// IsInNormalForm decides whether a statement can be scanned without normalizing it first.
// It must never say yes for a statement the analyzer would change (other than ASCII case),
// or a rule could miss; the property test checks that on many statements, including
// random mutations that sprinkle comments, quotes and whitespace at every position (and
// so across the 16-byte boundaries of the vectorized loop).
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "core/ascii.h"
#include "core/sql_analyzer.h"

namespace leakhound {
namespace {

TEST(SqlNormalFormTest, CleanStatementsAreInNormalForm) {
  EXPECT_TRUE(IsInNormalForm(""));
  EXPECT_TRUE(IsInNormalForm("select 1"));
  // Two spaces inside a literal: the analyzer keeps them, but the check is conservative.
  EXPECT_FALSE(IsInNormalForm("SELECT * FROM passengers WHERE id = 1 AND name = 'x  y'"));
  EXPECT_TRUE(IsInNormalForm("SELECT a*b FROM t WHERE x = 'it''s' LIMIT 10"));
  EXPECT_TRUE(IsInNormalForm("select a - b, c ** 2 from t"));
}

TEST(SqlNormalFormTest, AnythingNormalizationChangesIsNot) {
  for (const char* statement :
       {" select 1", "select 1 ", "select  1", "select\t1", "select\n1", "select 1 -- c",
        "select /* c */ 1", "select \"Name\" from t", "select `x` from t", "select [x] from t",
        "select 1\r", "select --\n1", "select/**/1", "select 1 # c", "select 1#"}) {
    EXPECT_FALSE(IsInNormalForm(statement)) << statement;
  }
}

TEST(SqlNormalFormTest, PairsAcrossTheSixteenByteBoundary) {
  // A "  ", "--" or "/*" whose two bytes straddle every position of a 48-byte statement.
  const std::string base(48, 'a');
  for (const char* pair : {"  ", "--", "/*"}) {
    for (size_t at = 1; at + 2 < base.size(); ++at) {
      std::string statement = base;
      statement.replace(at, 2, pair);
      EXPECT_FALSE(IsInNormalForm(statement)) << pair << " at " << at;
    }
  }
}

// Every byte value at every inner position of a statement long enough for the 16-byte
// blocks: only the bytes normalization always changes put it out of normal form (a lone
// space, '-' or '*' among letters is fine).
TEST(SqlNormalFormTest, EveryByteAtEveryPositionOfTheBlocks) {
  const std::string always_changed = "\t\n\v\f\r\"`[#";
  const std::string base(40, 'a');
  for (int byte = 0; byte < 256; ++byte) {
    const char c = static_cast<char>(byte);
    const bool expected = always_changed.find(c) == std::string::npos;
    for (size_t at = 1; at + 1 < base.size(); ++at) {
      std::string statement = base;
      statement[at] = c;
      EXPECT_EQ(IsInNormalForm(statement), expected) << "byte " << byte << " at " << at;
    }
  }
}

// Statements of every length from 1 to 100 bytes (byte by byte below 17, 16-byte blocks,
// 32-byte blocks where the CPU has AVX2, and the overlapping last block of each): clean
// ones are in normal form, and one bad byte or pair anywhere puts them out of it.
TEST(SqlNormalFormTest, EveryLengthWithABadByteAnywhere) {
  for (size_t length = 1; length <= 100; ++length) {
    const std::string clean(length, 'a');
    EXPECT_TRUE(IsInNormalForm(clean)) << length;
    for (size_t at = 0; at < length; ++at) {
      for (char bad : {'\t', '"', '`', '[', '#'}) {
        std::string statement = clean;
        statement[at] = bad;
        EXPECT_FALSE(IsInNormalForm(statement)) << length << " " << at << " " << int{bad};
      }
      if (at + 1 >= length) continue;
      for (const char* pair : {"  ", "--", "/*"}) {
        std::string statement = clean;
        statement.replace(at, 2, pair);
        EXPECT_FALSE(IsInNormalForm(statement)) << length << " " << at << " " << pair;
      }
    }
  }
}

// The contract: a statement in normal form equals its normalized text but for ASCII case.
TEST(SqlNormalFormTest, NormalFormMeansNormalizationChangesOnlyCase) {
  const std::string alphabet = "ab SELECT*from'\"`[]-/\t\n()=,.;x1";
  std::mt19937 random(7);
  SqlAnalyzer analyzer;
  int in_normal_form = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string statement = "select a, b from t where c = 'q' and d in (1, 2) limit 5";
    const int edits = static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
      statement[random() % statement.size()] = alphabet[random() % alphabet.size()];
    }
    if (!IsInNormalForm(statement)) continue;
    ++in_normal_form;
    const SqlAnalysis& sql = analyzer.Analyze(statement);
    ASSERT_EQ(AsciiLowercase(sql.normalized), AsciiLowercase(statement)) << statement;
  }
  EXPECT_GT(in_normal_form, 1000);  // the property was exercised, not skipped
}

}  // namespace
}  // namespace leakhound
