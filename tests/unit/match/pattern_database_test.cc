#include "match/pattern_database.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "match/pattern_scanner.h"

namespace leakhound {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

struct Compiled {
  std::shared_ptr<const PatternDatabase> database;
  std::vector<PatternError> errors;
};

Compiled Compile(const std::vector<PatternInput>& inputs) {
  Compiled compiled;
  Result<std::shared_ptr<const PatternDatabase>> database =
      PatternDatabase::Compile(inputs, compiled.errors);
  EXPECT_TRUE(database.ok()) << database.status().ToString();
  if (database.ok()) compiled.database = *database;
  return compiled;
}

std::vector<uint32_t> Matches(const std::shared_ptr<const PatternDatabase>& database,
                              std::string_view text) {
  Result<std::unique_ptr<PatternScanner>> scanner = PatternScanner::Create(database);
  EXPECT_TRUE(scanner.ok()) << scanner.status().ToString();
  if (!scanner.ok()) return {};
  MatchSet matches(database->pattern_count());
  const Status status = (*scanner)->Scan(text, matches);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return {matches.ids().begin(), matches.ids().end()};
}

TEST(PatternDatabaseTest, ZeroPatterns) {
  const Compiled compiled = Compile({});
  ASSERT_NE(compiled.database, nullptr);
  EXPECT_THAT(compiled.errors, IsEmpty());
  EXPECT_EQ(compiled.database->pattern_count(), 0u);
  EXPECT_EQ(compiled.database->first(), nullptr);
  EXPECT_EQ(compiled.database->size_bytes(), 0u);
  EXPECT_THAT(Matches(compiled.database, "select * from passengers"), IsEmpty());
}

TEST(PatternDatabaseTest, GatedPatternsGoToTheSecondStage) {
  const Compiled compiled = Compile({{"alpha"}, {"beta", false, true}, {"(", false, true}});
  ASSERT_NE(compiled.database, nullptr);
  ASSERT_EQ(compiled.errors.size(), 1u);  // a bad gated pattern is reported like any other
  EXPECT_EQ(compiled.errors[0].index, 2u);
  EXPECT_NE(compiled.database->first(), nullptr);
  EXPECT_NE(compiled.database->gated(), nullptr);
  const Compiled ungated = Compile({{"alpha"}});
  EXPECT_EQ(ungated.database->gated(), nullptr);
}

TEST(PatternDatabaseTest, CompilesValidPatterns) {
  const Compiled compiled = Compile({{R"(\bselect\b)"}, {"passengers"}});
  ASSERT_NE(compiled.database, nullptr);
  EXPECT_THAT(compiled.errors, IsEmpty());
  EXPECT_EQ(compiled.database->pattern_count(), 2u);
  EXPECT_NE(compiled.database->first(), nullptr);
  EXPECT_GT(compiled.database->size_bytes(), 0u);
}

TEST(PatternDatabaseTest, CaselessByDefault) {
  const Compiled compiled = Compile({{R"(\bselect\b)"}});
  EXPECT_THAT(Matches(compiled.database, "SeLeCt * FROM t"), ElementsAre(0u));
  EXPECT_THAT(Matches(compiled.database, "selection"), IsEmpty());
}

TEST(PatternDatabaseTest, CaseSensitiveFlag) {
  const Compiled compiled = Compile({{"COPY", true}, {"copy", false}});
  EXPECT_THAT(Matches(compiled.database, "COPY t TO STDOUT"), UnorderedElementsAre(0u, 1u));
  EXPECT_THAT(Matches(compiled.database, "copy t to stdout"), ElementsAre(1u));
  EXPECT_THAT(Matches(compiled.database, "Copy t"), ElementsAre(1u));
}

TEST(PatternDatabaseTest, SeveralPatternsMatchOneText) {
  const Compiled compiled = Compile({{R"(\bselect\b)"},
                                     {R"(\bfrom\s+passengers\b)"},
                                     {R"(\bunion\b)"},
                                     {R"(\bjson_agg\s*\()"},
                                     {R"(\bwhere\b)"}});
  ASSERT_THAT(compiled.errors, IsEmpty());
  EXPECT_THAT(Matches(compiled.database, "select json_agg(p) from passengers p"),
              UnorderedElementsAre(0u, 1u, 3u));
  EXPECT_THAT(Matches(compiled.database, "insert into t values (1)"), IsEmpty());
}

TEST(PatternDatabaseTest, DotMatchesNewline) {
  const Compiled compiled = Compile({{"select.+from"}});
  EXPECT_THAT(Matches(compiled.database, "select a,\nb from t"), ElementsAre(0u));
}

TEST(PatternDatabaseTest, EachPatternReportedOnceEvenWithManyOccurrences) {
  const Compiled compiled = Compile({{"a"}, {"b"}});
  EXPECT_THAT(Matches(compiled.database, "abababababab"), UnorderedElementsAre(0u, 1u));
}

TEST(PatternDatabaseTest, EveryBadPatternIsReportedWithItsIndex) {
  const Compiled compiled = Compile({
      {R"(\bselect\b)"},  // 0 good
      {"(unclosed"},      // 1 bad: syntax
      {"passengers"},     // 2 good
      {R"((a)\1)"},       // 3 bad: backreference
      {R"(\bunion\b)"},   // 4 good
      {"(?<=x)y"},        // 5 bad: lookbehind
  });
  ASSERT_NE(compiled.database, nullptr);
  ASSERT_EQ(compiled.errors.size(), 3u);
  EXPECT_EQ(compiled.errors[0].index, 1u);
  EXPECT_EQ(compiled.errors[1].index, 3u);
  EXPECT_EQ(compiled.errors[2].index, 5u);
  for (const PatternError& error : compiled.errors) EXPECT_FALSE(error.message.empty());
  EXPECT_THAT(compiled.errors[0].message, HasSubstr("Missing close parenthesis"));
  EXPECT_THAT(compiled.errors[1].message, HasSubstr("Back-references are unsupported"));
  EXPECT_THAT(compiled.errors[2].message, HasSubstr("Zero-width assertions are not supported"));
  EXPECT_EQ(compiled.database->pattern_count(), 6u);
  // The three good ones still match; the bad ids never do.
  EXPECT_THAT(Matches(compiled.database, "select x from passengers union select y"),
              UnorderedElementsAre(0u, 2u, 4u));
  EXPECT_THAT(Matches(compiled.database, "xy aa (unclosed"), IsEmpty());
}

TEST(PatternDatabaseTest, LookaheadAndEmptyMatchesAreRefused) {
  const Compiled compiled = Compile({{"a(?=b)"}, {"x*"}, {"ok"}});
  ASSERT_EQ(compiled.errors.size(), 2u);
  EXPECT_EQ(compiled.errors[0].index, 0u);
  EXPECT_EQ(compiled.errors[1].index, 1u);
  EXPECT_THAT(compiled.errors[0].message, HasSubstr("Zero-width assertions are not supported"));
  // Only the multi-compile finds this one: the culprit is dropped and the rest retried.
  EXPECT_THAT(compiled.errors[1].message, HasSubstr("empty buffer"));
  EXPECT_THAT(Matches(compiled.database, "ok ab xx"), ElementsAre(2u));
}

TEST(PatternDatabaseTest, PatternsThatExpandTooFarAreRefusedBeforeHyperscan) {
  const Compiled compiled = Compile({{"ok"}, {"(ab|cd){2000}"}, {R"(\d{1,1000})"}});
  ASSERT_EQ(compiled.errors.size(), 1u);
  EXPECT_EQ(compiled.errors[0].index, 1u);
  EXPECT_EQ(compiled.errors[0].message,
            "it expands to 8000 positions once its repeats are written out, more than the 1000 "
            "Hyperscan is given (compile time grows with them); use a smaller bound, an "
            "unbounded repeat such as \\d+, or split the pattern");
  EXPECT_THAT(Matches(compiled.database, "ok 123"), UnorderedElementsAre(0u, 2u));
}

TEST(PatternDatabaseTest, PatternsPastThePackWideBudgetAreRefusedInOrder) {
  std::vector<PatternError> errors;
  const std::vector<PatternInput> inputs = {{"a{40}"}, {"b{30}"}, {"c{20}"}, {"d{10}"}};
  Result<std::shared_ptr<const PatternDatabase>> database = PatternDatabase::Compile(
      inputs, errors, PatternBudget{.per_pattern = 35, .per_database = 49});
  ASSERT_TRUE(database.ok());
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].index, 0u);
  EXPECT_EQ(errors[0].message,
            "it expands to 40 positions once its repeats are written out, more than the 35 "
            "Hyperscan is given (compile time grows with them); use a smaller bound, an "
            "unbounded repeat such as \\d+, or split the pattern");
  EXPECT_EQ(errors[1].index, 2u);
  EXPECT_EQ(errors[1].message,
            "the patterns before it already expand to 30 positions, and its 20 would pass the "
            "49 a pack's patterns are given together; remove unused patterns or merge "
            "alternatives");
  EXPECT_THAT(Matches(*database, std::string(40, 'a') + std::string(30, 'b') +
                                     std::string(20, 'c') + std::string(10, 'd')),
              UnorderedElementsAre(1u, 3u));
}

TEST(PatternDatabaseTest, EveryPatternThatFailsOnlyInTheMultiCompileIsReported) {
  // Each matches the empty buffer, which hs_expression_info accepts.
  const Compiled compiled = Compile({{"x*"}, {"ok"}, {"y?"}, {"z{0,3}"}, {"fine"}});
  ASSERT_EQ(compiled.errors.size(), 3u);
  EXPECT_EQ(compiled.errors[0].index, 0u);
  EXPECT_EQ(compiled.errors[1].index, 2u);
  EXPECT_EQ(compiled.errors[2].index, 3u);
  for (const PatternError& error : compiled.errors) {
    EXPECT_THAT(error.message, HasSubstr("empty buffer"));
  }
  EXPECT_THAT(Matches(compiled.database, "ok fine xyz"), UnorderedElementsAre(1u, 4u));
}

TEST(PatternDatabaseTest, CountsThePositionsOfThePatternsItCompiled) {
  // 40 + 2; the bad one and the one only the multi-compile refuses do not count.
  const Compiled compiled = Compile({{"a{40}"}, {"(x{10}"}, {"bc"}, {"y{0,5}"}});
  ASSERT_EQ(compiled.errors.size(), 2u);
  EXPECT_EQ(compiled.database->expanded_positions(), 42u);
  EXPECT_EQ(compiled.database->budget().per_database, 100'000u);
}

TEST(PatternDatabaseTest, AllPatternsBad) {
  const Compiled compiled = Compile({{"("}, {"[z-a]"}});
  ASSERT_NE(compiled.database, nullptr);
  ASSERT_EQ(compiled.errors.size(), 2u);
  EXPECT_EQ(compiled.errors[0].index, 0u);
  EXPECT_EQ(compiled.errors[1].index, 1u);
  EXPECT_EQ(compiled.database->first(), nullptr);
  EXPECT_THAT(Matches(compiled.database, "anything ( at all"), IsEmpty());
}

TEST(PatternDatabaseTest, ErrorsAreAppendedToTheCallersList) {
  std::vector<PatternError> errors;
  const std::vector<PatternInput> first = {{"("}};
  ASSERT_TRUE(PatternDatabase::Compile(first, errors).ok());
  const std::vector<PatternInput> second = {{"ok"}, {")"}};
  ASSERT_TRUE(PatternDatabase::Compile(second, errors).ok());
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].index, 0u);
  EXPECT_EQ(errors[1].index, 1u);
}

}  // namespace
}  // namespace leakhound
