// Checkpoints on real traffic: the scenario five times over through one engine, cut at many
// points with a snapshot and a restore into a fresh engine, must give the detections of an
// engine that never stopped, id for id. (What the crash test relies on.)
#include <gtest/gtest.h>

#include "codec/json_field_decoder.h"
#include "engine/detection_sink.h"
#include "engine/engine.h"
#include "service_test_util.h"

namespace leakhound::service_test {
namespace {

std::vector<std::string> Feed(Engine& engine,
                              const std::vector<std::pair<std::string, std::string>>& records,
                              size_t from, size_t to) {
  auto decoder = std::move(*JsonFieldDecoder::Create(FieldMap::Native()));
  CollectingSink sink;
  for (size_t i = from; i < to; ++i) {
    const SourceRef source{"db.queries", 0, static_cast<int64_t>(i), 0};
    (void)decoder->Decode({records[i].second, 0}, source,
                          [&](const QueryEvent& event) { (void)engine.Process(event, sink); });
  }
  std::vector<std::string> out;
  for (const Detection& detection : sink.detections)
    out.push_back(detection.rule->id + " " + detection.id);
  return out;
}

TEST(CheckpointTest, SnapshotsAnywhereInRealTrafficGiveTheDetectionsOfAnUnbrokenRun) {
  const auto rules = ShippedRules();
  std::vector<std::pair<std::string, std::string>> records;
  const auto scenario = ScenarioRecords();
  for (int copy = 0; copy < 5; ++copy)
    records.insert(records.end(), scenario.begin(), scenario.end());
  SystemClock clock;
  auto reference = std::move(*Engine::Create(rules, clock));
  const std::vector<std::string> want = Feed(*reference, records, 0, records.size());
  for (size_t cut : {1u, 500u, 1851u, 1852u, 2500u, 4000u, 6000u, 9000u}) {
    SCOPED_TRACE(cut);
    auto first = std::move(*Engine::Create(rules, clock));
    std::vector<std::string> got = Feed(*first, records, 0, cut);
    std::string snapshot;
    first->SaveState(snapshot);
    auto second = std::move(*Engine::Create(rules, clock));
    ASSERT_TRUE(second->RestoreState(snapshot).ok());
    for (const std::string& line : Feed(*second, records, cut, records.size())) got.push_back(line);
    ASSERT_EQ(got, want);
  }
}

}  // namespace
}  // namespace leakhound::service_test
