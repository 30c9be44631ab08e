// Engine checkpoints (SaveState / RestoreState) and hot reload (SwapRules): window state
// carried over must give the very detections an uninterrupted engine gives.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "engine_test_util.h"

namespace leakhound::engine_test {
namespace {

// Ten 6,000-row reads one minute apart: the 10-minute sum crosses 50,000 at the ninth.
const std::string kSumRule = RuleYaml("LH-9100",
                                      "match:\n  where: {rows: {gt: 0}}\n"
                                      "threshold: {sum: rows, gte: 50000, window: 10m, "
                                      "group_by: [principal], suppress: 1m}\n");
// Distinct statements per principal.
const std::string kDistinctRule = RuleYaml("LH-9101",
                                           "match:\n  where: {rows: {gt: 0}}\n"
                                           "threshold: {distinct: statement, gte: 4, window: 1h, "
                                           "group_by: [principal]}\n");

std::vector<Event> Reads(int count, int first_minute = 0) {
  std::vector<Event> events;
  for (int i = 0; i < count; ++i) {
    const int minute = first_minute + i;
    events.emplace_back(kT0 + std::chrono::minutes(minute), i % 3 == 0 ? "mallory" : "trudy",
                        "select * from passengers where id > " + std::to_string(minute), 6000, "",
                        "topic-a", minute + 1);
  }
  return events;
}

// Rule, principal, offsets of the sources and the window aggregate of each detection.
std::vector<std::string> Summary(const std::vector<Detection>& detections) {
  std::vector<std::string> out;
  for (const Detection& detection : detections) {
    std::string line = detection.rule->id + " " + detection.principal + " " + detection.id;
    if (detection.threshold) line += " " + std::to_string(detection.threshold->value);
    out.push_back(line);
  }
  return out;
}

TEST(EngineStateTest, ASnapshotTakenMidStreamGivesTheSameDetectionsAsNoStop) {
  const auto rules = Compile(kSumRule + "---\n" + kDistinctRule);
  const std::vector<Event> events = Reads(40);
  Harness reference(rules);
  const std::vector<std::string> want = Summary(reference.Run(events));
  ASSERT_FALSE(want.empty());
  for (size_t cut : {1u, 7u, 13u, 20u, 39u}) {
    SCOPED_TRACE(cut);
    Harness first(rules);
    first.Run({events.begin(), events.begin() + static_cast<long>(cut)});
    std::string snapshot;
    first.engine().SaveState(snapshot);
    Harness second(rules);
    ASSERT_TRUE(second.engine().RestoreState(snapshot).ok());
    second.Run({events.begin() + static_cast<long>(cut), events.end()});
    std::vector<std::string> got = Summary(first.detections());
    for (const std::string& line : Summary(second.detections())) got.push_back(line);
    EXPECT_EQ(got, want);
  }
}

// Events that go back in time (a log replayed, two sources merged) meet windows that a sweep
// may have emptied: a restored engine must sweep where the saved one would have.
TEST(EngineStateTest, OutOfOrderEventsAcrossSweepsGiveTheSameDetectionsAfterARestore) {
  const auto rules = Compile(kSumRule + "---\n" + kDistinctRule);
  EngineOptions options;
  options.sweep_every = 7;
  std::vector<Event> events = Reads(40);
  std::vector<Event> again = Reads(40, /*first_minute=*/25);  // overlaps the first run's end
  for (Event& event : again) event.offset += 100;
  events.insert(events.end(), again.begin(), again.end());
  Harness reference(rules, options);
  const std::vector<std::string> want = Summary(reference.Run(events));
  for (size_t cut = 1; cut < events.size(); cut += 3) {
    SCOPED_TRACE(cut);
    Harness first(rules, options);
    first.Run({events.begin(), events.begin() + static_cast<long>(cut)});
    std::string snapshot;
    first.engine().SaveState(snapshot);
    Harness second(rules, options);
    ASSERT_TRUE(second.engine().RestoreState(snapshot).ok());
    second.Run({events.begin() + static_cast<long>(cut), events.end()});
    std::vector<std::string> got = Summary(first.detections());
    for (const std::string& line : Summary(second.detections())) got.push_back(line);
    ASSERT_EQ(got, want);
  }
}

TEST(EngineStateTest, AnEmptyEngineSavesAnEmptyState) {
  Harness harness(Compile(kSumRule));
  EXPECT_FALSE(harness.engine().has_state());
  std::string snapshot;
  harness.engine().SaveState(snapshot);
  Harness other(Compile(kSumRule));
  EXPECT_TRUE(other.engine().RestoreState(snapshot).ok());
  EXPECT_FALSE(other.engine().has_state());
  harness.Run(Reads(1));
  EXPECT_TRUE(harness.engine().has_state());
}

TEST(EngineStateTest, RulesThatChangedTheirWindowsStartEmpty) {
  Harness first(Compile(kSumRule + "---\n" + kDistinctRule));
  first.Run(Reads(5));
  std::string snapshot;
  first.engine().SaveState(snapshot);
  // LH-9100 keeps its windows with a new limit; LH-9101 now counts over 2h.
  const std::string edited =
      RuleYaml("LH-9100",
               "match:\n  where: {rows: {gt: 0}}\n"
               "threshold: {sum: rows, gte: 30000, window: 10m, group_by: [principal]}\n") +
      "---\n" +
      RuleYaml("LH-9101",
               "match:\n  where: {rows: {gt: 0}}\n"
               "threshold: {distinct: statement, gte: 4, window: 2h, group_by: [principal]}\n");
  Harness second(Compile(edited));
  ASSERT_TRUE(second.engine().RestoreState(snapshot).ok());
  EXPECT_EQ(second.engine().state_groups(), 2u);  // LH-9100's mallory and trudy only
  // One more read by trudy (3 before it, 18,000 rows): 24,000 < 30,000; mallory had 2.
  second.Run({Event(kT0 + std::chrono::minutes(5), "mallory", "select 1", 6000, "", "t", 6)});
  ASSERT_EQ(second.detections().size(), 0u);
  second.Run({Event(kT0 + std::chrono::minutes(6), "mallory", "select 2", 6000, "", "t", 7),
              Event(kT0 + std::chrono::minutes(7), "mallory", "select 3", 6000, "", "t", 8)});
  ASSERT_EQ(RuleIds(second.detections()), std::vector<std::string>{"LH-9100"});
  EXPECT_EQ(second.detections()[0].threshold->value, 30000);  // 2 restored + 3 new reads
}

TEST(EngineStateTest, MalformedSnapshotsAreRefusedWithoutACrash) {
  Harness first(Compile(kSumRule + "---\n" + kDistinctRule));
  first.Run(Reads(12));
  std::string snapshot;
  first.engine().SaveState(snapshot);
  Harness second(Compile(kSumRule + "---\n" + kDistinctRule));
  EXPECT_FALSE(second.engine().RestoreState("").ok());
  EXPECT_FALSE(second.engine().RestoreState("LHSTATE2").ok());
  EXPECT_FALSE(second.engine().RestoreState(snapshot + "x").ok());
  // Every truncation, and random byte flips, are refused or restored: never a crash, and a
  // refusal leaves no state behind.
  for (size_t size = 0; size < snapshot.size(); size += 7) {
    if (!second.engine().RestoreState(snapshot.substr(0, size)).ok()) {
      EXPECT_FALSE(second.engine().has_state()) << size;
    }
  }
  std::mt19937 random(7);
  for (int i = 0; i < 2000; ++i) {
    std::string corrupt = snapshot;
    corrupt[random() % corrupt.size()] = static_cast<char>(random());
    (void)second.engine().RestoreState(corrupt);
  }
  EXPECT_TRUE(second.engine().RestoreState(snapshot).ok());
  EXPECT_EQ(second.engine().state_groups(), first.engine().state_groups());
  EXPECT_EQ(second.engine().state_entries(), first.engine().state_entries());
}

TEST(EngineSwapRulesTest, KeepsTheWindowsOfUnchangedRulesAndStartsNewOnesEmpty) {
  const std::vector<Event> events = Reads(40);
  Harness reference(Compile(kSumRule));
  const std::vector<std::string> want = Summary(reference.Run(events));
  Harness swapped(Compile(kSumRule));
  swapped.Run({events.begin(), events.begin() + 5});
  // The same rule, reloaded beside a new one: its windows carry on, the new rule starts now.
  ASSERT_TRUE(swapped.engine().SwapRules(Compile(kSumRule + "---\n" + kDistinctRule)).ok());
  swapped.Run({events.begin() + 5, events.end()});
  std::vector<std::string> sums;
  for (const Detection& detection : swapped.detections()) {
    if (detection.rule->id == "LH-9100") sums.push_back(Summary({detection})[0]);
  }
  EXPECT_EQ(sums, want);
  size_t distinct = 0;
  for (const Detection& detection : swapped.detections()) {
    if (detection.rule->id == "LH-9101") {
      ++distinct;
      // Counted from the swap on: its earliest source is the sixth read or later.
      EXPECT_GE(detection.sources.front().offset, 6);
    }
  }
  EXPECT_GT(distinct, 0u);
}

// A statement's catalog facts are kept with its cached analysis: a new catalog must not
// be answered with the old one's facts for a statement seen before the swap.
TEST(EngineSwapRulesTest, ANewCatalogClassifiesAStatementSeenBeforeAgain) {
  const std::string rule = RuleYaml("LH-9200", "match: {where: {pii_table: true}}\n");
  Harness harness(Compile(rule));
  const Event read{kT0, "alice", "select * from customers"};
  harness.Run({read, read});
  EXPECT_EQ(harness.detections().size(), 2u);
  EXPECT_EQ(harness.engine().stats().analyses_from_cache, 1u);

  RulePackSource pack = Pack(rule);
  pack.catalog->content =
      "categories: {email: 3}\n"
      "tables:\n"
      "  - table: bookings\n"
      "    columns: {contact_email: email}\n";
  CompileOutcome without_customers = LoadAndCompile(pack, kLoadTime);
  ASSERT_NE(without_customers.compiled, nullptr) << without_customers.diagnostics.ToString();
  ASSERT_TRUE(harness.engine().SwapRules(without_customers.compiled).ok());
  harness.Run({read});
  EXPECT_EQ(harness.detections().size(), 2u);                   // customers holds no PII any more
  EXPECT_EQ(harness.engine().stats().analyses_from_cache, 2u);  // the analysis itself is kept
}

TEST(EngineSwapRulesTest, ARuleWhoseWindowChangedStartsOver) {
  Harness harness(Compile(kSumRule));
  harness.Run(Reads(6));  // two principals, 18,000 rows each
  EXPECT_EQ(harness.engine().state_groups(), 2u);
  ASSERT_TRUE(harness.engine()
                  .SwapRules(Compile(RuleYaml(
                      "LH-9100",
                      "match:\n  where: {rows: {gt: 0}}\n"
                      "threshold: {sum: rows, gte: 50000, window: 20m, group_by: [principal]}\n")))
                  .ok());
  EXPECT_EQ(harness.engine().state_groups(), 0u);
}

}  // namespace
}  // namespace leakhound::engine_test
