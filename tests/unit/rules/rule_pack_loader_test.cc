#include "rules/rule_pack_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace leakhound {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using namespace std::chrono_literals;

// 2026-03-01T00:00:00Z: decides which exceptions have expired.
const TimePoint kNow = TimePoint(std::chrono::seconds(1772323200));

const PackFile kServiceAccounts{"lists/service_accounts.txt", "svc_*\netl\n"};

LoadedRulePack Load(std::vector<PackFile> rules, std::vector<PackFile> lists = {kServiceAccounts},
                    std::optional<PackFile> catalog = std::nullopt) {
  RulePackSource source;
  source.origin = "test";
  source.rules = std::move(rules);
  source.lists = std::move(lists);
  source.catalog = std::move(catalog);
  return LoadRulePack(source, kNow);
}

LoadedRulePack LoadOne(const std::string& content) { return Load({{"r.yaml", content}}); }

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

// A valid rule with one test, for the tests that vary one part of it.
constexpr std::string_view kTestsBlock =
    "tests:\n"
    "  - events: [{statement: select 1}]\n"
    "    expect: {fires: 1}\n";

std::string Rule(std::string_view id, std::string_view body) {
  return "id: " + std::string(id) + "\ntitle: t\nseverity: low\n" + std::string(body) +
         std::string(kTestsBlock);
}

// --- A valid pack ------------------------------------------------------------------------

TEST(RulePackLoaderTest, ValidRuleLoadsWithoutDiagnostics) {
  const LoadedRulePack loaded = LoadOne(Rule("LH-1", "match:\n  statement: '\\bselect\\b'\n"));
  EXPECT_THAT(loaded.diagnostics.all(), IsEmpty()) << loaded.diagnostics.ToString();
  ASSERT_EQ(loaded.rules->rules.size(), 1u);
  EXPECT_EQ(loaded.rules->rules[0].id(), "LH-1");
  EXPECT_EQ(loaded.rules->origin, "test");
  ASSERT_EQ(loaded.rules->patterns.size(), 1u);
  EXPECT_EQ(loaded.rules->patterns[0].expression, "\\bselect\\b");
  EXPECT_EQ(loaded.rules->lists.count("service_accounts"), 1u);
  EXPECT_NE(loaded.rules->FindRule("LH-1"), nullptr);
  EXPECT_EQ(loaded.rules->FindRule("LH-2"), nullptr);
}

TEST(RulePackLoaderTest, MultiDocumentFiles) {
  const std::string content = "---\n" + Rule("LH-1", "match: {statement: a}\n") + "---\n---\n" +
                              Rule("LH-2", "match: {statement: b}\n");
  const LoadedRulePack loaded = LoadOne(content);
  EXPECT_THAT(loaded.diagnostics.all(), IsEmpty()) << loaded.diagnostics.ToString();
  ASSERT_EQ(loaded.rules->rules.size(), 2u);
  EXPECT_EQ(loaded.rules->rules[0].id(), "LH-1");
  EXPECT_EQ(loaded.rules->rules[1].id(), "LH-2");
  // Positions count from the start of the file, not of the document.
  EXPECT_EQ(loaded.rules->rules[0].location.line, 2);
  EXPECT_EQ(loaded.rules->rules[1].location.line, 11);
  EXPECT_EQ(loaded.rules->rules[1].location.file, "r.yaml");
  ASSERT_EQ(loaded.rules->patterns.size(), 2u);
  EXPECT_EQ(loaded.rules->rules[1].statement.any, std::vector<uint32_t>{1});
}

TEST(RulePackLoaderTest, ErrorInASecondDocumentPointsAtItsLine) {
  const std::string content = Rule("LH-1", "match: {statement: a}\n") +  // lines 1-7
                              "---\n"                                    // line 8
                              "id: LH-2\n"                               // line 9
                              "title: t\n"
                              "severity: big\n"  // line 11
                              "match: {statement: b}\n" +
                              std::string(kTestsBlock);
  const LoadedRulePack loaded = LoadOne(content);
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:11:11: error: [LH-2] severity 'big' is not one of "
                          "informational, low, medium, high, critical"));
}

TEST(RulePackLoaderTest, RulesFromSeveralFilesKeepFileOrder) {
  const LoadedRulePack loaded = Load({{"a.yaml", Rule("LH-2", "match: {statement: a}\n")},
                                      {"b.yaml", Rule("LH-1", "match: {statement: b}\n")}});
  ASSERT_EQ(loaded.rules->rules.size(), 2u);
  EXPECT_EQ(loaded.rules->rules[0].id(), "LH-2");
  EXPECT_EQ(loaded.rules->rules[0].info->file, "a.yaml");
  EXPECT_EQ(loaded.rules->rules[1].id(), "LH-1");
  EXPECT_EQ(loaded.rules->patterns[1].rule_id, "LH-1");
}

// --- Every error, with its position ------------------------------------------------------

TEST(RulePackLoaderTest, FiveDistinctErrorsGiveExactlyFiveErrors) {
  const std::string content =
      "id: LH-0100\n"                            // 1
      "title: Five problems\n"                   // 2
      "severity: urgent\n"                       // 3
      "tags: [attack.collection, attack.t99]\n"  // 4
      "statuss: stable\n"                        // 5
      "match:\n"                                 // 6
      "  where:\n"                               // 7
      "    principl: alice\n"                    // 8
      "    rows: {gtee: 100}\n"                  // 9
      "tests:\n"                                 // 10
      "  - name: t\n"                            // 11
      "    events: [{principal: alice, rows: 200, statement: select 1}]\n"
      "    expect: {fires: 0}\n";
  const LoadedRulePack loaded = LoadOne(content);
  EXPECT_EQ(loaded.diagnostics.error_count(), 5u) << loaded.diagnostics.ToString();
  EXPECT_EQ(loaded.diagnostics.warning_count(), 0u) << loaded.diagnostics.ToString();
  EXPECT_THAT(
      Errors(loaded.diagnostics),
      UnorderedElementsAre(
          "r.yaml:3:11: error: [LH-0100] severity 'urgent' is not one of informational, low, "
          "medium, high, critical",
          "r.yaml:4:27: error: [LH-0100] ATT&CK tag 'attack.t99' is neither a tactic "
          "(attack.collection, attack.exfiltration, ...) nor a technique id (attack.t1213, "
          "attack.t1213.006)",
          "r.yaml:5:1: error: [LH-0100] unknown key 'statuss' in a rule; did you mean 'status'?",
          "r.yaml:8:5: error: [LH-0100] unknown field 'principl'; did you mean 'principal'? "
          "(rules/README.md lists the fields)",
          "r.yaml:9:12: error: [LH-0100] unknown operator 'gtee' for field 'rows'; did you mean "
          "'gte'?"));
  EXPECT_TRUE(loaded.diagnostics.has_errors());
  // The rule is still returned (the caller discards the pack on errors).
  EXPECT_EQ(loaded.rules->rules.size(), 1u);
}

TEST(RulePackLoaderTest, UnknownTopLevelKeyWithHint) {
  const LoadedRulePack loaded =
      LoadOne(Rule("LH-1", "thresold:\n  count: true\nmatch: {where: {rows: {gt: 1}}}\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:4:1: error: [LH-1] unknown key 'thresold' in a rule; did you "
                          "mean 'threshold'?"));
}

TEST(RulePackLoaderTest, UnknownKeyWithoutCloseMatchListsTheAllowedKeys) {
  const LoadedRulePack loaded = LoadOne(Rule("LH-1", "match:\n  zzz: 1\n  where: {rows: 1}\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:5:3: error: [LH-1] unknown key 'zzz' in match (allowed: "
                          "statement where)"));
}

TEST(RulePackLoaderTest, UnknownFieldInWhere) {
  const LoadedRulePack loaded =
      LoadOne(Rule("LH-1", "match:\n  where:\n    rowz: {gt: 1}\n    xyzzy_field: 3\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:6:5: error: [LH-1] unknown field 'rowz'; did you mean 'rows'? "
                          "(rules/README.md lists the fields)",
                          "r.yaml:7:5: error: [LH-1] unknown field 'xyzzy_field' "
                          "(rules/README.md lists the fields)"));
}

TEST(RulePackLoaderTest, UnknownOperator) {
  const LoadedRulePack loaded =
      LoadOne(Rule("LH-1", "match:\n  where:\n    principal: {notin: service_accounts}\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:6:17: error: [LH-1] unknown operator 'notin' for field "
                          "'principal'; did you mean 'not_in'?"));
}

TEST(RulePackLoaderTest, UnknownListWithSuggestion) {
  const LoadedRulePack loaded =
      LoadOne(Rule("LH-1", "match:\n  where:\n    principal: {not_in: service_acounts}\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:6:25: error: [LH-1] unknown list 'service_acounts'; did you "
                          "mean 'service_accounts'?"));
}

TEST(RulePackLoaderTest, UnknownListWithoutCloseMatch) {
  const LoadedRulePack loaded =
      LoadOne(Rule("LH-1", "match:\n  where:\n    principal: {in: contractors}\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:6:21: error: [LH-1] unknown list 'contractors' (known lists: "
                          "service_accounts); create lists/contractors.txt to add it"));
}

TEST(RulePackLoaderTest, UnknownListInAPackWithoutLists) {
  const LoadedRulePack loaded =
      Load({{"r.yaml", Rule("LH-1", "match:\n  where:\n    principal: {in: contractors}\n")}}, {});
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:6:21: error: [LH-1] unknown list 'contractors': the pack has "
                          "no lists; create lists/contractors.txt beside the rules"));
}

TEST(RulePackLoaderTest, DuplicateRuleIdPointsAtTheFirst) {
  const LoadedRulePack loaded = Load({{"a.yaml", Rule("LH-7", "match: {statement: a}\n")},
                                      {"b.yaml", Rule("LH-7", "match: {statement: b}\n")}});
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("b.yaml:1:5: error: [LH-7] duplicate rule id; first defined at "
                          "a.yaml:1:1"));
  ASSERT_EQ(loaded.rules->rules.size(), 1u);
  EXPECT_EQ(loaded.rules->rules[0].info->file, "a.yaml");
}

TEST(RulePackLoaderTest, DuplicateRuleIdInOneFile) {
  const std::string content =
      Rule("LH-7", "match: {statement: a}\n") + "---\n" + Rule("LH-7", "match: {statement: b}\n");
  const LoadedRulePack loaded = LoadOne(content);
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:9:5: error: [LH-7] duplicate rule id; first defined at "
                          "r.yaml:1:1"));
}

TEST(RulePackLoaderTest, BadWindow) {
  const LoadedRulePack loaded =
      LoadOne(Rule("LH-1",
                   "match: {where: {rows: {gt: 0}}}\nthreshold:\n  count: true\n  gte: 3\n"
                   "  window: 10 minutes\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:8:11: error: [LH-1] bad window: bad duration '10 minutes': "
                          "missing or unknown unit at ' minutes' (use ms, s, m, h or d)"));
  ASSERT_EQ(loaded.rules->rules.size(), 1u);
  EXPECT_FALSE(loaded.rules->rules[0].threshold.has_value());
}

TEST(RulePackLoaderTest, WindowLongerThanAWeek) {
  const LoadedRulePack loaded = LoadOne(Rule(
      "LH-1", "match: {where: {rows: {gt: 0}}}\nthreshold: {count: true, gte: 3, window: 8d}\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:5:42: error: [LH-1] bad window: duration '8d' exceeds the "
                          "maximum of 7d"));
}

TEST(RulePackLoaderTest, BadSuppressAndMissingWindow) {
  const LoadedRulePack loaded =
      LoadOne(Rule("LH-1",
                   "match: {where: {rows: {gt: 0}}}\nthreshold:\n  count: true\n  gte: 3\n"
                   "  suppress: soon\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              UnorderedElementsAre(
                  "r.yaml:6:3: error: [LH-1] threshold needs a window, e.g. window: 1h",
                  "r.yaml:8:13: error: [LH-1] bad suppress: bad duration 'soon': expected a "
                  "number followed by ms, s, m, h or d (e.g. 1h30m)"));
}

TEST(RulePackLoaderTest, ThresholdWithTwoAggregates) {
  const LoadedRulePack loaded =
      LoadOne(Rule("LH-1",
                   "match: {where: {rows: {gt: 0}}}\nthreshold:\n  count: true\n  sum: rows\n"
                   "  gte: 5\n  window: 10m\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:6:3: error: [LH-1] threshold needs exactly one of count: "
                          "true, sum: FIELD, distinct: FIELD"));
}

TEST(RulePackLoaderTest, ThresholdWithoutAggregateOrLimit) {
  const LoadedRulePack loaded =
      LoadOne(Rule("LH-1", "match: {where: {rows: {gt: 0}}}\nthreshold: {window: 1h}\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:5:12: error: [LH-1] threshold needs exactly one of count: "
                          "true, sum: FIELD, distinct: FIELD",
                          "r.yaml:5:12: error: [LH-1] threshold needs exactly one of gte: N or "
                          "gt: N"));
}

TEST(RulePackLoaderTest, ThresholdLimitMustBePositive) {
  const LoadedRulePack loaded = LoadOne(Rule(
      "LH-1", "match: {where: {rows: {gt: 0}}}\nthreshold: {count: true, gt: 0, window: 1h}\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:5:30: error: [LH-1] the threshold must be positive"));
}

TEST(RulePackLoaderTest, CountMustBeTrue) {
  const LoadedRulePack loaded = LoadOne(Rule(
      "LH-1", "match: {where: {rows: {gt: 0}}}\nthreshold: {count: rows, gte: 2, window: 1h}\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:5:20: error: [LH-1] count takes 'true' (count events); for "
                          "distinct values use distinct: FIELD"));
}

TEST(RulePackLoaderTest, SumOverAStringField) {
  const LoadedRulePack loaded =
      LoadOne(Rule("LH-1",
                   "match: {where: {rows: {gt: 0}}}\nthreshold:\n  sum: principal\n  gte: 5\n"
                   "  window: 10m\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:6:8: error: [LH-1] sum needs a number field such as rows or "
                          "pii_weight; 'principal' is a string"));
}

TEST(RulePackLoaderTest, SumOverAnUnknownField) {
  const LoadedRulePack loaded = LoadOne(Rule(
      "LH-1", "match: {where: {rows: {gt: 0}}}\nthreshold: {sum: rowz, gte: 5, window: 10m}\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:5:18: error: [LH-1] unknown field 'rowz'; did you mean "
                          "'rows'?"));
}

TEST(RulePackLoaderTest, DistinctOverABoolean) {
  const LoadedRulePack loaded = LoadOne(Rule(
      "LH-1",
      "match: {where: {rows: {gt: 0}}}\nthreshold: {distinct: has_where, gte: 5, window: 10m}\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:5:23: error: [LH-1] distinct needs a string, list, number or "
                          "address field; 'has_where' is a boolean"));
}

TEST(RulePackLoaderTest, GroupByAListFieldOrAnUnknownField) {
  const LoadedRulePack loaded =
      LoadOne(Rule("LH-1",
                   "match: {where: {rows: {gt: 0}}}\nthreshold:\n  count: true\n  gte: 5\n"
                   "  window: 10m\n  group_by: [principal, tables, principle]\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:9:25: error: [LH-1] group_by cannot use 'tables' (a list of "
                          "strings); use single-valued fields",
                          "r.yaml:9:33: error: [LH-1] unknown field 'principle' in group_by; "
                          "did you mean 'principal'?"));
}

TEST(RulePackLoaderTest, BadSeverityAndStatus) {
  const LoadedRulePack loaded =
      LoadOne("id: LH-1\ntitle: t\nseverity: severe\nstatus: beta\nmatch: {statement: a}\n" +
              std::string(kTestsBlock));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:3:11: error: [LH-1] severity 'severe' is not one of "
                          "informational, low, medium, high, critical",
                          "r.yaml:4:9: error: [LH-1] status 'beta' is not one of experimental, "
                          "test, stable, deprecated"));
}

TEST(RulePackLoaderTest, BadAttackTags) {
  const LoadedRulePack loaded =
      LoadOne(Rule("LH-1",
                   "tags: [attack.colection, attack.t1213.6, attack.T1213.006, pii]\n"
                   "match: {statement: a}\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:4:8: error: [LH-1] ATT&CK tag 'attack.colection' is neither a "
                          "tactic (attack.collection, attack.exfiltration, ...) nor a technique "
                          "id (attack.t1213, attack.t1213.006)",
                          "r.yaml:4:26: error: [LH-1] ATT&CK tag 'attack.t1213.6' is neither a "
                          "tactic (attack.collection, attack.exfiltration, ...) nor a technique "
                          "id (attack.t1213, attack.t1213.006)"));
  // Valid tags are kept, lowercased; tags outside attack.* are free-form.
  EXPECT_THAT(loaded.rules->rules[0].info->tags, ElementsAre("attack.t1213.006", "pii"));
}

TEST(RulePackLoaderTest, ExceptionWithoutReason) {
  const LoadedRulePack loaded = LoadOne(Rule(
      "LH-1", "match: {statement: a}\nexceptions:\n  - principal: dba\n    client: 10.0.0.0/8\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:6:5: error: [LH-1] an exception needs a reason: say why these "
                          "events are legitimate"));
  EXPECT_THAT(loaded.rules->rules[0].exceptions, IsEmpty());
}

TEST(RulePackLoaderTest, ExceptionWithOnlyAReason) {
  const LoadedRulePack loaded =
      LoadOne(Rule("LH-1", "match: {statement: a}\nexceptions:\n  - reason: because\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:6:5: error: [LH-1] an exception needs at least one field to "
                          "match, e.g. principal: etl"));
}

TEST(RulePackLoaderTest, ExceptionWithAMisspeltFieldGivesOneError) {
  const LoadedRulePack loaded = LoadOne(
      Rule("LH-1", "match: {statement: a}\nexceptions:\n  - principl: dba\n    reason: r\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:6:5: error: [LH-1] unknown field 'principl'; did you mean "
                          "'principal'? (rules/README.md lists the fields)"));
}

TEST(RulePackLoaderTest, ExpiredExceptionIsAWarning) {
  const LoadedRulePack loaded =
      LoadOne(Rule("LH-1",
                   "match: {statement: a}\nexceptions:\n  - principal: dba\n    reason: migration\n"
                   "    expires: 2026-02-28\n  - principal: etl\n    reason: still valid\n"
                   "    expires: 2026-03-01\n"));
  EXPECT_THAT(Errors(loaded.diagnostics), IsEmpty());
  EXPECT_THAT(Warnings(loaded.diagnostics),
              ElementsAre("r.yaml:8:14: warning: [LH-1] this exception expired on 2026-02-28 and "
                          "no longer applies; remove it or extend it"));
  // Both are kept: the engine compares the expiry with each event's time.
  ASSERT_EQ(loaded.rules->rules[0].exceptions.size(), 2u);
}

TEST(RulePackLoaderTest, BadExceptionExpiry) {
  const LoadedRulePack loaded = LoadOne(Rule(
      "LH-1",
      "match: {statement: a}\nexceptions:\n  - {principal: dba, reason: r, expires: someday}\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:6:42: error: [LH-1] expires must be a date such as 2027-06-30"));
}

TEST(RulePackLoaderTest, TestEventWithABadTime) {
  const LoadedRulePack loaded = LoadOne(
      "id: LH-1\ntitle: t\nseverity: low\nmatch: {statement: a}\ntests:\n"
      "  - name: bad time\n"
      "    events:\n"
      "      - {statement: a, time: yesterday}\n"
      "    expect: {fires: 1}\n");
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:8:30: error: [LH-1] time must be RFC 3339, e.g. "
                          "2026-03-01T02:30:00Z"));
  EXPECT_THAT(loaded.rules->rules[0].tests, IsEmpty());
}

TEST(RulePackLoaderTest, TestProblems) {
  const LoadedRulePack loaded = LoadOne(
      "id: LH-1\ntitle: t\nseverity: low\nmatch: {statement: a}\ntests:\n"
      "  - name: no events\n"                                      // 6
      "    expect: {fires: 1}\n"                                   // 7
      "  - name: no expect\n"                                      // 8
      "    events: [{statement: a}]\n"                             // 9
      "  - events: [{statement: a, rows: many, princpal: red}]\n"  // 10
      "    expect: {fires: 1, fired: 2}\n");                       // 11
  EXPECT_THAT(
      Errors(loaded.diagnostics),
      UnorderedElementsAre(
          "r.yaml:6:5: error: [LH-1] a test needs events: a non-empty list of events",
          "r.yaml:8:5: error: [LH-1] a test needs expect: {fires: N}",
          "r.yaml:10:41: error: [LH-1] unknown key 'princpal' in a test event; did you mean "
          "'principal'?",
          "r.yaml:10:35: error: [LH-1] rows must be an integer",
          "r.yaml:11:24: error: [LH-1] unknown key 'fired' in expect; did you mean 'fires'?"));
}

TEST(RulePackLoaderTest, RuleWithoutTestsIsAWarning) {
  const LoadedRulePack loaded =
      LoadOne("id: LH-1\ntitle: t\nseverity: low\nmatch: {statement: a}\n");
  EXPECT_THAT(Errors(loaded.diagnostics), IsEmpty());
  EXPECT_THAT(Warnings(loaded.diagnostics),
              ElementsAre("r.yaml:1:1: warning: [LH-1] the rule has no tests; add positive and "
                          "negative cases under tests:"));
}

TEST(RulePackLoaderTest, MissingRequiredParts) {
  const LoadedRulePack loaded = LoadOne("id: LH-1\n" + std::string(kTestsBlock));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:1:1: error: [LH-1] a rule needs a 'title'",
                          "r.yaml:1:1: error: [LH-1] a rule needs a 'severity' (informational, "
                          "low, medium, high, critical)",
                          "r.yaml:1:1: error: [LH-1] a rule needs 'match:' with statement "
                          "patterns or where predicates"));
}

TEST(RulePackLoaderTest, RuleWithoutIdIsDropped) {
  const LoadedRulePack loaded = LoadOne("title: t\nseverity: low\nmatch: {statement: a}\n");
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:1:1: error: a rule needs an 'id' (for example LH-0100)"));
  EXPECT_THAT(loaded.rules->rules, IsEmpty());
}

TEST(RulePackLoaderTest, DocumentThatIsNotAMapping) {
  const LoadedRulePack loaded = LoadOne("- just\n- a list\n");
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:1:1: error: a rule must be a mapping with id, title, severity "
                          "and match"));
}

TEST(RulePackLoaderTest, BadRuleId) {
  const LoadedRulePack loaded = LoadOne(Rule("'-LH 1'", "match: {statement: a}\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:1:5: error: [-LH 1] rule id '-LH 1' must be 1-64 letters, "
                          "digits, '-', '_' or '.', starting with a letter or digit"));
}

TEST(RulePackLoaderTest, MatchWithoutCondition) {
  const LoadedRulePack loaded = LoadOne(Rule("LH-1", "match: {}\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:4:8: error: [LH-1] match has no positive condition (a "
                          "pattern under any/all, or a where predicate): it would fire on every "
                          "event"));
}

// Judged on what was parsed: an empty where, or only exclusions, is no condition either.
TEST(RulePackLoaderTest, EmptyOrExclusionOnlyMatchIsNoCondition) {
  for (const char* match : {"match: {where: {}}\n", "match: {statement: {none: [x]}}\n"}) {
    const LoadedRulePack loaded = LoadOne(Rule("LH-1", match));
    ASSERT_EQ(loaded.diagnostics.error_count(), 1u) << match;
    EXPECT_THAT(loaded.diagnostics.all()[0].message, ::testing::HasSubstr("no positive condition"));
  }
}

TEST(RulePackLoaderTest, PatternProblems) {
  const LoadedRulePack loaded =
      LoadOne(Rule("LH-1",
                   "match:\n  statement:\n    any:\n      - {re: a, literal: b}\n      - ''\n"
                   "      - [nested]\n    al: [x]\n"));
  EXPECT_THAT(
      Errors(loaded.diagnostics),
      UnorderedElementsAre(
          "r.yaml:10:5: error: [LH-1] unknown key 'al' in statement; did you mean 'all'?",
          "r.yaml:7:9: error: [LH-1] a pattern needs exactly one of 're' (a regex) or 'literal' "
          "(text)",
          "r.yaml:8:9: error: [LH-1] a pattern must not be empty",
          "r.yaml:9:9: error: [LH-1] a pattern is a regex string or {re: ..., name: ...}"));
}

TEST(RulePackLoaderTest, BadUtcOffset) {
  const LoadedRulePack loaded =
      LoadOne(Rule("LH-1", "utc_offset: '+2'\nmatch: {where: {hour: 3}}\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:4:13: error: [LH-1] utc_offset must look like +02:00 or "
                          "-05:30"));
}

TEST(RulePackLoaderTest, YamlSyntaxErrorWithPosition) {
  const LoadedRulePack loaded = Load({{"bad.yaml", "id: LH-1\nid2: [x]]\n"},
                                      {"good.yaml", Rule("LH-2", "match: {statement: a}\n")}});
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("bad.yaml:2:9: error: YAML syntax: illegal flow end"));
  // The other files are still loaded.
  ASSERT_EQ(loaded.rules->rules.size(), 1u);
  EXPECT_EQ(loaded.rules->rules[0].id(), "LH-2");
}

TEST(RulePackLoaderTest, YamlSyntaxErrorUnclosedFlow) {
  const LoadedRulePack loaded = LoadOne("id: LH-1\ntags: [a, b\nseverity: high\n");
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:3:9: error: YAML syntax: end of sequence flow not found"));
}

// yaml-cpp 0.7's LoadAll never returns on this (and eats memory): it must be an error.
TEST(RulePackLoaderTest, ACommaThatCannotStartADocumentIsAnErrorNotAHang) {
  const LoadedRulePack loaded =
      Load({{"comma.yaml", Rule("LH-1", "match: {statement: a}\n") + "---\n, refer>\n"},
            {"good.yaml", Rule("LH-2", "match: {statement: b}\n")}});
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("comma.yaml:9:1: error: YAML syntax: ',' cannot start a YAML node "
                          "here; remove it, or quote the value it begins"));
  // A file with a syntax error contributes nothing; the others still load.
  ASSERT_EQ(loaded.rules->rules.size(), 1u);
  EXPECT_EQ(loaded.rules->rules[0].id(), "LH-2");
}

TEST(RulePackLoaderTest, ErrorsInSeveralFilesAreAllReported) {
  const LoadedRulePack loaded =
      Load({{"a.yaml", Rule("LH-1", "severity: high\nmatch: {statement: a}\n")},
            {"b.yaml", Rule("LH-2", "match: {where: {rows: {gte: lots}}}\n")},
            {"c.yaml", "id: LH-3\nid2: [x]]\n"}});
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("a.yaml:4:1: error: [LH-1] duplicate key 'severity' in a rule; only "
                          "the first is read",
                          "b.yaml:4:29: error: [LH-2] the value of 'rows' must be a number",
                          "c.yaml:2:9: error: YAML syntax: illegal flow end"));
}

TEST(RulePackLoaderTest, DuplicateKeysAreReported) {
  const LoadedRulePack loaded = LoadOne(
      Rule("LH-1",
           "match:\n  where: {rows: {gt: 1}}\n  where: {rows: {gt: 2}}\n"
           "exceptions: [{principal: a, reason: r}]\nexceptions: [{principal: b, reason: r}]\n"));
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("r.yaml:8:1: error: [LH-1] duplicate key 'exceptions' in a rule; only "
                          "the first is read",
                          "r.yaml:6:3: error: [LH-1] duplicate key 'where' in match; only the "
                          "first is read"));
}

TEST(RulePackLoaderTest, DuplicateListNames) {
  const LoadedRulePack loaded = Load({}, {{"lists/x.txt", "a\n"}, {"other/x.txt", "b\n"}});
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("other/x.txt:1:1: error: a list named 'x' already exists"));
  ASSERT_EQ(loaded.rules->lists.count("x"), 1u);
  EXPECT_TRUE(loaded.rules->lists.at("x")->Contains("a"));
}

TEST(RulePackLoaderTest, ListAndCatalogDiagnosticsAreIncluded) {
  const LoadedRulePack loaded = Load({}, {{"lists/empty.txt", "# nothing\n"}},
                                     PackFile{"catalog.yaml",
                                              "categories: {email: 3}\ntables:\n  - table: t\n"
                                              "    columns: {mail: emal}\n"});
  EXPECT_THAT(Errors(loaded.diagnostics),
              ElementsAre("catalog.yaml:4:21: error: category 'emal' is not declared under "
                          "categories; did you mean 'email'?"));
  EXPECT_THAT(Warnings(loaded.diagnostics),
              ElementsAre("lists/empty.txt:1:1: warning: list 'empty' is empty"));
}

TEST(RulePackLoaderTest, EmptyPack) {
  const LoadedRulePack loaded = Load({}, {});
  EXPECT_THAT(loaded.diagnostics.all(), IsEmpty());
  ASSERT_NE(loaded.rules, nullptr);
  EXPECT_THAT(loaded.rules->rules, IsEmpty());
}

TEST(RulePackLoaderTest, DiagnosticsSummary) {
  const LoadedRulePack loaded =
      LoadOne("id: LH-1\ntitle: t\nseverity: urgent\nmatch: {statement: a}\n");
  EXPECT_EQ(loaded.diagnostics.ToString(),
            "r.yaml:3:11: error: [LH-1] severity 'urgent' is not one of informational, low, "
            "medium, high, critical\n"
            "r.yaml:1:1: warning: [LH-1] the rule has no tests; add positive and negative cases "
            "under tests:\n"
            "1 error, 1 warning");
}

}  // namespace
}  // namespace leakhound
