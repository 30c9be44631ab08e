#include "core/sql_lexer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace leakhound {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

using K = SqlTokenKind;

struct Tok {
  SqlTokenKind kind;
  std::string text;
  friend bool operator==(const Tok&, const Tok&) = default;
};

const char* KindName(SqlTokenKind kind) {
  switch (kind) {
    case K::kWord:
      return "Word";
    case K::kQuotedIdentifier:
      return "QuotedIdentifier";
    case K::kString:
      return "String";
    case K::kNumber:
      return "Number";
    case K::kParameter:
      return "Parameter";
    case K::kPunctuation:
      return "Punctuation";
    case K::kEnd:
      return "End";
  }
  return "?";
}

void PrintTo(const Tok& token, std::ostream* os) {
  *os << KindName(token.kind) << "(" << token.text << ")";
}

std::vector<Tok> Lex(std::string_view sql, SqlDialect dialect = SqlDialect::kPostgres) {
  std::vector<Tok> tokens;
  SqlLexer lexer(sql, dialect);
  for (SqlToken token = lexer.Next(); token.kind != K::kEnd; token = lexer.Next()) {
    tokens.push_back({token.kind, std::string(token.text)});
    if (tokens.size() > sql.size()) break;  // every token consumes at least one byte
  }
  return tokens;
}

// The space_before flag of each token.
std::vector<bool> Spaces(std::string_view sql) {
  std::vector<bool> spaces;
  SqlLexer lexer(sql);
  for (SqlToken token = lexer.Next(); token.kind != K::kEnd; token = lexer.Next()) {
    spaces.push_back(token.space_before);
  }
  return spaces;
}

Tok W(std::string text) { return {K::kWord, std::move(text)}; }
Tok Q(std::string text) { return {K::kQuotedIdentifier, std::move(text)}; }
Tok S(std::string text) { return {K::kString, std::move(text)}; }
Tok N(std::string text) { return {K::kNumber, std::move(text)}; }
Tok P(std::string text) { return {K::kParameter, std::move(text)}; }
Tok O(std::string text) { return {K::kPunctuation, std::move(text)}; }

TEST(SqlLexerTest, SimpleSelect) {
  EXPECT_THAT(Lex("SELECT a, b FROM t WHERE id = 42;"),
              ElementsAre(W("SELECT"), W("a"), O(","), W("b"), W("FROM"), W("t"), W("WHERE"),
                          W("id"), O("="), N("42"), O(";")));
}

TEST(SqlLexerTest, EmptyAndBlankInput) {
  EXPECT_THAT(Lex(""), IsEmpty());
  EXPECT_THAT(Lex("  \t\r\n\f\v "), IsEmpty());
  EXPECT_THAT(Lex("-- only a comment"), IsEmpty());
  EXPECT_THAT(Lex("/* only a comment */"), IsEmpty());
}

TEST(SqlLexerTest, EndIsRepeatedForever) {
  SqlLexer lexer("x");
  EXPECT_EQ(lexer.Next().text, "x");
  for (int i = 0; i < 3; ++i) {
    const SqlToken token = lexer.Next();
    EXPECT_EQ(token.kind, K::kEnd);
    EXPECT_EQ(token.text, "");
  }
}

TEST(SqlLexerTest, WordsIncludeDigitsDollarsAndHighBytes) {
  EXPECT_THAT(Lex("_x1 a$b caf\xc3\xa9 t2"),
              ElementsAre(W("_x1"), W("a$b"), W("caf\xc3\xa9"), W("t2")));
}

TEST(SqlLexerTest, AtVariablesAreParameters) {
  EXPECT_THAT(Lex("id = @id and @Name"),
              ElementsAre(W("id"), O("="), P("@id"), W("and"), P("@Name")));
}

TEST(SqlLexerTest, SystemVariablesReadAsWords) {
  EXPECT_THAT(Lex("@@version @@session.sql_mode"),
              ElementsAre(W("@@version"), W("@@session"), O("."), W("sql_mode")));
  EXPECT_THAT(Lex("@ x"), ElementsAre(O("@"), W("x")));
}

TEST(SqlLexerTest, StringsWithDoubledQuotes) {
  EXPECT_THAT(Lex("'it''s' 'x'"), ElementsAre(S("'it''s'"), S("'x'")));
  EXPECT_THAT(Lex("''"), ElementsAre(S("''")));
  EXPECT_THAT(Lex("''''"), ElementsAre(S("''''")));
}

TEST(SqlLexerTest, BackslashesEscapeInMysqlStringsOnly) {
  EXPECT_THAT(Lex(R"('a\'b' c)", SqlDialect::kMySql), ElementsAre(S(R"('a\'b')"), W("c")));
  EXPECT_THAT(Lex(R"('a\\' c)", SqlDialect::kMySql), ElementsAre(S(R"('a\\')"), W("c")));
  // PostgreSQL's standard strings: the backslash is a plain byte; E'' strings escape.
  EXPECT_THAT(Lex(R"('a\' c)"), ElementsAre(S(R"('a\')"), W("c")));
  EXPECT_THAT(Lex(R"(E'a\'b' c)"), ElementsAre(S(R"(E'a\'b')"), W("c")));
}

TEST(SqlLexerTest, MysqlCommentRules) {
  // '#' is a comment in MySQL, an operator in PostgreSQL.
  EXPECT_THAT(Lex("a # b\nc", SqlDialect::kMySql), ElementsAre(W("a"), W("c")));
  EXPECT_THAT(Lex("a # b"), ElementsAre(W("a"), O("#"), W("b")));
  // MySQL needs whitespace after "--": 1--1 is 1 - -1.
  EXPECT_THAT(Lex("1--1", SqlDialect::kMySql), ElementsAre(N("1"), O("-"), O("-"), N("1")));
  EXPECT_THAT(Lex("1--1"), ElementsAre(N("1")));
  EXPECT_THAT(Lex("1 -- c\n2", SqlDialect::kMySql), ElementsAre(N("1"), N("2")));
}

TEST(SqlLexerTest, PrefixedStrings) {
  EXPECT_THAT(
      Lex(R"(E'a\'b' N'name' X'1f' B'0101' U&'d\0061t')"),
      ElementsAre(S(R"(E'a\'b')"), S("N'name'"), S("X'1f'"), S("B'0101'"), S(R"(U&'d\0061t')")));
  EXPECT_THAT(Lex("e'x' n'y' x'00'"), ElementsAre(S("e'x'"), S("n'y'"), S("x'00'")));
}

TEST(SqlLexerTest, PrefixLettersInsideWordsAreNotPrefixes) {
  EXPECT_THAT(Lex("name'x'"), ElementsAre(W("name"), S("'x'")));
  EXPECT_THAT(Lex("E 'x'"), ElementsAre(W("E"), S("'x'")));
}

TEST(SqlLexerTest, DollarQuotedStrings) {
  EXPECT_THAT(Lex("$$it's$$ x"), ElementsAre(S("$$it's$$"), W("x")));
  EXPECT_THAT(Lex("$tag$ a $$ b $tag$;"), ElementsAre(S("$tag$ a $$ b $tag$"), O(";")));
  EXPECT_THAT(Lex("$a$x$b$y$a$"), ElementsAre(S("$a$x$b$y$a$")));
  EXPECT_THAT(Lex("$$$$"), ElementsAre(S("$$$$")));
}

TEST(SqlLexerTest, UnterminatedDollarQuoteRunsToTheEnd) {
  EXPECT_THAT(Lex("select $q$ abc; drop"), ElementsAre(W("select"), S("$q$ abc; drop")));
}

TEST(SqlLexerTest, Numbers) {
  EXPECT_THAT(Lex("42 3.14 1e9 1E+9 2.5e-3 0x1f 0XFF .5 7."),
              ElementsAre(N("42"), N("3.14"), N("1e9"), N("1E+9"), N("2.5e-3"), N("0x1f"),
                          N("0XFF"), N(".5"), N("7.")));
}

TEST(SqlLexerTest, NumberFollowedByWord) {
  EXPECT_THAT(Lex("1e"), ElementsAre(N("1"), W("e")));
  EXPECT_THAT(Lex("10rows"), ElementsAre(N("10"), W("rows")));
  EXPECT_THAT(Lex("t.5"), ElementsAre(W("t"), N(".5")));
}

TEST(SqlLexerTest, Parameters) {
  EXPECT_THAT(Lex("$1 $23 ? :name :x_1"),
              ElementsAre(P("$1"), P("$23"), P("?"), P(":name"), P(":x_1")));
  EXPECT_THAT(Lex("id=$1"), ElementsAre(W("id"), O("="), P("$1")));
  EXPECT_THAT(Lex("id=?"), ElementsAre(W("id"), O("="), P("?")));
}

TEST(SqlLexerTest, LoneDollarIsPunctuation) {
  EXPECT_THAT(Lex("$ x"), ElementsAre(O("$"), W("x")));
  EXPECT_THAT(Lex("$a"), ElementsAre(O("$"), W("a")));
}

TEST(SqlLexerTest, MultiByteOperators) {
  EXPECT_THAT(Lex("a::text"), ElementsAre(W("a"), O("::"), W("text")));
  EXPECT_THAT(Lex("a<=b"), ElementsAre(W("a"), O("<="), W("b")));
  EXPECT_THAT(Lex("d->>'k'"), ElementsAre(W("d"), O("->>"), S("'k'")));
  EXPECT_THAT(Lex("d->'k'"), ElementsAre(W("d"), O("->"), S("'k'")));
  EXPECT_THAT(Lex("a||b"), ElementsAre(W("a"), O("||"), W("b")));
  EXPECT_THAT(Lex("a<>b a!=b a>=b"), ElementsAre(W("a"), O("<>"), W("b"), W("a"), O("!="), W("b"),
                                                 W("a"), O(">="), W("b")));
  EXPECT_THAT(Lex("j#>>'{a}'"), ElementsAre(W("j"), O("#>>"), S("'{a}'")));
  EXPECT_THAT(Lex("@x := 1"), ElementsAre(P("@x"), O(":="), N("1")));
}

TEST(SqlLexerTest, SingleBytePunctuation) {
  EXPECT_THAT(Lex("(*),.;=<>+-/%"), ElementsAre(O("("), O("*"), O(")"), O(","), O("."), O(";"),
                                                O("="), O("<>"), O("+"), O("-"), O("/"), O("%")));
}

TEST(SqlLexerTest, HashIsAnOperatorNotAComment) {
  EXPECT_THAT(Lex("select 1 # from passengers"),
              ElementsAre(W("select"), N("1"), O("#"), W("from"), W("passengers")));
}

TEST(SqlLexerTest, QuotedIdentifiers) {
  EXPECT_THAT(
      Lex(R"("Passengers" `x` [y] "a""b" [my table])"),
      ElementsAre(Q(R"("Passengers")"), Q("`x`"), Q("[y]"), Q(R"("a""b")"), Q("[my table]")));
  EXPECT_THAT(Lex(R"("a\" x)"), ElementsAre(Q(R"("a\")"), W("x")));  // no backslash escapes
}

TEST(SqlLexerTest, SubscriptIsNotAnIdentifier) {
  EXPECT_THAT(Lex("arr[1]"), ElementsAre(W("arr"), O("["), N("1"), O("]")));
  EXPECT_THAT(Lex("arr[i+1]"), ElementsAre(W("arr"), O("["), W("i"), O("+"), N("1"), O("]")));
}

TEST(SqlLexerTest, CommentsAreSkipped) {
  EXPECT_THAT(Lex("select -- hi\n a /* b */ from/**/t"),
              ElementsAre(W("select"), W("a"), W("from"), W("t")));
  EXPECT_THAT(Lex("a - -1"), ElementsAre(W("a"), O("-"), O("-"), N("1")));
}

TEST(SqlLexerTest, BlockCommentsNestInPostgresOnly) {
  EXPECT_THAT(Lex("/* a /* b */ c */", SqlDialect::kMySql), ElementsAre(W("c"), O("*"), O("/")));
  EXPECT_THAT(Lex("/* a /* b */ c */ d"), ElementsAre(W("d")));
}

TEST(SqlLexerTest, MysqlExecutableCommentsAreLexedAsSql) {
  EXPECT_THAT(Lex("SELECT /*!40001 SQL_NO_CACHE */ * FROM t"),
              ElementsAre(W("SELECT"), W("SQL_NO_CACHE"), O("*"), W("FROM"), W("t")));
  EXPECT_THAT(Lex("/*! STRAIGHT_JOIN */"), ElementsAre(W("STRAIGHT_JOIN")));
  EXPECT_THAT(Lex("a /*!50001x*/ b"), ElementsAre(W("a"), W("x"), W("b")));
}

TEST(SqlLexerTest, CommentMarkersInsideStringsAreText) {
  EXPECT_THAT(Lex("'--' '/*' x"), ElementsAre(S("'--'"), S("'/*'"), W("x")));
}

TEST(SqlLexerTest, UnterminatedInputEndsAtTheEnd) {
  EXPECT_THAT(Lex("select 'abc"), ElementsAre(W("select"), S("'abc")));
  EXPECT_THAT(Lex("select 'abc\\"), ElementsAre(W("select"), S("'abc\\")));
  EXPECT_THAT(Lex("select \"abc"), ElementsAre(W("select"), Q("\"abc")));
  EXPECT_THAT(Lex("select `abc"), ElementsAre(W("select"), Q("`abc")));
  EXPECT_THAT(Lex("select /* abc"), ElementsAre(W("select")));
  EXPECT_THAT(Lex("select -- abc"), ElementsAre(W("select")));
  EXPECT_THAT(Lex("select E'"), ElementsAre(W("select"), S("E'")));
  EXPECT_THAT(Lex("'"), ElementsAre(S("'")));
  EXPECT_THAT(Lex("["), ElementsAre(O("[")));
  EXPECT_THAT(Lex("[abc"), ElementsAre(O("["), W("abc")));
}

TEST(SqlLexerTest, SpaceBeforeFlags) {
  EXPECT_THAT(Spaces("a b,c ( d)"), ElementsAre(false, true, false, false, true, true, false));
  EXPECT_THAT(Spaces("  a"), ElementsAre(true));
  EXPECT_THAT(Spaces("a/**/b"), ElementsAre(false, true));
  EXPECT_THAT(Spaces("a--x\nb"), ElementsAre(false, true));
  EXPECT_THAT(Spaces("a.b"), ElementsAre(false, false, false));
  EXPECT_THAT(Spaces("a\n\tb"), ElementsAre(false, true));
}

TEST(SqlLexerTest, TokensAreViewsIntoTheInput) {
  const std::string sql = "select x";
  SqlLexer lexer(sql);
  const SqlToken first = lexer.Next();
  const SqlToken second = lexer.Next();
  EXPECT_EQ(first.text.data(), sql.data());
  EXPECT_EQ(second.text.data(), sql.data() + 7);
}

TEST(SqlLexerTest, EveryByteValueIsConsumed) {
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  size_t covered = 0;
  SqlLexer lexer(all);
  int tokens = 0;
  for (SqlToken token = lexer.Next(); token.kind != K::kEnd; token = lexer.Next()) {
    ASSERT_FALSE(token.text.empty());
    covered += token.text.size();
    ASSERT_LT(++tokens, 1000);
  }
  EXPECT_LE(covered, all.size());
  EXPECT_GT(covered, 0u);
}

TEST(SqlLexerTest, WordClasses) {
  EXPECT_TRUE(IsSqlWordStart('a'));
  EXPECT_TRUE(IsSqlWordStart('Z'));
  EXPECT_TRUE(IsSqlWordStart('_'));
  EXPECT_TRUE(IsSqlWordStart(0xc3));
  EXPECT_FALSE(IsSqlWordStart('1'));
  EXPECT_FALSE(IsSqlWordStart('$'));
  EXPECT_FALSE(IsSqlWordStart('@'));
  EXPECT_FALSE(IsSqlWordStart(' '));
  EXPECT_TRUE(IsSqlWordPart('1'));
  EXPECT_TRUE(IsSqlWordPart('$'));
  EXPECT_TRUE(IsSqlWordPart('_'));
  EXPECT_FALSE(IsSqlWordPart('.'));
  EXPECT_FALSE(IsSqlWordPart('-'));
}

}  // namespace
}  // namespace leakhound
