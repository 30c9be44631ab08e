#include "core/glob.h"

#include <gtest/gtest.h>

#include <string>

namespace leakhound {
namespace {

TEST(HasWildcardTest, StarOrQuestionMark) {
  EXPECT_TRUE(HasWildcard("svc_*"));
  EXPECT_TRUE(HasWildcard("a?c"));
  EXPECT_TRUE(HasWildcard("*"));
  EXPECT_FALSE(HasWildcard("passengers"));
  EXPECT_FALSE(HasWildcard(""));
  EXPECT_FALSE(HasWildcard("[abc]"));
}

TEST(GlobMatchTest, LiteralPatternsMatchWholeSubject) {
  EXPECT_TRUE(GlobMatch("passengers", "passengers"));
  EXPECT_FALSE(GlobMatch("passengers", "passenger"));
  EXPECT_FALSE(GlobMatch("passenger", "passengers"));
  EXPECT_FALSE(GlobMatch("passengers", "xpassengers"));
  EXPECT_TRUE(GlobMatch("", ""));
  EXPECT_FALSE(GlobMatch("", "a"));
  EXPECT_FALSE(GlobMatch("a", ""));
}

TEST(GlobMatchTest, StarMatchesAnyRunIncludingEmpty) {
  EXPECT_TRUE(GlobMatch("svc_*", "svc_"));
  EXPECT_TRUE(GlobMatch("svc_*", "svc_backup"));
  EXPECT_FALSE(GlobMatch("svc_*", "svc"));
  EXPECT_TRUE(GlobMatch("*_email", "work_email"));
  EXPECT_TRUE(GlobMatch("*_email", "_email"));
  EXPECT_FALSE(GlobMatch("*_email", "email"));
  EXPECT_FALSE(GlobMatch("*_email", "work_email2"));
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_TRUE(GlobMatch("*", "anything at all"));
  EXPECT_TRUE(GlobMatch("**", "x"));
  EXPECT_TRUE(GlobMatch("a*b*c", "abc"));
  EXPECT_TRUE(GlobMatch("a*b*c", "a-b-b-c"));
  EXPECT_FALSE(GlobMatch("a*b*c", "a-c-b"));
  EXPECT_TRUE(GlobMatch("*.customers", "crm.customers"));
}

TEST(GlobMatchTest, StarNeedsBacktracking) {
  EXPECT_TRUE(GlobMatch("*ab", "aab"));
  EXPECT_TRUE(GlobMatch("*abc", "ababc"));
  EXPECT_TRUE(GlobMatch("a*aab", "aaaab"));
  EXPECT_FALSE(GlobMatch("*abc", "ababd"));
}

TEST(GlobMatchTest, QuestionMarkMatchesExactlyOneByte) {
  EXPECT_TRUE(GlobMatch("a?c", "abc"));
  EXPECT_TRUE(GlobMatch("a?c", "a?c"));
  EXPECT_FALSE(GlobMatch("a?c", "ac"));
  EXPECT_FALSE(GlobMatch("a?c", "abbc"));
  EXPECT_TRUE(GlobMatch("???", "xyz"));
  EXPECT_FALSE(GlobMatch("???", "xy"));
  EXPECT_TRUE(GlobMatch("?*", "x"));
  EXPECT_FALSE(GlobMatch("?*", ""));
}

TEST(GlobMatchTest, IgnoresAsciiCase) {
  EXPECT_TRUE(GlobMatch("svc_*", "SVC_backup"));
  EXPECT_TRUE(GlobMatch("SVC_*", "svc_backup"));
  EXPECT_TRUE(GlobMatch("PassEngers", "pASSENGERS"));
  EXPECT_TRUE(GlobMatch("*_EMAIL", "work_email"));
}

TEST(GlobMatchTest, NonAsciiBytesCompareExactly) {
  EXPECT_TRUE(GlobMatch("k\xc3\xa4*", "k\xc3\xa4ufer"));
  EXPECT_FALSE(GlobMatch("k\xc3\xa4*", "k\xc3\x84ufer"));  // no Unicode case folding
  EXPECT_TRUE(GlobMatch("k??ufer", "k\xc3\xa4ufer"));      // '?' is one byte
}

TEST(GlobMatchTest, WildcardsInThePatternMatchTheSameBytesInTheSubject) {
  EXPECT_TRUE(GlobMatch("a*", "a*"));
  EXPECT_TRUE(GlobMatch("*", "*"));
}

// A '*' in the pattern stays a wildcard even where the subject happens to hold a '*'.
TEST(GlobMatchTest, StarInPatternIsAWildcardWhenTheSubjectHasAStar) {
  EXPECT_TRUE(GlobMatch("*", "*x"));
  EXPECT_TRUE(GlobMatch("a*c", "a*bc"));
  EXPECT_TRUE(GlobMatch("*b", "**b"));
  EXPECT_TRUE(GlobMatch("svc_*", "svc_*backup"));
}

TEST(GlobMatchTest, ManyStarsAgainstALongRunStaysFast) {
  std::string pattern;
  for (int i = 0; i < 40; ++i) pattern += "a*";
  pattern += "b";
  const std::string subject(200'000, 'a');
  EXPECT_FALSE(GlobMatch(pattern, subject));
  EXPECT_TRUE(GlobMatch(pattern, subject + "b"));
}

TEST(GlobMatchTest, LongLiteralTailAfterStarStaysFast) {
  const std::string pattern = "*" + std::string(64, 'a') + "b";
  const std::string subject(100'000, 'a');
  EXPECT_FALSE(GlobMatch(pattern, subject));
  EXPECT_TRUE(GlobMatch(pattern, subject + "b"));
}

}  // namespace
}  // namespace leakhound
