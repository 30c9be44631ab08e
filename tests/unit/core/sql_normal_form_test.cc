// IsInNormalForm decides whether a statement can be scanned without normalizing it first.
// It must never say yes for a statement the analyzer would change (other than ASCII case),
// or a rule could miss; the property test checks that on many statements, including
// random mutations that sprinkle comments, quotes and whitespace at every position (and
// so across the 16-byte boundaries of the vectorized loop).
#include "core/sql_normal_form.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

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

// Each path IsInNormalForm can take on this machine (byte by byte always; SSE2 and AVX2
// where the CPU has them), so that a path the CPU would not pick is tested too.
std::vector<NormalFormPath> AvailablePaths() {
  std::vector<NormalFormPath> paths;
  for (const NormalFormPath path :
       {NormalFormPath::kBytes, NormalFormPath::kSse2, NormalFormPath::kAvx2}) {
    if (NormalFormPathAvailable(path)) paths.push_back(path);
  }
  return paths;
}

TEST(SqlNormalFormTest, TheBytePathIsAlwaysThereAndSse2OnEveryX86) {
  EXPECT_TRUE(NormalFormPathAvailable(NormalFormPath::kBytes));
#if defined(__x86_64__)
  EXPECT_TRUE(NormalFormPathAvailable(NormalFormPath::kSse2));
#endif
}

// Every byte value at every inner position, on every path, at a length of two 16-byte
// blocks and one of several 32-byte ones: only the bytes normalization may change put a
// statement out of normal form (a lone space, '-' or '*' among letters is fine; 0x08 and
// 0x0e, just outside \t-\r, are fine too).
TEST(SqlNormalFormTest, EveryByteAtEveryPositionOnEveryPath) {
  const std::string may_change = "\t\n\v\f\r\"`[#";
  for (const NormalFormPath path : AvailablePaths()) {
    for (const size_t length : {size_t{30}, size_t{100}}) {
      const std::string base(length, 'a');
      for (int byte = 0; byte < 256; ++byte) {
        const char c = static_cast<char>(byte);
        const bool expected = may_change.find(c) == std::string::npos;
        for (size_t at = 1; at + 1 < base.size(); ++at) {
          std::string statement = base;
          statement[at] = c;
          EXPECT_EQ(IsInNormalForm(statement, path), expected)
              << "path " << static_cast<int>(path) << " length " << length << " byte " << byte
              << " at " << at;
        }
      }
    }
  }
}

// Statements of every length from 1 to 100 bytes, on every path (byte by byte, 16-byte
// blocks from 17 bytes, 32-byte blocks from 33, and the overlapping last block of each):
// clean ones are in normal form, and one bad byte or pair anywhere puts them out of it.
TEST(SqlNormalFormTest, EveryLengthWithABadByteAnywhereOnEveryPath) {
  for (const NormalFormPath path : AvailablePaths()) {
    for (size_t length = 1; length <= 100; ++length) {
      const std::string clean(length, 'a');
      EXPECT_TRUE(IsInNormalForm(clean, path)) << length;
      for (size_t at = 0; at < length; ++at) {
        for (char bad : {'\t', '\n', '\v', '\f', '\r', '"', '`', '[', '#'}) {
          std::string statement = clean;
          statement[at] = bad;
          EXPECT_FALSE(IsInNormalForm(statement, path))
              << static_cast<int>(path) << " " << length << " " << at << " " << int{bad};
        }
        if (at + 1 >= length) continue;
        for (const char* pair : {"  ", "--", "/*"}) {
          std::string statement = clean;
          statement.replace(at, 2, pair);
          EXPECT_FALSE(IsInNormalForm(statement, path))
              << static_cast<int>(path) << " " << length << " " << at << " " << pair;
        }
      }
    }
  }
}

// The contract: a statement in normal form equals its normalized text, in both dialects'
// readings, but for ASCII case. The alphabet holds what a reading may change ('#' opens a
// comment in MySQL's; a backslash ends strings differently in each).
TEST(SqlNormalFormTest, NormalFormMeansNormalizationChangesOnlyCase) {
  const std::string alphabet = "ab SELECT*from'\"`[]-/\t\n()=,.;x1#\\";
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
    if (!sql.alternate_normalized.empty()) {
      ASSERT_EQ(AsciiLowercase(sql.alternate_normalized), AsciiLowercase(statement)) << statement;
    }
  }
  EXPECT_GT(in_normal_form, 1000);  // the property was exercised, not skipped
}

}  // namespace
}  // namespace leakhound
