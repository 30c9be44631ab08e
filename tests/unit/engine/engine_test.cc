#include "engine/engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace leakhound {
namespace {

using namespace engine_test;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// --- Per-event rules ---------------------------------------------------------------------

TEST(EngineTest, PerEventRuleFiresWithFullEvidence) {
  Harness harness(Compile(RuleYaml("LH-1",
                                   "match:\n"
                                   "  statement: {any: [{re: '\\bcopy\\b', name: COPY}]}\n"
                                   "  where:\n"
                                   "    verb: copy\n"
                                   "    principal: {not_in: service_accounts}\n")));
  Event event;
  event.time = kT0;
  event.principal = "alice";
  event.client = "10.1.2.3";
  event.rows = 1200;
  event.statement = "COPY passengers TO STDOUT";
  event.origin = "audit";
  event.partition = 4;
  event.offset = 77;
  const std::vector<Detection>& detections = harness.Run({event});
  ASSERT_EQ(detections.size(), 1u);
  const Detection& d = detections[0];
  EXPECT_EQ(d.rule->id, "LH-1");
  EXPECT_EQ(d.rule->title, "Rule LH-1");
  EXPECT_EQ(d.rule->severity, Severity::kHigh);
  EXPECT_EQ(d.principal, "alice");
  EXPECT_EQ(d.client, "10.1.2.3");
  EXPECT_EQ(d.verb, "copy");
  EXPECT_EQ(d.fingerprint, "copy passengers to stdout");
  EXPECT_THAT(d.tables, ElementsAre("passengers"));
  EXPECT_THAT(d.pii_columns, ElementsAre("full_name", "email", "passport_no"));
  EXPECT_THAT(d.pii_categories, ElementsAre("name", "email", "passport"));
  EXPECT_EQ(d.rows, 1200);
  EXPECT_EQ(d.event_time, kT0);
  EXPECT_EQ(d.first_event_time, kT0);
  EXPECT_EQ(d.detection_time, kClockNow);
  EXPECT_THAT(d.matched_patterns, ElementsAre("COPY"));
  ASSERT_EQ(d.predicates.size(), 2u);
  EXPECT_EQ(d.predicates[0].field, "verb");
  EXPECT_EQ(d.predicates[0].op, "equals");
  EXPECT_EQ(d.predicates[0].expected, "copy");
  EXPECT_EQ(d.predicates[0].actual, "copy");
  EXPECT_EQ(d.predicates[1].field, "principal");
  EXPECT_EQ(d.predicates[1].op, "not_in");
  EXPECT_EQ(d.predicates[1].expected, "service_accounts");
  EXPECT_EQ(d.predicates[1].actual, "alice");
  EXPECT_FALSE(d.threshold.has_value());
  ASSERT_EQ(d.sources.size(), 1u);
  EXPECT_EQ(d.sources[0], (StoredSourceRef{"audit", 4, 77, 0}));
  EXPECT_EQ(d.sources_total, 1u);
  EXPECT_EQ(d.id.size(), 32u);
  EXPECT_EQ(d.id.find_first_not_of("0123456789abcdef"), std::string::npos);

  const EngineStats& stats = harness.engine().stats();
  EXPECT_EQ(stats.events, 1u);
  EXPECT_EQ(stats.detections, 1u);
  ASSERT_EQ(stats.rules.size(), 1u);
  EXPECT_EQ(stats.rules[0].detections, 1u);
  EXPECT_EQ(stats.events_without_time, 0u);
}

TEST(EngineTest, NonMatchingEventsDoNotFire) {
  Harness harness(Compile(RuleYaml("LH-1", "match: {statement: '\\bcopy\\b'}\n")));
  harness.Run(
      {{kT0, "alice", "select * from passengers"}, {kT0, "alice", "select copyright from books"}});
  EXPECT_THAT(harness.detections(), IsEmpty());
  EXPECT_EQ(harness.engine().stats().events, 2u);
}

TEST(EngineTest, PatternsMatchTheNormalizedStatement) {
  Harness harness(Compile(
      RuleYaml("LH-1", "match: {statement: {any: [{literal: 'select * from passengers'}]}}\n")));
  harness.Run({{kT0, "alice", "SeLeCt/**/*/**/FrOm \"Passengers\""},
               {kT0, "alice", "SELECT *\n\t FROM   passengers"},
               {kT0, "alice", "select * from passengers_archive"}});
  EXPECT_EQ(harness.detections().size(), 3u);  // a literal is not anchored at a word end
}

TEST(EngineTest, StatementAnyAllNone) {
  const auto compiled = Compile(RuleYaml("LH-1",
                                         "match:\n"
                                         "  statement:\n"
                                         "    all: ['\\bselect\\b', '\\bfrom\\b']\n"
                                         "    any: ['\\bpassengers\\b', '\\bcustomers\\b']\n"
                                         "    none: ['\\blimit\\b', '\\bcount\\b']\n"));
  struct Case {
    const char* statement;
    bool fires;
  };
  const Case cases[] = {
      {"select * from passengers", true},
      {"select * from customers", true},
      {"select email from customers, passengers", true},
      {"select * from passengers limit 5", false},  // a none pattern matched
      {"select count(*) from customers", false},    // the other none pattern
      {"select * from flights", false},             // no any pattern
      {"delete from passengers", false},            // one all pattern missing
      {"select passengers", false},                 // the other all pattern missing
  };
  for (const Case& c : cases) {
    Harness harness(compiled);
    harness.Run({{kT0, "alice", c.statement}});
    EXPECT_EQ(harness.detections().size(), c.fires ? 1u : 0u) << c.statement;
  }
}

// Second-stage patterns (an any or none that waits on a gate) are scanned when a
// candidate's gate matched, and only then; a rule sharing the expression ungated is
// unaffected.
TEST(EngineTest, SecondStagePatternsAreScannedOnceTheGateMatched) {
  const auto compiled =
      Compile(RuleYaml("LH-1", "match: {statement: {all: ['\\bunion\\b'], any: [nulls]}}\n") +
              "---\n" + RuleYaml("LH-2", "match: {statement: {any: [copy], none: [stdout]}}\n") +
              "---\n" + RuleYaml("LH-3", "match: {statement: {any: [nulls]}}\n"));
  struct Case {
    const char* statement;
    std::vector<std::string> rules;
  };
  const Case cases[] = {
      {"select 1 union select nulls", {"LH-1", "LH-3"}},
      {"select nulls", {"LH-3"}},  // LH-1's gate did not match
      {"select 1 union select 2", {}},
      {"copy t to stdout", {}},  // LH-2's none, scanned in the second stage
      {"copy t to '/tmp/x'", {"LH-2"}},
      {"select stdout union select nulls", {"LH-1", "LH-3"}},
  };
  for (const Case& c : cases) {
    Harness harness(compiled);
    harness.Run({{kT0, "alice", c.statement}});
    std::vector<std::string> fired;
    for (const Detection& d : harness.detections()) fired.push_back(d.rule->id);
    EXPECT_EQ(fired, c.rules) << c.statement;
  }
}

TEST(EngineTest, MatchedPatternsListAllThenAny) {
  Harness harness(
      Compile(RuleYaml("LH-1",
                       "match:\n"
                       "  statement:\n"
                       "    any: [{re: passengers, name: P}, {re: customers, name: C}]\n"
                       "    all: [{re: '\\bselect\\b', name: S}]\n")));
  harness.Run({{kT0, "alice", "select * from passengers"}});
  ASSERT_EQ(harness.detections().size(), 1u);
  EXPECT_THAT(harness.detections()[0].matched_patterns, ElementsAre("S", "P"));
}

TEST(EngineTest, NoneOnlyRuleIsAlwaysACandidate) {
  Harness harness(Compile(
      RuleYaml("LH-1", "match:\n  statement: {none: ['\\bwhere\\b']}\n  where: {verb: select}\n")));
  harness.Run({{kT0, "alice", "select * from t"}, {kT0, "alice", "select * from t where a = 1"}});
  ASSERT_EQ(harness.detections().size(), 1u);
  EXPECT_EQ(harness.detections()[0].sources[0].offset, 1);
}

TEST(EngineTest, WhereOnlyRuleIsAlwaysACandidate) {
  Harness harness(Compile(RuleYaml("LH-1", "match: {where: {rows: {gte: 1000}}}\n")));
  harness.Run({{kT0, "alice", "anything at all", 1000},
               {kT0, "alice", "anything at all", 999},
               {kT0, "alice", ""}});
  ASSERT_EQ(harness.detections().size(), 1u);
  EXPECT_EQ(harness.detections()[0].rows, 1000);
}

// A predicate several rules state is evaluated once per event, and when it fails it settles
// all of them: LH-2's `rows`, written first, is not read for the service account.
TEST(EngineTest, AFailedSharedPredicateSettlesEveryRuleThatStatesIt) {
  Harness harness(Compile(
      RuleYaml("LH-1", "match: {where: {principal: {not_in: service_accounts}}}\n") + "---\n" +
      RuleYaml("LH-2", "match: {where: {rows: {gt: 0}, principal: {not_in: service_accounts}}}\n") +
      "---\n" + RuleYaml("LH-3", "match: {where: {rows: {gt: 10}}}\n")));
  harness.Run({{kT0, "svc_app", "select 1", 5}});
  EXPECT_THAT(harness.detections(), IsEmpty());
  EXPECT_EQ(harness.engine().stats().predicate_evaluations, 2u);  // principal, rows > 10

  harness.Run({{kT0, "alice", "select 1", 50}});
  EXPECT_THAT(RuleIds(harness.detections()), ElementsAre("LH-1", "LH-2", "LH-3"));
  // principal, rows > 0, rows > 10: each once, LH-2's principal from LH-1's answer.
  EXPECT_EQ(harness.engine().stats().predicate_evaluations, 5u);
}

// A text predicate's answers are kept for the last texts it saw: each event still gets the
// answer for its own principal and client, whatever the ones before had.
TEST(EngineTest, AnswersKeptForRecentTextsFollowEveryChange) {
  Harness harness(Compile(RuleYaml(
      "LH-1", "match: {where: {principal: {not_in: service_accounts}, client: 10.0.0.0/8}}\n")));
  harness.Run({{kT0, "svc_app", "select 1", 1, "10.1.1.1"},
               {kT0, "svc_app", "select 1", 2, "10.1.1.1"},
               {kT0, "alice", "select 1", 3, "10.1.1.1"},
               {kT0, "alice", "select 1", 4, "10.1.1.1"},
               {kT0, "alice", "select 1", 5, "192.168.0.1"},
               {kT0, "svc_app", "select 1", 6, "10.1.1.1"},
               {kT0, "Alice", "select 1", 7, "10.9.9.9"},
               {kT0, "", "select 1", 8, "10.9.9.9"},
               {kT0, "etl", "select 1", 9, "10.9.9.9"}});
  std::vector<int64_t> rows;
  for (const Detection& detection : harness.detections()) rows.push_back(*detection.rows);
  EXPECT_THAT(rows, ElementsAre(3, 4, 7, 8));
}

// Interleaved principals (two pools and an analyst) have their answers recalled, not looked
// up in the list again.
TEST(EngineTest, AnswersForInterleavedPrincipalsAreRecalled) {
  Harness harness(
      Compile(RuleYaml("LH-1", "match: {where: {principal: {not_in: service_accounts}}}\n")));
  harness.Run({{kT0, "svc_app", "select 1", 1},
               {kT0, "alice", "select 1", 2},
               {kT0, "svc_app", "select 1", 3},
               {kT0, "alice", "select 1", 4},
               {kT0, "bob", "select 1", 5},
               {kT0, "svc_app", "select 1", 6},
               {kT0, "bob", "select 1", 7}});
  std::vector<int64_t> rows;
  for (const Detection& detection : harness.detections()) rows.push_back(*detection.rows);
  EXPECT_THAT(rows, ElementsAre(2, 4, 5, 7));
  EXPECT_EQ(harness.engine().stats().predicate_evaluations, 7u);
  EXPECT_EQ(harness.engine().stats().predicate_answers_recalled, 4u);
}

// A recalled answer is one for the very same text: names of every size up to 20 bytes,
// alternating with the same name changed in one byte (same size, and the same end bytes
// when the change is inside), get their own answers.
TEST(EngineTest, RecalledAnswersNeedEveryByteToBeTheSame) {
  for (size_t size = 1; size <= 20; ++size) {
    const std::string name(size, 'n');
    Harness harness(Compile(RuleYaml("LH-1", "match: {where: {principal: " + name + "}}\n")));
    std::vector<Event> events;
    for (size_t position = 0; position < size; ++position) {
      std::string near_miss = name;
      near_miss[position] = 'm';
      events.push_back({kT0, name, "select 1", 1});
      events.push_back({kT0, near_miss, "select 1", 2});
    }
    // And the name twice more: the second time at least, its answer is recalled (so the
    // test fails if no text were ever found the same either).
    events.push_back({kT0, name, "select 1", 3});
    events.push_back({kT0, name, "select 1", 4});
    harness.Run(std::move(events));
    ASSERT_EQ(harness.detections().size(), size + 2) << size;
    for (const Detection& detection : harness.detections()) {
      EXPECT_EQ(detection.principal, name) << size;
    }
    EXPECT_GT(harness.engine().stats().predicate_answers_recalled, 0u) << size;
  }
}

TEST(EngineTest, DisabledRuleNeverFires) {
  Harness harness(Compile(RuleYaml("LH-1", "enabled: false\nmatch: {statement: copy}\n")));
  harness.Run({{kT0, "alice", "copy t to stdout"}});
  EXPECT_THAT(harness.detections(), IsEmpty());
}

// A rule without patterns is a candidate for every event: disabled, it is skipped there
// too, beside an enabled twin that fires; and a reload that disables a rule stops it.
TEST(EngineTest, DisabledRuleWithoutPatternsNeverFiresAndAReloadCanDisableOne) {
  const std::string where = "match: {where: {principal: {in: [alice]}}}\n";
  Harness harness(Compile(RuleYaml("LH-1", "enabled: false\n" + std::string(where)) + "---\n" +
                          RuleYaml("LH-2", where)));
  harness.Run({{kT0, "alice", "select 1"}});
  EXPECT_THAT(RuleIds(harness.detections()), ElementsAre("LH-2"));
  ASSERT_TRUE(harness.engine()
                  .SwapRules(Compile(RuleYaml("LH-1", where) + "---\n" +
                                     RuleYaml("LH-2", "enabled: false\n" + std::string(where))))
                  .ok());
  harness.Run({{kT0 + std::chrono::seconds(1), "alice", "select 2"}});
  EXPECT_THAT(RuleIds(harness.detections()), ElementsAre("LH-2", "LH-1"));
}

TEST(EngineTest, SeveralRulesFireInPackOrder) {
  Harness harness(Compile(RuleYaml("LH-B", "match: {statement: copy}\n") + "---\n" +
                          RuleYaml("LH-A", "match: {where: {verb: copy}}\n") + "---\n" +
                          RuleYaml("LH-C", "match: {statement: nomatch}\n")));
  harness.Run({{kT0, "alice", "copy t to stdout"}});
  EXPECT_THAT(RuleIds(harness.detections()), ElementsAre("LH-B", "LH-A"));
  EXPECT_EQ(harness.engine().stats().rules[0].detections, 1u);
  EXPECT_EQ(harness.engine().stats().rules[1].detections, 1u);
  EXPECT_EQ(harness.engine().stats().rules[2].detections, 0u);
}

// Candidates are bits, 64 rules a word: a pack of 130 rules spans three words, and a
// predicate that fails settles rules in all of them. Every third rule needs a pattern,
// the others are where-only; rules 60-129 of those also need rows > 10.
TEST(EngineTest, CandidatesAcrossSeveralWordsFireInPackOrder) {
  std::string pack;
  std::vector<std::string> all_ids, low_rows_ids;
  for (int i = 0; i < 130; ++i) {
    const std::string id = "LH-" + std::to_string(1000 + i);
    std::string match = i % 3 == 0 ? "statement: copy" : "where: {verb: copy}";
    if (i >= 60)
      match = i % 3 == 0 ? "statement: copy, where: {rows: {gt: 10}}"
                         : "where: {verb: copy, rows: {gt: 10}}";
    pack += (i == 0 ? "" : "---\n") + RuleYaml(id, "match: {" + match + "}\n");
    all_ids.push_back(id);
    if (i < 60) low_rows_ids.push_back(id);
  }
  const std::shared_ptr<const CompiledRules> compiled = Compile(pack);
  const auto fired = [&](Event event) {
    Harness harness(compiled);
    return RuleIds(harness.Run({std::move(event)}));
  };
  EXPECT_THAT(fired({kT0, "alice", "copy t to stdout", 50}), ElementsAreArray(all_ids));
  EXPECT_THAT(fired({kT0, "alice", "copy t to stdout", 5}), ElementsAreArray(low_rows_ids));
  EXPECT_THAT(fired({kT0, "alice", "select 1", 50}), IsEmpty());
}

TEST(EngineTest, OnlyRuleRestrictsEvaluationBeyondTheFirstWord) {
  std::string pack;
  for (int i = 0; i < 100; ++i) {
    pack += (i == 0 ? "" : "---\n") +
            RuleYaml("LH-" + std::to_string(1000 + i),
                     i % 2 == 0 ? "match: {statement: copy}\n" : "match: {where: {verb: copy}}\n");
  }
  for (uint32_t only : {0u, 63u, 64u, 99u}) {
    EngineOptions options;
    options.only_rule = only;
    Harness harness(Compile(pack), options);
    harness.Run({{kT0, "a", "copy t"}, {kT0, "a", "select 1"}});
    EXPECT_THAT(RuleIds(harness.detections()), ElementsAre("LH-" + std::to_string(1000 + only)));
  }
}

// --- Predicates and absent values --------------------------------------------------------

TEST(EngineTest, AbsentValuesMakeNotInHoldAndComparisonsFail) {
  Harness not_in(
      Compile(RuleYaml("LH-1", "match: {where: {principal: {not_in: service_accounts}}}\n")));
  not_in.Run({{kT0, "", "select 1"},
              {kT0, "svc_batch", "select 1"},
              {kT0, "ETL", "select 1"},
              {kT0, "alice", "select 1"}});
  ASSERT_EQ(not_in.detections().size(), 2u);
  EXPECT_EQ(not_in.detections()[0].principal, "");
  EXPECT_EQ(not_in.detections()[1].principal, "alice");

  Harness gte(Compile(RuleYaml("LH-1", "match: {where: {rows: {gte: 0}}}\n")));
  gte.Run({{kT0, "alice", "select 1"}, {kT0, "alice", "select 1", 0}});
  ASSERT_EQ(gte.detections().size(), 1u);
  EXPECT_EQ(gte.detections()[0].rows, 0);

  Harness in(Compile(RuleYaml("LH-1", "match: {where: {principal: {in: service_accounts}}}\n")));
  in.Run({{kT0, "", "select 1"}});
  EXPECT_THAT(in.detections(), IsEmpty());

  Harness not_equals(
      Compile(RuleYaml("LH-1", "match: {where: {client: {not_equals: 10.0.0.1}}}\n")));
  not_equals.Run({{kT0, "alice", "select 1"}});
  EXPECT_EQ(not_equals.detections().size(), 1u);
}

TEST(EngineTest, ExistsPredicates) {
  Harness harness(Compile(
      RuleYaml("LH-1", "match: {where: {limit: {exists: false}, rows: {exists: true}}}\n")));
  harness.Run({{kT0, "a", "select * from t", 5},
               {kT0, "a", "select * from t limit 10", 5},
               {kT0, "a", "select * from t"}});
  ASSERT_EQ(harness.detections().size(), 1u);
  EXPECT_EQ(harness.detections()[0].sources[0].offset, 1);
}

TEST(EngineTest, ClientCidrAndSingleAddresses) {
  Harness harness(
      Compile(RuleYaml("LH-1", "match: {where: {client: {in: [10.0.0.0/8, 192.0.2.7]}}}\n")));
  Event base{kT0, "a", "select 1"};
  std::vector<Event> events;
  for (const char* client : {"10.200.1.1", "10.1.1.1:5432", "192.0.2.7", "192.0.2.8", "[::1]:5432",
                             "not-an-address", ""}) {
    Event event = base;
    event.client = client;
    events.push_back(event);
  }
  harness.Run(events);
  std::vector<std::string> clients;
  for (const Detection& d : harness.detections()) clients.push_back(d.client);
  EXPECT_THAT(clients, ElementsAre("10.200.1.1", "10.1.1.1:5432", "192.0.2.7"));
}

TEST(EngineTest, ListFieldsInAndNotIn) {
  Harness in(Compile(RuleYaml("LH-1", "match: {where: {pii_categories: {in: [passport]}}}\n")));
  in.Run({{kT0, "a", "select passport_no from passengers"},
          {kT0, "a", "select email from passengers"},
          {kT0, "a", "select * from flights"}});
  EXPECT_EQ(in.detections().size(), 1u);

  Harness not_in(Compile(RuleYaml("LH-1", "match: {where: {tables: {not_in: [audit_log]}}}\n")));
  not_in.Run({{kT0, "a", "select * from audit_log"},
              {kT0, "a", "select * from audit_log join users on true"},
              {kT0, "a", "select * from users"},
              {kT0, "a", "select 1"}});  // no table at all: absent, so not_in holds
  ASSERT_EQ(not_in.detections().size(), 2u);
  EXPECT_EQ(not_in.detections()[0].sources[0].offset, 3);
  EXPECT_EQ(not_in.detections()[1].sources[0].offset, 4);
}

TEST(EngineTest, HourBetweenWrapsMidnightInTheRulesOffset) {
  Harness utc(Compile(RuleYaml("LH-1", "match: {where: {hour: {between: [22, 5]}}}\n")));
  utc.Run({{kT0 - 10h, "a", "s"},            // 00:00
           {kT0 - 5h, "a", "s"},             // 05:00
           {kT0 - 4h, "a", "s"},             // 06:00
           {kT0 + 11h, "a", "s"},            // 21:00
           {kT0 + 12h, "a", "s"},            // 22:00
           {kT0 + 13h + 59min, "a", "s"}});  // 23:59
  std::vector<int64_t> lines;
  for (const Detection& d : utc.detections()) lines.push_back(d.sources[0].offset);
  EXPECT_THAT(lines, ElementsAre(1, 2, 5, 6));

  // With utc_offset +02:00, 21:00 UTC is 23:00 local.
  Harness local(Compile(
      RuleYaml("LH-1", "utc_offset: '+02:00'\nmatch: {where: {hour: {between: [22, 5]}}}\n")));
  local.Run({{kT0 + 11h, "a", "s"}, {kT0 - 4h, "a", "s"}});
  ASSERT_EQ(local.detections().size(), 1u);
  EXPECT_EQ(local.detections()[0].sources[0].offset, 1);
  ASSERT_EQ(local.detections()[0].predicates.size(), 1u);
  EXPECT_EQ(local.detections()[0].predicates[0].actual, "23");
}

TEST(EngineTest, WeekdayNames) {
  Harness harness(Compile(RuleYaml("LH-1", "match: {where: {weekday: [sat, sun]}}\n")));
  harness.Run({{kT0, "a", "s"},          // Monday
               {kT0 - 48h, "a", "s"},    // Saturday
               {kT0 - 24h, "a", "s"}});  // Sunday
  EXPECT_EQ(harness.detections().size(), 2u);
}

TEST(EngineTest, EventWithoutTimeUsesTheClock) {
  Harness harness(Compile(RuleYaml("LH-1", "match: {where: {hour: 10}}\n")));
  harness.clock().Set(kT0);  // 10:00
  harness.Run({{std::nullopt, "a", "s"}});
  ASSERT_EQ(harness.detections().size(), 1u);
  EXPECT_EQ(harness.detections()[0].event_time, kT0);
  EXPECT_EQ(harness.engine().stats().events_without_time, 1u);
}

// --- Exceptions --------------------------------------------------------------------------

TEST(EngineTest, ExceptionWithoutExpiry) {
  Harness harness(
      Compile(RuleYaml("LH-1",
                       "match: {statement: copy}\n"
                       "exceptions:\n"
                       "  - {principal: dba, client: 10.20.0.0/16, reason: bastion}\n")));
  harness.Run({{kT0, "dba", "copy t to stdout", std::nullopt, "10.20.3.4"},
               {kT0, "dba", "copy t to stdout", std::nullopt, "192.0.2.1"},
               {kT0, "alice", "copy t to stdout", std::nullopt, "10.20.3.4"}});
  ASSERT_EQ(harness.detections().size(), 2u);
  EXPECT_EQ(harness.detections()[0].client, "192.0.2.1");
  EXPECT_EQ(harness.detections()[1].principal, "alice");
  EXPECT_EQ(harness.engine().stats().rules[0].excepted, 1u);
}

TEST(EngineTest, ExceptionExpiryIsComparedWithTheEventTime) {
  // A bare date covers that whole day.
  Harness harness(
      Compile(RuleYaml("LH-1",
                       "match: {statement: copy}\n"
                       "exceptions:\n"
                       "  - {principal: dba, reason: migration, expires: 2026-02-02}\n")));
  const TimePoint end_of_day = kT0 + 14h;  // 2026-02-03T00:00:00Z
  harness.Run({{end_of_day - 1s, "dba", "copy t to stdout"},
               {end_of_day, "dba", "copy t to stdout"},
               {kT0 - 30 * 24h, "dba", "copy t to stdout"}});
  ASSERT_EQ(harness.detections().size(), 1u);
  EXPECT_EQ(harness.detections()[0].event_time, end_of_day);
  EXPECT_EQ(harness.engine().stats().rules[0].excepted, 2u);
}

TEST(EngineTest, ExpiredExceptionStillLoadsAndCoversOlderEvents) {
  // Expired at load time (a warning), but an event from before the expiry is still covered.
  CompileOutcome outcome =
      LoadAndCompile(Pack(RuleYaml("LH-1",
                                   "match: {statement: copy}\nexceptions:\n"
                                   "  - {principal: dba, reason: old, expires: 2026-01-01}\n")),
                     kLoadTime);
  ASSERT_NE(outcome.compiled, nullptr) << outcome.diagnostics.ToString();
  EXPECT_EQ(outcome.diagnostics.warning_count(), 2u);  // expired, and no tests
  Harness harness(outcome.compiled);
  harness.Run({{kT0 - 40 * 24h, "dba", "copy t"}, {kT0, "dba", "copy t"}});
  ASSERT_EQ(harness.detections().size(), 1u);
  EXPECT_EQ(harness.detections()[0].event_time, kT0);
}

TEST(EngineTest, ExceptionDoesNotApplyToAThresholdsCount) {
  Harness harness(Compile(RuleYaml("LH-1",
                                   "match: {where: {verb: select}}\n"
                                   "threshold: {count: true, gte: 2, window: 10m}\n"
                                   "exceptions: [{principal: etl, reason: batch}]\n")));
  harness.Run(
      {{kT0, "etl", "select 1"}, {kT0 + 1s, "etl", "select 1"}, {kT0 + 2s, "etl", "select 1"}});
  EXPECT_THAT(harness.detections(), IsEmpty());
  EXPECT_EQ(harness.engine().stats().rules[0].excepted, 3u);
  EXPECT_EQ(harness.engine().state_groups(), 0u);
}

// --- Thresholds --------------------------------------------------------------------------

TEST(EngineTest, CountThreshold) {
  Harness harness(Compile(RuleYaml("LH-1",
                                   "match: {where: {verb: select}}\n"
                                   "threshold: {count: true, gte: 3, window: 10m}\n")));
  harness.Run({{kT0, "alice", "select 1"}, {kT0 + 1min, "alice", "select 2"}});
  EXPECT_THAT(harness.detections(), IsEmpty());
  harness.Run({{kT0 + 2min, "alice", "select 3"}});
  ASSERT_EQ(harness.detections().size(), 1u);
  const Detection& d = harness.detections()[0];
  ASSERT_TRUE(d.threshold.has_value());
  const ThresholdEvidence& t = *d.threshold;
  EXPECT_EQ(t.aggregate, "count");
  EXPECT_EQ(t.field, "");
  EXPECT_EQ(t.value, 3);
  EXPECT_EQ(t.op, "gte");
  EXPECT_EQ(t.threshold, 3);
  EXPECT_EQ(t.window, 10min);
  EXPECT_EQ(t.window_start, kT0);
  EXPECT_EQ(t.window_end, kT0 + 2min);
  EXPECT_EQ(t.events, 3u);
  EXPECT_THAT(t.group, IsEmpty());
  EXPECT_EQ(t.suppressed, 0u);
  EXPECT_EQ(d.event_time, kT0 + 2min);
  EXPECT_EQ(d.first_event_time, kT0);
  ASSERT_EQ(d.sources.size(), 3u);
  EXPECT_EQ(d.sources[0].offset, 1);
  EXPECT_EQ(d.sources[2].offset, 3);
  EXPECT_EQ(d.sources_total, 3u);
  EXPECT_EQ(harness.engine().state_groups(), 1u);
  EXPECT_EQ(harness.engine().state_entries(), 3u);
}

TEST(EngineTest, GtIsStrict) {
  Harness harness(Compile(RuleYaml("LH-1",
                                   "match: {where: {verb: select}}\n"
                                   "threshold: {count: true, gt: 2, window: 10m}\n")));
  harness.Run({{kT0, "a", "select 1"}, {kT0 + 1s, "a", "select 1"}});
  EXPECT_THAT(harness.detections(), IsEmpty());
  harness.Run({{kT0 + 2s, "a", "select 1"}});
  ASSERT_EQ(harness.detections().size(), 1u);
  EXPECT_EQ(harness.detections()[0].threshold->op, "gt");
}

TEST(EngineTest, SumThreshold) {
  Harness harness(Compile(RuleYaml("LH-1",
                                   "match: {where: {pii_table: true}}\n"
                                   "threshold: {sum: rows, gte: 100, window: 10m}\n")));
  harness.Run({{kT0, "a", "select email from customers", 40},
               {kT0 + 1s, "a", "select email from customers"},  // no rows: adds nothing
               {kT0 + 2s, "a", "select email from customers", 40}});
  EXPECT_THAT(harness.detections(), IsEmpty());
  harness.Run({{kT0 + 3s, "a", "select email from customers", 30}});
  ASSERT_EQ(harness.detections().size(), 1u);
  const ThresholdEvidence& t = *harness.detections()[0].threshold;
  EXPECT_EQ(t.aggregate, "sum");
  EXPECT_EQ(t.field, "rows");
  EXPECT_EQ(t.value, 110);
  EXPECT_EQ(t.events, 4u);
}

TEST(EngineTest, DistinctOverAListField) {
  Harness harness(Compile(RuleYaml("LH-1",
                                   "match: {where: {pii_table: true}}\n"
                                   "threshold: {distinct: pii_tables, gte: 3, window: 1h}\n")));
  harness.Run(
      {{kT0, "a", "select email from passengers"},
       {kT0 + 1min, "a", "select email from passengers"},
       {kT0 + 2min, "a", "select p.email, c.email from passengers p join customers c on true"}});
  EXPECT_THAT(harness.detections(), IsEmpty());
  harness.Run({{kT0 + 3min, "a", "select contact_email from bookings"}});
  ASSERT_EQ(harness.detections().size(), 1u);
  const Detection& d = harness.detections()[0];
  EXPECT_EQ(d.threshold->aggregate, "distinct");
  EXPECT_EQ(d.threshold->field, "pii_tables");
  EXPECT_EQ(d.threshold->value, 3);
  EXPECT_EQ(d.threshold->events, 4u);
  // One source per record, even for the record that contributed two tables.
  ASSERT_EQ(d.sources.size(), 4u);
  EXPECT_EQ(d.sources_total, 4u);
  EXPECT_EQ(d.sources[2].offset, 3);
  EXPECT_EQ(d.sources[3].offset, 4);
}

TEST(EngineTest, DistinctOverAStringField) {
  Harness harness(Compile(RuleYaml("LH-1",
                                   "match: {where: {verb: select}}\n"
                                   "threshold: {distinct: fingerprint, gte: 3, window: 1h}\n")));
  harness.Run({{kT0, "a", "select * from t where id = 1"},
               {kT0 + 1s, "a", "select * from t where id = 2"},  // same fingerprint
               {kT0 + 2s, "a", "select * from u"}});
  EXPECT_THAT(harness.detections(), IsEmpty());
  harness.Run({{kT0 + 3s, "a", "select * from v"}});
  EXPECT_EQ(harness.detections().size(), 1u);
}

TEST(EngineTest, GroupBySeparatesWindows) {
  Harness harness(Compile(RuleYaml("LH-1",
                                   "match: {where: {verb: select}}\n"
                                   "threshold: {count: true, gte: 3, window: 10m, "
                                   "group_by: [principal, client]}\n")));
  harness.Run({{kT0, "alice", "select 1", std::nullopt, "10.0.0.1"},
               {kT0 + 1s, "bob", "select 1", std::nullopt, "10.0.0.1"},
               {kT0 + 2s, "alice", "select 1", std::nullopt, "10.0.0.1"},
               {kT0 + 3s, "bob", "select 1", std::nullopt, "10.0.0.1"},
               {kT0 + 4s, "alice", "select 1", std::nullopt, "10.0.0.2"}});
  EXPECT_THAT(harness.detections(), IsEmpty());
  EXPECT_EQ(harness.engine().state_groups(), 3u);
  harness.Run({{kT0 + 5s, "alice", "select 1", std::nullopt, "10.0.0.1"}});
  ASSERT_EQ(harness.detections().size(), 1u);
  const Detection& d = harness.detections()[0];
  using Group = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(d.threshold->group, (Group{{"principal", "alice"}, {"client", "10.0.0.1"}}));
  std::vector<int64_t> lines;
  for (const StoredSourceRef& source : d.sources) lines.push_back(source.offset);
  EXPECT_THAT(lines, ElementsAre(1, 3, 6));
}

TEST(EngineTest, GroupValuesCannotBeConfusedAcrossFields) {
  Harness harness(Compile(RuleYaml("LH-1",
                                   "match: {where: {verb: select}}\n"
                                   "threshold: {count: true, gte: 2, window: 10m, "
                                   "group_by: [principal, client]}\n")));
  // "ab" + "" and "a" + "b" must be different groups.
  Event first{kT0, "ab", "select 1", std::nullopt, ""};
  Event second{kT0 + 1s, "a", "select 1", std::nullopt, "b"};
  harness.Run({first, second});
  EXPECT_THAT(harness.detections(), IsEmpty());
}

TEST(EngineTest, WindowEvictionIsHalfOpen) {
  Harness harness(Compile(RuleYaml("LH-1",
                                   "match: {where: {verb: select}}\n"
                                   "threshold: {count: true, gte: 3, window: 10m}\n")));
  // At kT0+10m the event of kT0 is exactly one window old: out.
  harness.Run(
      {{kT0, "a", "select 1"}, {kT0 + 5min, "a", "select 1"}, {kT0 + 10min, "a", "select 1"}});
  EXPECT_THAT(harness.detections(), IsEmpty());
  harness.Run({{kT0 + 11min, "a", "select 1"}});
  ASSERT_EQ(harness.detections().size(), 1u);
  const ThresholdEvidence& t = *harness.detections()[0].threshold;
  EXPECT_EQ(t.window_start, kT0 + 5min);
  EXPECT_EQ(t.window_end, kT0 + 11min);
  EXPECT_EQ(t.events, 3u);
  EXPECT_EQ(harness.detections()[0].first_event_time, kT0 + 5min);
}

TEST(EngineTest, OutOfOrderEventsInsideTheWindowCountLateOnesDoNot) {
  Harness harness(Compile(RuleYaml("LH-1",
                                   "match: {where: {verb: select}}\n"
                                   "threshold: {count: true, gte: 3, window: 10m}\n")));
  harness.Run({{kT0 + 20min, "a", "select 1"},
               {kT0, "a", "select 1"},            // 20 minutes late: refused
               {kT0 + 15min, "a", "select 1"}});  // out of order, inside the window
  EXPECT_THAT(harness.detections(), IsEmpty());
  EXPECT_EQ(harness.engine().stats().late_events, 1u);
  harness.Run({{kT0 + 12min, "a", "select 1"}});
  ASSERT_EQ(harness.detections().size(), 1u);
  EXPECT_EQ(harness.detections()[0].threshold->window_start, kT0 + 12min);
  EXPECT_EQ(harness.detections()[0].threshold->window_end, kT0 + 20min);
}

TEST(EngineTest, SuppressionCountsAndReportsInTheNextDetection) {
  Harness harness(Compile(RuleYaml("LH-1",
                                   "match: {where: {verb: select}}\n"
                                   "threshold: {count: true, gte: 2, window: 10m, suppress: 30m,"
                                   " group_by: [principal]}\n")));
  harness.Run({{kT0, "a", "select 1"}, {kT0 + 1min, "a", "select 1"}});
  ASSERT_EQ(harness.detections().size(), 1u);
  EXPECT_EQ(harness.detections()[0].threshold->suppressed, 0u);
  // Crossings inside the suppression are counted, not reported.
  harness.Run({{kT0 + 2min, "a", "select 1"},
               {kT0 + 3min, "a", "select 1"},
               {kT0 + 4min, "b", "select 1"},
               {kT0 + 5min, "b", "select 1"}});
  ASSERT_EQ(harness.detections().size(), 2u);  // b's first crossing is not suppressed
  EXPECT_EQ(harness.detections()[1].principal, "b");
  EXPECT_EQ(harness.engine().stats().rules[0].suppressed, 2u);
  // a's suppression lasts until kT0+31m (its firing at kT0+1m plus 30m). By kT0+30m its old
  // events have left the window, so the first event there does not cross; the second does,
  // inside the suppression.
  harness.Run({{kT0 + 30min, "a", "select 1"}, {kT0 + 30min + 30s, "a", "select 1"}});
  ASSERT_EQ(harness.detections().size(), 2u);
  EXPECT_EQ(harness.engine().stats().rules[0].suppressed, 3u);
  // At exactly kT0+31m the suppression is over: the crossing fires and reports all three.
  harness.Run({{kT0 + 31min, "a", "select 1"}});
  ASSERT_EQ(harness.detections().size(), 3u);
  EXPECT_EQ(harness.detections()[2].principal, "a");
  EXPECT_EQ(harness.detections()[2].threshold->suppressed, 3u);
  EXPECT_EQ(harness.engine().stats().rules[0].suppressed, 3u);
  EXPECT_EQ(harness.engine().stats().rules[0].detections, 3u);
}

TEST(EngineTest, SuppressDefaultsToTheWindow) {
  Harness harness(Compile(RuleYaml("LH-1",
                                   "match: {where: {verb: select}}\n"
                                   "threshold: {count: true, gte: 1, window: 10m}\n")));
  harness.Run(
      {{kT0, "a", "select 1"}, {kT0 + 9min, "a", "select 1"}, {kT0 + 10min, "a", "select 1"}});
  ASSERT_EQ(harness.detections().size(), 2u);
  EXPECT_EQ(harness.detections()[1].event_time, kT0 + 10min);
  EXPECT_EQ(harness.detections()[1].threshold->suppressed, 1u);
}

// --- Detection ids and sources -----------------------------------------------------------

TEST(EngineTest, DetectionIdsAreDeterministic) {
  const auto compiled = Compile(RuleYaml("LH-1", "match: {statement: copy}\n") + "---\n" +
                                RuleYaml("LH-2", "match: {statement: copy}\n"));
  Harness first(compiled);
  Harness second(compiled);
  Harness later(compiled);
  later.clock().Set(kClockNow + 1000h);  // detection time does not enter the id
  const std::vector<Event> events = {{kT0, "a", "copy t to stdout"},
                                     {kT0, "a", "copy u to stdout"}};
  first.Run(events);
  second.Run(events);
  later.Run(events);
  ASSERT_EQ(first.detections().size(), 4u);
  ASSERT_EQ(second.detections().size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(first.detections()[i].id, second.detections()[i].id);
    EXPECT_EQ(first.detections()[i].id, later.detections()[i].id);
  }
  // Different source, or different rule: a different id.
  EXPECT_NE(first.detections()[0].id, first.detections()[2].id);  // LH-1, lines 1 and 2
  EXPECT_NE(first.detections()[0].id, first.detections()[1].id);  // LH-1 and LH-2, line 1
}

TEST(EngineTest, DetectionIdDependsOnEveryPartOfTheSource) {
  const auto compiled = Compile(RuleYaml("LH-1", "match: {statement: copy}\n"));
  auto id_for = [&](Event event) {
    Harness harness(compiled);
    harness.Run({event});
    return harness.detections().empty() ? std::string() : harness.detections()[0].id;
  };
  Event base{kT0, "a", "copy t"};
  base.origin = "topic";
  base.partition = 1;
  base.offset = 10;
  const std::string id = id_for(base);
  ASSERT_FALSE(id.empty());
  Event other_origin = base;
  other_origin.origin = "topic2";
  Event other_partition = base;
  other_partition.partition = 2;
  Event other_offset = base;
  other_offset.offset = 11;
  Event other_index = base;
  other_index.index = 1;
  Event other_statement = base;
  other_statement.statement = "copy u";
  EXPECT_NE(id_for(other_origin), id);
  EXPECT_NE(id_for(other_partition), id);
  EXPECT_NE(id_for(other_offset), id);
  EXPECT_NE(id_for(other_index), id);
  EXPECT_EQ(id_for(other_statement), id);  // the id names the records, not their content
}

TEST(EngineTest, SourcesAreCappedButAllCounted) {
  EngineOptions options;
  options.max_sources_per_detection = 2;
  Harness harness(Compile(RuleYaml("LH-1",
                                   "match: {where: {verb: select}}\n"
                                   "threshold: {count: true, gte: 5, window: 10m}\n")),
                  options);
  std::vector<Event> events;
  for (int i = 0; i < 5; ++i) events.push_back({kT0 + std::chrono::seconds(i), "a", "select 1"});
  harness.Run(events);
  ASSERT_EQ(harness.detections().size(), 1u);
  const Detection& d = harness.detections()[0];
  EXPECT_EQ(d.sources_total, 5u);
  ASSERT_EQ(d.sources.size(), 2u);
  // The most recent are kept: they include the record that made the rule fire.
  EXPECT_EQ(d.sources[0].offset, 4);
  EXPECT_EQ(d.sources[1].offset, 5);
}

TEST(EngineTest, CappedSourcesStillGiveDistinctIds) {
  EngineOptions options;
  options.max_sources_per_detection = 1;
  const auto compiled = Compile(RuleYaml("LH-1",
                                         "match: {where: {verb: select}}\n"
                                         "threshold: {count: true, gte: 2, window: 10m}\n"));
  Harness a(compiled, options);
  Harness b(compiled, options);
  a.Run({{kT0, "x", "select 1", std::nullopt, "", "f", 1},
         {kT0 + 1s, "x", "select 1", std::nullopt, "", "f", 3}});
  b.Run({{kT0, "x", "select 1", std::nullopt, "", "f", 2},
         {kT0 + 1s, "x", "select 1", std::nullopt, "", "f", 3}});
  ASSERT_EQ(a.detections().size(), 1u);
  ASSERT_EQ(b.detections().size(), 1u);
  EXPECT_EQ(a.detections()[0].sources, b.detections()[0].sources);  // both keep only line 3
  EXPECT_NE(a.detections()[0].id, b.detections()[0].id);            // the id covers every source
}

// --- Privacy -----------------------------------------------------------------------------

TEST(EngineTest, FingerprintNeverCarriesTheStatementsLiterals) {
  Harness harness(Compile(RuleYaml("LH-1",
                                   "match:\n  statement: passengers\n"
                                   "  where: {statement: {exists: true}}\n")));
  const std::string statement =
      "select * from passengers where email = 'alice@example.com' and passport_no = "
      "'X1234567' and id in (17, 18, 19) and score > 4.5";
  harness.Run({{kT0, "a", statement}});
  ASSERT_EQ(harness.detections().size(), 1u);
  const Detection& d = harness.detections()[0];
  for (const char* literal : {"alice@example.com", "X1234567", "17", "18", "4.5"}) {
    EXPECT_THAT(d.fingerprint, Not(HasSubstr(literal)));
    for (const PredicateEvidence& p : d.predicates) EXPECT_THAT(p.actual, Not(HasSubstr(literal)));
  }
  EXPECT_THAT(d.fingerprint, HasSubstr("select * from passengers where email = ?"));
  // Evidence about `statement` shows the fingerprint instead of the raw text.
  ASSERT_EQ(d.predicates.size(), 1u);
  EXPECT_EQ(d.predicates[0].field, "statement");
  EXPECT_EQ(d.predicates[0].actual, d.fingerprint);
}

TEST(EngineTest, LongFingerprintsAreCut) {
  EngineOptions options;
  options.max_fingerprint_bytes = 32;
  Harness harness(Compile(RuleYaml("LH-1", "match: {statement: select}\n")), options);
  harness.Run({{kT0, "a", "select aaaaaaaaaa, bbbbbbbbbb, cccccccccc, dddddddddd from t"}});
  ASSERT_EQ(harness.detections().size(), 1u);
  EXPECT_EQ(harness.detections()[0].fingerprint, "select aaaaaaaaaa, bbbbbbbbbb, c...");
}

// --- Engine state ------------------------------------------------------------------------

TEST(EngineTest, EnginesSharingRulesKeepSeparateState) {
  const auto compiled = Compile(RuleYaml("LH-1",
                                         "match: {where: {verb: select}}\n"
                                         "threshold: {count: true, gte: 2, window: 10m}\n"));
  Harness first(compiled);
  Harness second(compiled);
  first.Run({{kT0, "a", "select 1"}});
  second.Run({{kT0 + 1s, "a", "select 1"}});
  EXPECT_THAT(first.detections(), IsEmpty());
  EXPECT_THAT(second.detections(), IsEmpty());
  first.Run({{kT0 + 2s, "a", "select 1"}});
  EXPECT_EQ(first.detections().size(), 1u);
}

TEST(EngineTest, MaxGroupsOverflowIsCounted) {
  EngineOptions options;
  options.threshold_limits.max_groups = 2;
  Harness harness(Compile(RuleYaml("LH-1",
                                   "match: {where: {verb: select}}\n"
                                   "threshold: {count: true, gte: 1, window: 10m, "
                                   "group_by: [principal]}\n")),
                  options);
  harness.Run({{kT0, "a", "select 1"},
               {kT0, "b", "select 1"},
               {kT0, "c", "select 1"},
               {kT0, "d", "select 1"}});
  EXPECT_EQ(harness.detections().size(), 2u);
  EXPECT_EQ(harness.engine().state_groups(), 2u);
  EXPECT_EQ(harness.engine().stats().state_overflow, 2u);
}

TEST(EngineTest, OnlyRuleRestrictsEvaluation) {
  EngineOptions options;
  options.only_rule = 1;
  Harness harness(Compile(RuleYaml("LH-1", "match: {statement: copy}\n") + "---\n" +
                          RuleYaml("LH-2", "match: {statement: copy}\n")),
                  options);
  harness.Run({{kT0, "a", "copy t"}});
  EXPECT_THAT(RuleIds(harness.detections()), ElementsAre("LH-2"));
}

TEST(EngineTest, EmptyAndHostileStatementsDoNotFail) {
  Harness harness(Compile(RuleYaml("LH-1", "match: {statement: copy}\n")));
  std::string binary("copy \0\xff\xfe '", 10);
  harness.Run({{kT0, "a", ""}, {kT0, "a", binary}, {kT0, "a", std::string(100000, '(')}});
  EXPECT_EQ(harness.engine().stats().events, 3u);
  EXPECT_EQ(harness.detections().size(), 1u);
}

}  // namespace
}  // namespace leakhound
