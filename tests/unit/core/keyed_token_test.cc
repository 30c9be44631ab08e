#include "core/keyed_token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/sha256.h"

namespace leakhound {
namespace {

using ::testing::ElementsAre;

TEST(KeyedTokensTest, TokenIsTruncatedHmacOfTheValue) {
  Result<KeyedTokens> tokens = KeyedTokens::Create({"literals", "principal"}, "k-0123456789abcdef");
  ASSERT_TRUE(tokens.ok()) << tokens.status().ToString();
  EXPECT_EQ(tokens->Token("alice@example.com"),
            "tok:" + ToHex(HmacSha256("k-0123456789abcdef", "alice@example.com"), 16));
  EXPECT_EQ(tokens->Token("alice@example.com").size(), 4u + 32u);
  EXPECT_NE(tokens->Token("alice@example.com"), tokens->Token("alice@example.co"));
  EXPECT_TRUE(tokens->literals());
  EXPECT_TRUE(tokens->Tokenizes("principal"));
  EXPECT_FALSE(tokens->Tokenizes("client"));
}

TEST(KeyedTokensTest, ShortKeysAndUnknownNamesAreRefusedWithoutShowingTheKey) {
  Result<KeyedTokens> short_key = KeyedTokens::Create({"literals"}, "hunter2");
  ASSERT_FALSE(short_key.ok());
  EXPECT_THAT(short_key.status().message(),
              ::testing::HasSubstr("is 7 bytes; it needs at least 16"));
  EXPECT_EQ(short_key.status().message().find("hunter2"), std::string::npos);
  Result<KeyedTokens> unknown = KeyedTokens::Create({"emails"}, "k-0123456789abcdef");
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().message(), ::testing::HasSubstr("cannot tokenize 'emails'"));
}

TEST(StatementLiteralsTest, StringsUnquotedAndUnescapedNumbersAsWritten) {
  EXPECT_THAT(StatementLiterals("select * from t where a = 'O''Brien' and b = 42 and c = 4.5e3"),
              ElementsAre("O'Brien", "42", "4.5e3"));
  EXPECT_THAT(StatementLiterals("select E'a\\'b', $$x y$$, $q$z$q$, N'n', X'ff'"),
              ElementsAre("a'b", "x y", "z", "n", "ff"));
}

TEST(StatementLiteralsTest, DoubleQuotedValuesCountButNotNames) {
  // MySQL's "..." string next to a comparison; "Passengers" after FROM is a table.
  EXPECT_THAT(StatementLiterals(R"(select "id" from "Passengers" p where p."email" = "a@b.c")"),
              ElementsAre("id", "a@b.c"));
}

TEST(StatementLiteralsTest, MySqlBackslashReadingAddsWhatPostgresHidesAndDuplicatesGoOnce) {
  // PostgreSQL reads 'a\' as a whole string, then -- starts a comment; MySQL reads on.
  EXPECT_THAT(StatementLiterals(R"(select 'a\' -- ', 'secret@x.org' from t where x = 'a\')"),
              ::testing::Contains("secret@x.org"));
  EXPECT_THAT(StatementLiterals("select 1, 1, '1'"), ElementsAre("1"));
  EXPECT_EQ(StatementLiterals("select 1, 2, 3, 4", 2).size(), 2u);
}

TEST(StatementLiteralsTest, CommentsAreNotLiterals) {
  EXPECT_THAT(StatementLiterals("select /* 'c@d.e' */ a from t -- 'x'\n where b = 'y'"),
              ElementsAre("y"));
}

}  // namespace
}  // namespace leakhound
