#include "engine/compiled_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"
#include "match/pattern_scanner.h"

namespace leakhound {
namespace {

using namespace engine_test;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> Errors(const Diagnostics& diagnostics) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diagnostics.all()) {
    if (d.severity == Diagnostic::Severity::kError) out.push_back(d.ToString());
  }
  return out;
}

std::vector<std::string> Warnings(const Diagnostics& diagnostics) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diagnostics.all()) {
    if (d.severity == Diagnostic::Severity::kWarning) out.push_back(d.ToString());
  }
  return out;
}

constexpr std::string_view kTests = "tests: [{events: [{statement: s}], expect: {fires: 0}}]\n";

TEST(CompiledRulesTest, CompilesAValidPack) {
  CompileOutcome outcome = LoadAndCompile(
      Pack(RuleYaml("LH-1", "match: {statement: {any: [a, b], none: [c]}}\n") +
           std::string(kTests) + "---\n" + RuleYaml("LH-2", "match: {where: {rows: {gt: 1}}}\n") +
           std::string(kTests) + "---\n" + RuleYaml("LH-3", "match: {statement: {all: [d]}}\n") +
           std::string(kTests)),
      kLoadTime);
  EXPECT_THAT(outcome.diagnostics.all(), IsEmpty()) << outcome.diagnostics.ToString();
  ASSERT_NE(outcome.compiled, nullptr);
  const CompiledRules& compiled = *outcome.compiled;
  ASSERT_NE(compiled.rules, nullptr);
  EXPECT_EQ(compiled.rules->rules.size(), 3u);
  ASSERT_NE(compiled.patterns, nullptr);
  EXPECT_EQ(compiled.patterns->pattern_count(), 4u);
  // Expressions a, b, c belong to rule 0; d to rule 2.
  EXPECT_THAT(compiled.pattern_expression, ElementsAre(0u, 1u, 2u, 3u));
  // c is LH-1's `none` pattern: its match makes no rule a candidate.
  EXPECT_THAT(compiled.expression_rules,
              ElementsAre(ElementsAre(0u), ElementsAre(0u), IsEmpty(), ElementsAre(2u)));
  // LH-2 has no positive pattern: it is evaluated for every event.
  EXPECT_THAT(compiled.always_candidates, ElementsAre(1u));
  EXPECT_EQ(compiled.rules->catalog.table_count(), 3u);
}

// Patterns that wait on a gate go into the second stage, unless another rule uses the same
// expression ungated.
TEST(CompiledRulesTest, GatedPatternsAreThoseThatWaitOnAGate) {
  CompileOutcome outcome = LoadAndCompile(
      Pack(RuleYaml("LH-1", "match: {statement: {all: [a], any: [b, shared], none: [c]}}\n") +
           std::string(kTests) + "---\n" +
           RuleYaml("LH-2", "match: {statement: {any: [d], none: [e]}}\n") + std::string(kTests) +
           "---\n" + RuleYaml("LH-3", "match: {statement: {any: [shared]}}\n") +
           std::string(kTests) + "---\n" +
           RuleYaml("LH-4", "match: {statement: {none: [f]}, where: {verb: select}}\n") +
           std::string(kTests)),
      kLoadTime);
  ASSERT_NE(outcome.compiled, nullptr) << outcome.diagnostics.ToString();
  const CompiledRules& compiled = *outcome.compiled;
  // LH-1 and LH-2 have second-stage patterns (b, c; e); LH-3 and LH-4 none: `shared` is
  // LH-3's gate, f is all LH-4 has.
  EXPECT_THAT(compiled.gated_rules, ElementsAre(0u, 1u));
  // Scanning the first stage only finds the gates and the patterns nothing waits for.
  auto scanner = std::move(*PatternScanner::Create(compiled.patterns));
  MatchSet matches;
  ASSERT_TRUE(scanner->Scan("a b shared c d e f", matches, PatternStage::kFirst).ok());
  std::vector<std::string> found;
  for (uint32_t id = 0; id < compiled.rules->patterns.size(); ++id) {
    if (matches.Contains(compiled.pattern_expression[id])) {
      found.push_back(compiled.rules->patterns[id].expression);
    }
  }
  EXPECT_THAT(found, ::testing::UnorderedElementsAre("a", "shared", "d", "shared", "f"));
}

// The same expression in several rules is compiled once, and shared predicates are one.
TEST(CompiledRulesTest, SharesIdenticalPatternsAndPredicates) {
  CompileOutcome outcome = LoadAndCompile(
      Pack(RuleYaml("LH-1",
                    "match: {statement: {any: [copy, x]}, where: {principal: {not_in: [a]}, "
                    "rows: {gt: 1}}}\n") +
           std::string(kTests) + "---\n" +
           RuleYaml("LH-2",
                    "match: {statement: {all: [copy]}, where: {pii_table: true, "
                    "principal: {not_in: [a]}}}\n") +
           std::string(kTests)),
      kLoadTime);
  ASSERT_NE(outcome.compiled, nullptr) << outcome.diagnostics.ToString();
  const CompiledRules& compiled = *outcome.compiled;
  EXPECT_EQ(compiled.patterns->pattern_count(), 2u);  // copy, x
  EXPECT_THAT(compiled.pattern_expression, ElementsAre(0u, 1u, 0u));
  EXPECT_THAT(compiled.expression_rules[0], ElementsAre(0u, 1u));
  ASSERT_EQ(compiled.predicates.size(), 3u);  // principal not_in [a] is shared
  // Record fields first: principal before rows; principal before the catalog's pii_table.
  EXPECT_THAT(compiled.where_predicates, ElementsAre(ElementsAre(0u, 1u), ElementsAre(0u, 2u)));
  EXPECT_EQ(compiled.predicates[2].predicate->field, Field::kPiiTable);
}

TEST(CompiledRulesTest, BadPatternsAreDiagnosedWithRuleIdAndPosition) {
  const std::string rules =
      RuleYaml("LH-1",
               "match:\n"                                 // 4
               "  statement:\n"                           // 5
               "    any:\n"                               // 6
               "      - '(unclosed'\n"                    // 7
               "      - {re: '(a)\\1', name: backref}\n"  // 8
               "      - ok\n") +                          // 9
      std::string(kTests) +
      "---\n" +  // 10, 11
      RuleYaml("LH-2", "match: {statement: {any: [ok], none: ['(?<=x)y']}}\n") +
      std::string(kTests);  // 12..
  CompileOutcome outcome = LoadAndCompile(Pack(rules), kLoadTime);
  EXPECT_EQ(outcome.compiled, nullptr);
  EXPECT_THAT(Errors(outcome.diagnostics),
              ElementsAre("rules.yaml:7:9: error: [LH-1] bad pattern '(unclosed': Missing close "
                          "parenthesis for group started at index 0.",
                          "rules.yaml:8:14: error: [LH-1] bad pattern 'backref': Back-references "
                          "are unsupported.",
                          "rules.yaml:15:39: error: [LH-2] bad pattern '(?<=x)y': Zero-width "
                          "assertions are not supported."));
}

TEST(CompiledRulesTest, PatternThatMatchesEverythingIsRefused) {
  CompileOutcome outcome = LoadAndCompile(
      Pack(RuleYaml("LH-1", "match: {statement: 'x*'}\n") + std::string(kTests)), kLoadTime);
  EXPECT_EQ(outcome.compiled, nullptr);
  ASSERT_EQ(outcome.diagnostics.error_count(), 1u);
  const Diagnostic& error = outcome.diagnostics.all()[0];
  EXPECT_EQ(error.rule_id, "LH-1");
  EXPECT_EQ(error.location.line, 4);
  EXPECT_EQ(error.location.column, 20);
  EXPECT_EQ(error.message.rfind("bad pattern 'x*': ", 0), 0u) << error.message;
}

TEST(CompiledRulesTest, PatternThatExpandsTooFarIsRefusedWithItsPosition) {
  CompileOutcome outcome =
      LoadAndCompile(Pack(RuleYaml("LH-1", "match: {statement: {any: [ok, '(\\w+,){0501}']}}\n") +
                          std::string(kTests)),
                     kLoadTime);
  EXPECT_EQ(outcome.compiled, nullptr);
  EXPECT_THAT(Errors(outcome.diagnostics),
              ElementsAre("rules.yaml:4:31: error: [LH-1] bad pattern '(\\w+,){0501}': it "
                          "expands to 1002 positions once its repeats are written out, more "
                          "than the 1000 Hyperscan is given (compile time grows with them); use "
                          "a smaller bound, an unbounded repeat such as \\d+, or split the "
                          "pattern"));
}

TEST(CompiledRulesTest, InnerDotStarIsAWarning) {
  CompileOutcome outcome = LoadAndCompile(
      Pack(RuleYaml("LH-1",
                    "match:\n  statement:\n    any: ['select.*from', 'a.+b', 'a\\.*b', "
                    "'.*lead', 'trail.*', 'x.?y']\n") +
           std::string(kTests)),
      kLoadTime);
  ASSERT_NE(outcome.compiled, nullptr) << outcome.diagnostics.ToString();
  EXPECT_THAT(Warnings(outcome.diagnostics),
              ElementsAre("rules.yaml:6:11: warning: [LH-1] pattern 'select.*from' has '.*' "
                          "between terms, the slowest form for Hyperscan; prefer separate "
                          "patterns under all:",
                          "rules.yaml:6:27: warning: [LH-1] pattern 'a.+b' has '.*' between "
                          "terms, the slowest form for Hyperscan; prefer separate patterns under "
                          "all:"));
}

TEST(CompiledRulesTest, LoaderErrorsMeanNoCompiledRules) {
  CompileOutcome outcome = LoadAndCompile(
      Pack(RuleYaml("LH-1", "match: {where: {rowz: 1}}\n") + std::string(kTests)), kLoadTime);
  EXPECT_EQ(outcome.compiled, nullptr);
  EXPECT_THAT(Errors(outcome.diagnostics),
              ElementsAre("rules.yaml:4:17: error: [LH-1] unknown field 'rowz'; did you mean "
                          "'rows'? (rules/README.md lists the fields)"));
}

TEST(CompiledRulesTest, WarningsAloneStillCompile) {
  CompileOutcome outcome =
      LoadAndCompile(Pack(RuleYaml("LH-1", "match: {statement: a}\n")), kLoadTime);
  ASSERT_NE(outcome.compiled, nullptr);
  EXPECT_EQ(outcome.diagnostics.error_count(), 0u);
  EXPECT_EQ(outcome.diagnostics.warning_count(), 1u);  // no tests
}

TEST(CompiledRulesTest, PackWithoutRules) {
  RulePackSource source;
  source.origin = "empty";
  CompileOutcome outcome = LoadAndCompile(source, kLoadTime);
  ASSERT_NE(outcome.compiled, nullptr);
  EXPECT_THAT(outcome.diagnostics.all(), IsEmpty());
  EXPECT_EQ(outcome.compiled->patterns->pattern_count(), 0u);
  EXPECT_THAT(outcome.compiled->always_candidates, IsEmpty());
}

}  // namespace
}  // namespace leakhound
