// The values a rule document parses into (the diagnostics are in rule_pack_loader_test).
#include "rules/rule_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "rules/rule_pack_loader.h"

namespace leakhound {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using namespace std::chrono_literals;

const TimePoint kNow = TimePoint(std::chrono::seconds(1772323200));        // 2026-03-01
const TimePoint kTestEpoch = TimePoint(std::chrono::seconds(1767614400));  // 2026-01-05T12Z
const TimePoint kFeb2 = TimePoint(std::chrono::seconds(1770026400));       // 2026-02-02T10Z
const TimePoint kJuly2027 = TimePoint(std::chrono::seconds(1814400000));   // 2027-07-01

LoadedRulePack Load(const std::string& content) {
  RulePackSource source;
  source.origin = "test";
  source.lists.push_back({"lists/service_accounts.txt", "svc_*\n"});
  source.rules.push_back({"r.yaml", content});
  return LoadRulePack(source, kNow);
}

constexpr std::string_view kFullRule = R"yaml(id: LH-0042
title: Full rule
description: Everything set
severity: CRITICAL
tags: [attack.collection, attack.t1213.006]
status: test
version: 3
author: someone
references: [https://example.com/a]
false_positives: [nightly export]
enabled: false
utc_offset: "-05:30"
match:
  statement:
    any: ['\bcopy\b', {literal: "a.b(c)", name: dotted}]
    all: {re: 'STDOUT', case_sensitive: true}
    none: ['\bwhere\b']
  where:
    principal: {not_in: service_accounts}
    rows: {gte: 10}
threshold:
  sum: rows
  gt: 1000
  window: 1h30m
  group_by: [principal, client]
  suppress: 2h
exceptions:
  - principal: dba
    client: 10.0.0.0/8
    reason: break glass
    expires: 2027-06-30
tests:
  - name: fires
    events:
      - {principal: alice, statement: "copy t to STDOUT", rows: 2000, duration_ms: 1.5, client: 1.2.3.4, application: psql, database: db, session_id: s, status: ok}
      - {user: bob, statement: x, time: 2026-02-02T10:00:00Z}
      - {statement: y}
    expect: {fires: 1, suppressed: 0}
)yaml";

class FullRuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    loaded_ = Load(std::string(kFullRule));
    ASSERT_THAT(loaded_.diagnostics.all(), IsEmpty()) << loaded_.diagnostics.ToString();
    ASSERT_EQ(loaded_.rules->rules.size(), 1u);
  }
  const Rule& rule() const { return loaded_.rules->rules[0]; }
  const std::vector<Pattern>& patterns() const { return loaded_.rules->patterns; }

  LoadedRulePack loaded_;
};

TEST_F(FullRuleTest, Metadata) {
  const RuleInfo& info = *rule().info;
  EXPECT_EQ(info.id, "LH-0042");
  EXPECT_EQ(info.title, "Full rule");
  EXPECT_EQ(info.description, "Everything set");
  EXPECT_EQ(info.severity, Severity::kCritical);
  EXPECT_THAT(info.tags, ElementsAre("attack.collection", "attack.t1213.006"));
  EXPECT_EQ(info.status, RuleStatus::kTest);
  EXPECT_EQ(info.version, 3);
  EXPECT_EQ(info.author, "someone");
  EXPECT_THAT(info.references, ElementsAre("https://example.com/a"));
  EXPECT_THAT(info.false_positives, ElementsAre("nightly export"));
  EXPECT_EQ(info.file, "r.yaml");
  EXPECT_FALSE(rule().enabled);
  EXPECT_EQ(rule().utc_offset, -(5h + 30min));
  EXPECT_EQ(rule().location.line, 1);
  EXPECT_EQ(rule().location.column, 1);
}

TEST_F(FullRuleTest, Patterns) {
  EXPECT_THAT(rule().statement.any, ElementsAre(0u, 1u));
  EXPECT_THAT(rule().statement.all, ElementsAre(2u));
  EXPECT_THAT(rule().statement.none, ElementsAre(3u));
  ASSERT_EQ(patterns().size(), 4u);
  EXPECT_EQ(patterns()[0].expression, "\\bcopy\\b");
  EXPECT_EQ(patterns()[0].display, "\\bcopy\\b");
  EXPECT_FALSE(patterns()[0].case_sensitive);
  // A literal is escaped byte for byte; the name is what detections show.
  EXPECT_EQ(patterns()[1].expression, "a\\.b\\(c\\)");
  EXPECT_EQ(patterns()[1].display, "dotted");
  EXPECT_EQ(patterns()[1].location.line, 15);
  EXPECT_EQ(patterns()[1].location.column, 33);
  EXPECT_EQ(patterns()[2].expression, "STDOUT");
  EXPECT_TRUE(patterns()[2].case_sensitive);
  EXPECT_EQ(patterns()[3].expression, "\\bwhere\\b");
  for (const Pattern& pattern : patterns()) EXPECT_EQ(pattern.rule_id, "LH-0042");
  EXPECT_EQ(patterns()[0].location.line, 15);
  EXPECT_EQ(patterns()[0].location.column, 11);
  EXPECT_EQ(patterns()[3].location.line, 17);
}

TEST_F(FullRuleTest, Where) {
  ASSERT_EQ(rule().where.size(), 2u);
  EXPECT_EQ(rule().where[0].field, Field::kPrincipal);
  EXPECT_EQ(rule().where[0].op, PredicateOp::kNotIn);
  EXPECT_EQ(rule().where[0].set, loaded_.rules->lists.at("service_accounts"));
  EXPECT_EQ(rule().where[1].field, Field::kRows);
  EXPECT_EQ(rule().where[1].op, PredicateOp::kGte);
  EXPECT_EQ(rule().where[1].number, 10);
  EXPECT_EQ(rule().where[1].location.line, 20);
  EXPECT_EQ(rule().where[1].location.column, 12);
}

TEST_F(FullRuleTest, Threshold) {
  ASSERT_TRUE(rule().threshold.has_value());
  const Threshold& threshold = *rule().threshold;
  EXPECT_EQ(threshold.aggregate, Threshold::Aggregate::kSum);
  EXPECT_EQ(threshold.field, Field::kRows);
  EXPECT_TRUE(threshold.strictly_greater);
  EXPECT_EQ(threshold.limit, 1000);
  EXPECT_EQ(threshold.window, 90min);
  EXPECT_THAT(threshold.group_by, ElementsAre(Field::kPrincipal, Field::kClient));
  EXPECT_EQ(threshold.suppress, 2h);
  EXPECT_EQ(threshold.location.line, 22);
}

TEST_F(FullRuleTest, Exceptions) {
  ASSERT_EQ(rule().exceptions.size(), 1u);
  const RuleException& exception = rule().exceptions[0];
  EXPECT_EQ(exception.reason, "break glass");
  ASSERT_EQ(exception.match.size(), 2u);
  EXPECT_EQ(exception.match[0].field, Field::kPrincipal);
  EXPECT_EQ(exception.match[0].op, PredicateOp::kEquals);
  EXPECT_EQ(exception.match[1].field, Field::kClient);
  EXPECT_TRUE(exception.match[1].set->ContainsAddress(*ParseIpAddress("10.1.2.3")));
  // A bare date covers that whole day: the exception ends at the next midnight.
  EXPECT_EQ(exception.expires, kJuly2027);
  EXPECT_EQ(exception.location.line, 28);
}

TEST_F(FullRuleTest, Tests) {
  ASSERT_EQ(rule().tests.size(), 1u);
  const RuleTest& test = rule().tests[0];
  EXPECT_EQ(test.name, "fires");
  EXPECT_EQ(test.expect_fires, 1);
  EXPECT_EQ(test.expect_suppressed, 0);
  EXPECT_EQ(test.location.line, 33);
  ASSERT_EQ(test.events.size(), 3u);
  const TestEvent& first = test.events[0];
  EXPECT_EQ(first.time, kTestEpoch);  // events without time are a second apart from it
  EXPECT_EQ(first.principal, "alice");
  EXPECT_EQ(first.statement, "copy t to STDOUT");
  EXPECT_EQ(first.rows, 2000);
  EXPECT_EQ(first.duration, Duration(1500));
  EXPECT_EQ(first.client, "1.2.3.4");
  EXPECT_EQ(first.application, "psql");
  EXPECT_EQ(first.database, "db");
  EXPECT_EQ(first.session_id, "s");
  EXPECT_EQ(first.status, "ok");
  EXPECT_EQ(first.location.line, 35);
  EXPECT_EQ(test.events[1].principal, "bob");
  EXPECT_EQ(test.events[1].time, kFeb2);
  EXPECT_EQ(test.events[2].time, kTestEpoch + 2s);
  EXPECT_FALSE(test.events[2].rows.has_value());

  const QueryEvent view = first.View();
  EXPECT_EQ(view.principal, "alice");
  EXPECT_EQ(view.statement, "copy t to STDOUT");
  EXPECT_EQ(view.rows, 2000);
  EXPECT_EQ(view.time, kTestEpoch);
  EXPECT_EQ(view.source.origin, "r.yaml");
  EXPECT_EQ(view.source.offset, 35);
  EXPECT_EQ(view.source.partition, -1);
}

TEST(RuleParserTest, Defaults) {
  const LoadedRulePack loaded = Load(
      "id: LH-1\ntitle: t\nseverity: low\nmatch: {where: {rows: {gt: 0}}}\n"
      "threshold: {count: true, gte: 3, window: 10m}\n"
      "tests: [{events: [{statement: s}], expect: {fires: 0}}]\n");
  ASSERT_THAT(loaded.diagnostics.all(), IsEmpty()) << loaded.diagnostics.ToString();
  const Rule& rule = loaded.rules->rules[0];
  EXPECT_EQ(rule.info->status, RuleStatus::kExperimental);
  EXPECT_EQ(rule.info->version, 1);
  EXPECT_EQ(rule.info->severity, Severity::kLow);
  EXPECT_TRUE(rule.enabled);
  EXPECT_EQ(rule.utc_offset, Duration::zero());
  EXPECT_FALSE(rule.statement.has_positive());
  ASSERT_TRUE(rule.threshold.has_value());
  EXPECT_EQ(rule.threshold->aggregate, Threshold::Aggregate::kCount);
  EXPECT_FALSE(rule.threshold->field.has_value());
  EXPECT_FALSE(rule.threshold->strictly_greater);
  EXPECT_EQ(rule.threshold->suppress, 10min);  // defaults to the window
  EXPECT_THAT(rule.threshold->group_by, IsEmpty());
  EXPECT_EQ(rule.tests[0].name, "test at line 6");
  EXPECT_FALSE(rule.tests[0].expect_suppressed.has_value());
}

TEST(RuleParserTest, StatementShorthands) {
  const LoadedRulePack loaded = Load(
      "id: LH-1\ntitle: t\nseverity: low\nmatch: {statement: [a, b]}\n"
      "tests: [{events: [{statement: s}], expect: {fires: 0}}]\n"
      "---\n"
      "id: LH-2\ntitle: t\nseverity: low\nmatch: {statement: c}\n"
      "tests: [{events: [{statement: s}], expect: {fires: 0}}]\n");
  ASSERT_THAT(loaded.diagnostics.all(), IsEmpty()) << loaded.diagnostics.ToString();
  EXPECT_THAT(loaded.rules->rules[0].statement.any, ElementsAre(0u, 1u));
  EXPECT_THAT(loaded.rules->rules[1].statement.any, ElementsAre(2u));
}

TEST(RuleParserTest, LiteralEscaping) {
  const LoadedRulePack loaded = Load(
      "id: LH-1\ntitle: t\nseverity: low\n"
      "match: {statement: {any: {literal: \"x'*+?|^$ 1_\\u00e9\"}}}\n"
      "tests: [{events: [{statement: s}], expect: {fires: 0}}]\n");
  ASSERT_THAT(loaded.diagnostics.all(), IsEmpty()) << loaded.diagnostics.ToString();
  EXPECT_EQ(loaded.rules->patterns[0].expression, "x\\'\\*\\+\\?\\|\\^\\$ 1_\\xc3\\xa9");
}

TEST(RuleParserTest, PositiveUtcOffset) {
  const LoadedRulePack loaded = Load(
      "id: LH-1\ntitle: t\nseverity: low\nutc_offset: '+02:00'\nmatch: {where: {hour: 3}}\n"
      "tests: [{events: [{statement: s}], expect: {fires: 0}}]\n");
  ASSERT_THAT(loaded.diagnostics.all(), IsEmpty()) << loaded.diagnostics.ToString();
  EXPECT_EQ(loaded.rules->rules[0].utc_offset, 2h);
}

TEST(RuleParserTest, VersionMustBePositive) {
  const LoadedRulePack loaded = Load(
      "id: LH-1\ntitle: t\nseverity: low\nversion: 0\nmatch: {statement: a}\n"
      "tests: [{events: [{statement: s}], expect: {fires: 0}}]\n");
  ASSERT_EQ(loaded.diagnostics.error_count(), 1u);
  EXPECT_EQ(loaded.diagnostics.all()[0].ToString(),
            "r.yaml:4:10: error: [LH-1] version must be a positive integer");
}

TEST(RuleParserTest, ParseRuleDirectly) {
  Diagnostics diagnostics;
  YamlReader reader("direct.yaml", diagnostics);
  NamedLists lists;
  const RuleParseContext context{lists, kNow};
  std::vector<Pattern> patterns = {Pattern{}};  // ids continue after existing patterns
  const std::optional<Rule> rule =
      ParseRule(YAML::Load("id: X.1\ntitle: t\nseverity: high\nmatch: {statement: {all: [p, q]}}\n"
                           "tests: [{events: [{statement: s}], expect: {fires: 0}}]\n"),
                reader, context, patterns);
  ASSERT_TRUE(rule.has_value());
  EXPECT_THAT(diagnostics.all(), IsEmpty()) << diagnostics.ToString();
  EXPECT_EQ(rule->id(), "X.1");
  EXPECT_THAT(rule->statement.all, ElementsAre(1u, 2u));
  EXPECT_EQ(patterns.size(), 3u);
  EXPECT_EQ(patterns[2].location.file, "direct.yaml");
}

}  // namespace
}  // namespace leakhound

namespace leakhound {
namespace {

// The group's values are written into detections: the raw statement must not be one.
TEST(RuleParserReviewTest, GroupByStatementIsRefused) {
  RulePackSource pack;
  pack.origin = "t";
  pack.rules.push_back({"r.yaml",
                        "id: X-1\ntitle: t\nseverity: low\nmatch: {where: {rows: {gt: 1}}}\n"
                        "threshold: {count: true, gte: 2, window: 1h, group_by: [statement]}\n"});
  const LoadedRulePack loaded = LoadRulePack(pack, TimePoint{});
  ASSERT_EQ(loaded.diagnostics.error_count(), 1u) << loaded.diagnostics.ToString();
  EXPECT_NE(loaded.diagnostics.all()[0].message.find("group by fingerprint instead"),
            std::string::npos);
}

}  // namespace
}  // namespace leakhound
