#include "match/pattern_size.h"

#include <gtest/gtest.h>

#include <string>

namespace leakhound {
namespace {

TEST(PatternSizeTest, EachLiteralEscapeClassAndDotCountsOne) {
  EXPECT_EQ(ExpandedPatternSize(""), 0u);
  EXPECT_EQ(ExpandedPatternSize("select"), 6u);
  EXPECT_EQ(ExpandedPatternSize(R"(\bselect\s+\*)"), 9u);
  EXPECT_EQ(ExpandedPatternSize("[a-z0-9_]."), 2u);
  EXPECT_EQ(ExpandedPatternSize(R"([]\]x[:alpha:]])"), 1u);  // one class
  EXPECT_EQ(ExpandedPatternSize(R"([^]a])"), 1u);
  EXPECT_EQ(ExpandedPatternSize(R"(\x{263a}\p{L}\cA)"), 3u);
}

TEST(PatternSizeTest, StarAndQuestionMarkDoubleWhatTheyFollowPlusAddsNothing) {
  EXPECT_EQ(ExpandedPatternSize("a*b+c?"), 5u);
  EXPECT_EQ(ExpandedPatternSize("a*?b+?c??d*+e++f?+"), 10u);  // lazy and possessive marks
  EXPECT_EQ(ExpandedPatternSize("(ab|cd)?x"), 9u);
  EXPECT_EQ(ExpandedPatternSize("a{2}?"), 2u);  // lazy, not optional
}

TEST(PatternSizeTest, GroupsSumTheirAlternatives) {
  EXPECT_EQ(ExpandedPatternSize("(ab|cd)"), 4u);
  EXPECT_EQ(ExpandedPatternSize("(?:ab|(?i)cd)e"), 5u);
  EXPECT_EQ(ExpandedPatternSize("(?#a comment)x"), 1u);
  EXPECT_EQ(ExpandedPatternSize("(?<year>\\d{4})(?P<m>ab)(?'d'c)"), 7u);
  EXPECT_EQ(ExpandedPatternSize("(?=ab)(?<!c)(?<=d)(?>e)(?i-s:f)(?s)g"), 7u);
}

TEST(PatternSizeTest, BoundedRepeatsMultiplyWhatTheyFollow) {
  EXPECT_EQ(ExpandedPatternSize(R"(\d{3})"), 3u);
  EXPECT_EQ(ExpandedPatternSize(R"(\d{1,10})"), 10u);
  EXPECT_EQ(ExpandedPatternSize(R"(\d{4,})"), 4u);
  EXPECT_EQ(ExpandedPatternSize("x(ab|cd){1000}"), 4001u);
  EXPECT_EQ(ExpandedPatternSize("((ab|cd){30}c){30}"), (4u * 30 + 1) * 30);
  EXPECT_EQ(ExpandedPatternSize("ab{0}c"), 2u);
  EXPECT_EQ(ExpandedPatternSize("a{2}{3}"), 6u);
  EXPECT_EQ(ExpandedPatternSize("a{2}?b{2}+"), 4u);
}

TEST(PatternSizeTest, BracesThatAreNotQuantifiersAreLiterals) {
  EXPECT_EQ(ExpandedPatternSize("a{"), 2u);
  EXPECT_EQ(ExpandedPatternSize("a{x}"), 4u);
  EXPECT_EQ(ExpandedPatternSize("a{,5}"), 5u);
  EXPECT_EQ(ExpandedPatternSize("{5}"), 0u);  // repeats nothing
}

TEST(PatternSizeTest, QuotedTextCountsEachByte) {
  EXPECT_EQ(ExpandedPatternSize(R"(\Qa.b\E)"), 3u);
  EXPECT_EQ(ExpandedPatternSize(R"(\Qab)"), 2u);  // unterminated runs to the end
  EXPECT_EQ(ExpandedPatternSize(R"(\Q\E)"), 1u);  // an upper bound, not exact
}

TEST(PatternSizeTest, SaturatesInsteadOfOverflowing) {
  EXPECT_EQ(ExpandedPatternSize("((((a{99999}){99999}){99999}){99999})"), kSaturatedPatternSize);
  EXPECT_EQ(ExpandedPatternSize("a{99999999999999999999999}"), kSaturatedPatternSize);
}

TEST(PatternSizeTest, MalformedExpressionsEndCleanly) {
  for (const std::string expression :
       {"(", ")", "((", "))a", "[", "[^", "[]", "[\\", "\\", "\\Q", "\\x{", "(?#", "a{1,",
        "[[:alpha", "(a|", "(?", "(?<", "(?P<x", "(?i"}) {
    EXPECT_LE(ExpandedPatternSize(expression), expression.size()) << expression;
  }
}

}  // namespace
}  // namespace leakhound
