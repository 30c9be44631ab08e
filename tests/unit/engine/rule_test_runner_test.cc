#include "engine/rule_test_runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace leakhound {
namespace {

using namespace engine_test;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Line numbers matter: the failing test's explanation names the line of each event.
const std::string kPack =
    "id: LH-1\n"                                                     // 1
    "title: copy\n"                                                  // 2
    "severity: high\n"                                               // 3
    "match: {statement: copy}\n"                                     // 4
    "tests:\n"                                                       // 5
    "  - name: copy fires\n"                                         // 6
    "    events: [{statement: copy t to stdout}]\n"                  // 7
    "    expect: {fires: 1}\n"                                       // 8
    "  - name: select does not\n"                                    // 9
    "    events: [{statement: select 1}]\n"                          // 10
    "    expect: {fires: 0}\n"                                       // 11
    "  - name: wrong expectation\n"                                  // 12
    "    events:\n"                                                  // 13
    "      - {principal: alice, statement: select 2}\n"              // 14
    "      - {principal: bob, statement: select 3}\n"                // 15
    "    expect: {fires: 1}\n"                                       // 16
    "---\n"                                                          // 17
    "id: LH-2\n"                                                     // 18
    "title: burst\n"                                                 // 19
    "severity: low\n"                                                // 20
    "match: {where: {verb: select}}\n"                               // 21
    "threshold: {count: true, gte: 2, window: 10m, suppress: 1h}\n"  // 22
    "tests:\n"                                                       // 23
    "  - name: four selects fire once\n"                             // 24
    "    events: [{statement: select 1}, {statement: select 2}, {statement: select 3},"
    " {statement: select 4}]\n"                // 25
    "    expect: {fires: 1, suppressed: 2}\n"  // 26
    "  - name: wrong suppression count\n"      // 27
    "    events: [{statement: select 1}, {statement: select 2}, {statement: select 3}]\n"
    "    expect: {fires: 1, suppressed: 2}\n"                       // 29
    "  - name: too many\n"                                          // 30
    "    events: [{statement: select 1}, {statement: select 2}]\n"  // 31
    "    expect: {fires: 0}\n"                                      // 32
    "---\n"                                                         // 33
    "id: LH-3\n"                                                    // 34
    "title: untested\n"
    "severity: low\n"
    "match: {statement: x}\n";

TEST(RuleTestRunnerTest, RunsEveryTestAndExplainsFailures) {
  const auto compiled = Compile(kPack);
  ASSERT_NE(compiled, nullptr);
  const RuleTestReport report = RunRuleTests(compiled);
  EXPECT_EQ(report.rules_selected, 3u);
  EXPECT_THAT(report.rules_without_tests, ElementsAre("LH-3"));
  EXPECT_EQ(report.passed, 3u);
  EXPECT_EQ(report.failed, 3u);
  ASSERT_EQ(report.results.size(), 6u);

  const RuleTestResult& fires = report.results[0];
  EXPECT_EQ(fires.rule_id, "LH-1");
  EXPECT_EQ(fires.test_name, "copy fires");
  EXPECT_TRUE(fires.passed);
  EXPECT_EQ(fires.fired, 1);
  EXPECT_EQ(fires.failure, "");
  EXPECT_THAT(fires.explanation, IsEmpty());
  EXPECT_EQ(fires.location.file, "rules.yaml");
  EXPECT_EQ(fires.location.line, 6);

  EXPECT_TRUE(report.results[1].passed);
  EXPECT_EQ(report.results[1].fired, 0);

  const RuleTestResult& wrong = report.results[2];
  EXPECT_EQ(wrong.test_name, "wrong expectation");
  EXPECT_FALSE(wrong.passed);
  EXPECT_EQ(wrong.fired, 0);
  EXPECT_EQ(wrong.failure, "expected 1 detection, got 0");
  EXPECT_THAT(
      wrong.explanation,
      ElementsAre("event 1 (line 14):", "  normalized: select 2",
                  "  verb=select tables= pii_table=false select_star=false "
                  "has_where=false has_limit=false",
                  "  [ ] any: copy (no match)", "event 2 (line 15):", "  normalized: select 3",
                  "  verb=select tables= pii_table=false select_star=false "
                  "has_where=false has_limit=false",
                  "  [ ] any: copy (no match)"));

  const RuleTestResult& burst = report.results[3];
  EXPECT_EQ(burst.rule_id, "LH-2");
  EXPECT_TRUE(burst.passed) << burst.failure;
  EXPECT_EQ(burst.fired, 1);
  EXPECT_EQ(burst.suppressed, 2u);

  const RuleTestResult& suppression = report.results[4];
  EXPECT_FALSE(suppression.passed);
  EXPECT_EQ(suppression.fired, 1);
  EXPECT_EQ(suppression.suppressed, 1u);
  EXPECT_EQ(suppression.failure, "expected 2 suppressed, got 1");
  ASSERT_FALSE(suppression.explanation.empty());
  EXPECT_EQ(suppression.explanation.front(), "event 1 (line 28):");

  const RuleTestResult& too_many = report.results[5];
  EXPECT_FALSE(too_many.passed);
  EXPECT_EQ(too_many.failure, "expected 0 detections, got 1");
}

TEST(RuleTestRunnerTest, OnlySelectedRules) {
  const auto compiled = Compile(kPack);
  ASSERT_NE(compiled, nullptr);
  const RuleTestReport report = RunRuleTests(compiled, {"LH-2", "LH-404"});
  EXPECT_EQ(report.rules_selected, 1u);
  EXPECT_THAT(report.rules_without_tests, IsEmpty());
  ASSERT_EQ(report.results.size(), 3u);
  for (const RuleTestResult& result : report.results) EXPECT_EQ(result.rule_id, "LH-2");
  EXPECT_EQ(report.passed, 1u);
  EXPECT_EQ(report.failed, 2u);
}

TEST(RuleTestRunnerTest, EachTestRunsInAFreshEngineForItsRuleOnly) {
  // Both rules fire on every event; each test must see only its own rule's detections, and
  // no window state from the previous test.
  const auto compiled = Compile(
      "id: A\ntitle: a\nseverity: low\nmatch: {where: {verb: select}}\n"
      "threshold: {count: true, gte: 2, window: 1h}\n"
      "tests:\n"
      "  - {events: [{statement: select 1}], expect: {fires: 0}}\n"
      "  - {events: [{statement: select 1}], expect: {fires: 0}}\n"
      "---\n"
      "id: B\ntitle: b\nseverity: low\nmatch: {where: {verb: select}}\n"
      "tests:\n"
      "  - {events: [{statement: select 1}, {statement: select 2}], expect: {fires: 2}}\n");
  ASSERT_NE(compiled, nullptr);
  const RuleTestReport report = RunRuleTests(compiled);
  EXPECT_EQ(report.failed, 0u);
  EXPECT_EQ(report.passed, 3u);
}

TEST(RuleTestRunnerTest, TestsUseTheCatalogListsAndTimes) {
  const auto compiled = Compile(
      "id: N\ntitle: n\nseverity: low\n"
      "match: {where: {pii_table: true, hour: {between: [22, 5]}, "
      "principal: {not_in: service_accounts}}}\n"
      "tests:\n"
      "  - events: [{principal: eve, statement: select email from customers, "
      "time: '2026-02-03T00:30:00Z'}]\n"
      "    expect: {fires: 1}\n"
      "  - events: [{principal: svc_x, statement: select email from customers, "
      "time: '2026-02-03T00:30:00Z'}]\n"
      "    expect: {fires: 0}\n"
      "  - events: [{principal: eve, statement: select email from customers}]\n"
      "    expect: {fires: 0}\n");  // default time: 12:00
  ASSERT_NE(compiled, nullptr);
  const RuleTestReport report = RunRuleTests(compiled);
  EXPECT_EQ(report.failed, 0u) << (report.results.empty() ? "" : report.results[0].failure);
  EXPECT_EQ(report.passed, 3u);
}

}  // namespace
}  // namespace leakhound
