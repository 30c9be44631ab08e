#include "core/spelling.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace leakhound {
namespace {

TEST(EditDistanceTest, ClassicCases) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("flaw", "lawn"), 2u);
  EXPECT_EQ(EditDistance("principal", "principal"), 0u);
}

TEST(EditDistanceTest, SingleEdits) {
  EXPECT_EQ(EditDistance("principal", "princpal"), 1u);  // deletion
  EXPECT_EQ(EditDistance("rows", "rowss"), 1u);          // insertion
  EXPECT_EQ(EditDistance("verb", "vorb"), 1u);           // substitution
  EXPECT_EQ(EditDistance("tables", "tbales"), 2u);       // a transposition is two edits
}

TEST(EditDistanceTest, IgnoresAsciiCase) {
  EXPECT_EQ(EditDistance("Principal", "PRINCIPAL"), 0u);
  EXPECT_EQ(EditDistance("HAS_WHERE", "has_wher"), 1u);
}

TEST(EditDistanceTest, IsSymmetric) {
  EXPECT_EQ(EditDistance("pii_columns", "columns"), EditDistance("columns", "pii_columns"));
  EXPECT_EQ(EditDistance("pii_columns", "columns"), 4u);
}

TEST(ClosestMatchTest, PicksTheNearestCandidate) {
  const std::vector<std::string_view> candidates = {"tables", "columns", "schemas", "verb"};
  EXPECT_EQ(ClosestMatch("tabels", candidates), "tables");
  EXPECT_EQ(ClosestMatch("colums", candidates), "columns");
  EXPECT_EQ(ClosestMatch("SCHEMAS", candidates), "schemas");
}

TEST(ClosestMatchTest, FirstOfEquallyNearCandidatesWins) {
  const std::vector<std::string_view> candidates = {"rows", "rods"};
  EXPECT_EQ(ClosestMatch("rots", candidates), "rows");
}

TEST(ClosestMatchTest, NothingCloseEnough) {
  const std::vector<std::string_view> candidates = {"tables", "columns"};
  EXPECT_EQ(ClosestMatch("principal", candidates), "");
  EXPECT_EQ(ClosestMatch("anything", {}), "");
}

TEST(ClosestMatchTest, ThresholdIsAThirdOfTheName) {
  // A 9-byte name may be 3 edits away, not 4.
  const std::vector<std::string_view> three = {"abcdefxyz"};
  EXPECT_EQ(ClosestMatch("abcdefghi", three), "abcdefxyz");
  const std::vector<std::string_view> four = {"abcdewxyz"};
  EXPECT_EQ(ClosestMatch("abcdefghi", four), "");
  // Short names still get one edit.
  const std::vector<std::string_view> rows = {"rows"};
  EXPECT_EQ(ClosestMatch("row", rows), "rows");
  const std::vector<std::string_view> far = {"rowsxx"};
  EXPECT_EQ(ClosestMatch("row", far), "");
}

}  // namespace
}  // namespace leakhound
