#include "engine/rule_explainer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace leakhound {
namespace {

using namespace engine_test;
using ::testing::ElementsAre;

const std::string kRule = RuleYaml("LH-1",
                                   "match:\n"
                                   "  statement:\n"
                                   "    all: ['\\bselect\\b']\n"
                                   "    any: [{re: passengers, name: P}, customers]\n"
                                   "    none: ['\\blimit\\b']\n"
                                   "  where:\n"
                                   "    rows: {gte: 100}\n"
                                   "    principal: {not_in: service_accounts}\n"
                                   "threshold: {sum: rows, gte: 50000, window: 10m}\n"
                                   "exceptions:\n"
                                   "  - {principal: dba, reason: break glass}\n"
                                   "  - {principal: old, reason: retired, expires: 2026-01-31}\n");

TEST(RuleExplainerTest, ExplainsEveryCondition) {
  const auto compiled = Compile(kRule);
  ASSERT_NE(compiled, nullptr);
  Event event{kT0, "alice", "SELECT email FROM passengers WHERE id > 5", 12};
  EXPECT_THAT(
      ExplainRule(*compiled, 0, event.View(), kT0, /*show_literals=*/true),
      ElementsAre("  normalized: select email from passengers where id > 5",
                  "  verb=select tables=passengers pii_table=true select_star=false "
                  "has_where=true has_limit=false",
                  "  [x] all: \\bselect\\b (matches)", "  [x] any: P (matches)",
                  "  [ ] any: customers (no match)", "  [x] none: \\blimit\\b (no match)",
                  "  [ ] rows gte 100 (rows = 12)",
                  "  [x] principal not_in service_accounts (principal = alice)",
                  "  [-] exception: break glass", "  [-] exception: retired",
                  "  threshold: fires when the window aggregate crosses 50000 (see the other "
                  "events of the test)"));
}

// By default no literal of the statement is shown: it may come from a production log.
TEST(RuleExplainerTest, ShowsTheFingerprintUnlessLiteralsAreAskedFor) {
  const auto compiled = Compile(kRule);
  ASSERT_NE(compiled, nullptr);
  Event event{kT0, "alice", "SELECT email FROM passengers WHERE email = 'victim@example.com'", 1};
  const std::vector<std::string> lines = ExplainRule(*compiled, 0, event.View(), kT0);
  EXPECT_EQ(lines[0], "  fingerprint: select email from passengers where email = ?");
  for (const std::string& line : lines) {
    EXPECT_EQ(line.find("victim@example.com"), std::string::npos) << line;
  }
}

TEST(RuleExplainerTest, ShowsExceptionsThatApplyAndNonePatternsThatMatch) {
  const auto compiled = Compile(kRule);
  ASSERT_NE(compiled, nullptr);
  Event event{kT0, "dba", "select * from customers limit 10", 500};
  const std::vector<std::string> lines = ExplainRule(*compiled, 0, event.View(), kT0);
  EXPECT_THAT(lines, ::testing::Contains("  [ ] none: \\blimit\\b (matches)"));
  EXPECT_THAT(lines, ::testing::Contains("  [ ] any: P (no match)"));
  EXPECT_THAT(lines, ::testing::Contains("  [x] any: customers (matches)"));
  EXPECT_THAT(lines, ::testing::Contains("  [x] rows gte 100 (rows = 500)"));
  EXPECT_THAT(lines, ::testing::Contains("  [!] exception applies: break glass"));
  EXPECT_THAT(lines,
              ::testing::Contains("  verb=select tables=customers pii_table=true select_star=true "
                                  "has_where=false has_limit=true"));
}

TEST(RuleExplainerTest, ExpiredExceptionDoesNotApply) {
  const auto compiled = Compile(kRule);
  ASSERT_NE(compiled, nullptr);
  Event event{kT0, "old", "select 1"};
  // 2026-01-31 is covered through that day; kT0 is 2026-02-02.
  EXPECT_THAT(ExplainRule(*compiled, 0, event.View(), kT0),
              ::testing::Contains("  [-] exception: retired"));
  EXPECT_THAT(ExplainRule(*compiled, 0, event.View(), kT0 - 3 * 24h),
              ::testing::Contains("  [!] exception applies: retired"));
}

TEST(RuleExplainerTest, FractionalThresholdsKeepTheirFraction) {
  const auto compiled = Compile(RuleYaml("LH-1",
                                         "match: {where: {verb: select}}\n"
                                         "threshold: {sum: pii_weight, gt: 12.5, window: 1h}\n"));
  ASSERT_NE(compiled, nullptr);
  Event event{kT0, "a", "select 1"};
  EXPECT_EQ(ExplainRule(*compiled, 0, event.View(), kT0).back(),
            "  threshold: fires when the window aggregate crosses 12.5 (see the other events of "
            "the test)");
}

TEST(RuleExplainerTest, TimeFieldsUseTheGivenTimeAndTheRulesOffset) {
  const auto compiled = Compile(
      RuleYaml("LH-1", "utc_offset: '-05:00'\nmatch: {where: {hour: {between: [22, 5]}}}\n"));
  ASSERT_NE(compiled, nullptr);
  Event event{std::nullopt, "a", "select 1"};
  EXPECT_EQ(ExplainRule(*compiled, 0, event.View(), kT0).back(),
            "  [x] hour between [22, 5] (hour = 5)");  // 10:00 UTC is 05:00 at -05:00
}

}  // namespace
}  // namespace leakhound
