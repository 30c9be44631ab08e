// Regressions for what the code review of the engine found: each test fails without its fix.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace leakhound {
namespace {

using namespace engine_test;  // NOLINT
using ::testing::ElementsAre;

// A statement MySQL and PostgreSQL read differently is matched in both readings: here
// the COPY only exists in the PostgreSQL reading (in MySQL the quote swallows it).
TEST(EngineReviewTest, PatternsMatchEitherReadingOfAnAmbiguousStatement) {
  Harness harness(
      Compile(RuleYaml("LH-1", "match: {statement: {any: [copy]}, where: {copy_to: true}}\n")));
  Event event;
  event.time = kT0;
  event.principal = "mallory";
  event.statement = "select 'a\\'; copy passengers to stdout -- '";
  EXPECT_EQ(harness.Run({event}).size(), 1u);
}

// One year-9999 timestamp must not push every window past its end.
TEST(EngineReviewTest, EventsFromTheFarFutureAreTakenAsNow) {
  Harness harness(
      Compile(RuleYaml("LH-1",
                       "match: {where: {rows: {gt: 0}}}\n"
                       "threshold: {sum: rows, gte: 100, window: 1h, group_by: [principal]}\n")));
  Event future;
  future.time = *ParseTimestamp("9999-12-31T00:00:00Z");
  future.principal = "mallory";
  future.rows = 60;
  future.statement = "select 1";
  Event now = future;
  now.time = kClockNow;
  EXPECT_EQ(harness.Run({future, now}).size(), 1u);  // 60 + 60 in the same window
  EXPECT_EQ(harness.engine().stats().events_from_future, 1u);
  EXPECT_EQ(harness.engine().stats().late_events, 0u);
}

// Grouping by client must not make one group per connection (port).
TEST(EngineReviewTest, ClientGroupsIgnoreThePort) {
  Harness harness(
      Compile(RuleYaml("LH-1",
                       "match: {where: {rows: {gt: 0}}}\n"
                       "threshold: {count: true, gte: 3, window: 1h, group_by: [client]}\n")));
  std::vector<Event> events;
  for (const char* client : {"10.1.2.3:50001", "10.1.2.3:50002", "10.1.2.3:50003"}) {
    Event event;
    event.time = kT0;
    event.client = client;
    event.rows = 1;
    event.statement = "select 1";
    events.push_back(event);
  }
  const std::vector<Detection>& detections = harness.Run(events);
  ASSERT_EQ(detections.size(), 1u);
  EXPECT_THAT(detections[0].threshold->group,
              ElementsAre(std::pair<std::string, std::string>("client", "10.1.2.3")));
}

// A named list and an inline value written alike are different predicates.
TEST(EngineReviewTest, NamedAndInlineSetsAreNotShared) {
  RulePackSource pack =
      Pack(RuleYaml("LH-1", "match: {where: {principal: {in: bastions}}}\n") + "---\n" +
           RuleYaml("LH-2", "match: {where: {client: {cidr: 10.0.0.0/8}}}\n") + "---\n" +
           RuleYaml("LH-3", "match: {where: {principal: [bastions]}}\n"));
  pack.lists.push_back({"lists/bastions.txt", "alice\n"});
  CompileOutcome outcome = LoadAndCompile(pack, kLoadTime);
  ASSERT_NE(outcome.compiled, nullptr) << outcome.diagnostics.ToString();
  Harness harness(outcome.compiled);
  Event event;
  event.time = kT0;
  event.principal = "alice";  // in the list, not the literal "bastions"
  event.statement = "select 1";
  const std::vector<Detection>& detections = harness.Run({event});
  ASSERT_EQ(detections.size(), 1u);
  EXPECT_EQ(detections[0].rule->id, "LH-1");
}

// The SQL analyzer runs only for events a record field does not settle: here the service
// account is excluded before any SQL or catalog field is read.
TEST(EngineReviewTest, RecordFieldsSettleEventsWithoutTheAnalyzer) {
  Harness harness(Compile(RuleYaml(
      "LH-1", "match: {where: {pii_table: true, principal: {not_in: service_accounts}}}\n")));
  Event service(kT0, "svc_app", "select * from passengers");
  Event person(kT0, "alice", "select * from passengers");
  EXPECT_EQ(harness.Run({service, service, person}).size(), 1u);
  EXPECT_EQ(harness.engine().stats().statements_analyzed, 1u);
}

// A statement seen again is not analyzed again, and what fires is the same either way.
TEST(EngineReviewTest, ARepeatedStatementComesFromTheAnalysisCache) {
  const std::string rules = RuleYaml("LH-1", "match: {where: {pii_table: true, verb: select}}\n");
  const std::vector<Event> events = {{kT0, "alice", "select * from passengers"},
                                     {kT0, "alice", "select * from flights"},
                                     {kT0, "alice", "select * from passengers"},
                                     {kT0, "alice", "select * from passengers"}};
  Harness cached(Compile(rules));
  const auto with_cache = cached.Run(events);
  EXPECT_EQ(cached.engine().stats().statements_analyzed, 4u);
  EXPECT_EQ(cached.engine().stats().analyses_from_cache, 2u);

  EngineOptions options;
  options.sql_cache.entries = 0;
  Harness uncached(Compile(rules), options);
  const auto without = uncached.Run(events);
  EXPECT_EQ(uncached.engine().stats().analyses_from_cache, 0u);
  ASSERT_EQ(with_cache.size(), 3u);
  ASSERT_EQ(without.size(), 3u);
  for (size_t i = 0; i < with_cache.size(); ++i) {
    EXPECT_EQ(with_cache[i].id, without[i].id);
    EXPECT_EQ(with_cache[i].fingerprint, without[i].fingerprint);
    EXPECT_EQ(with_cache[i].tables, without[i].tables);
    EXPECT_EQ(with_cache[i].pii_columns, without[i].pii_columns);
  }
}

}  // namespace
}  // namespace leakhound
