#include "service_test_util.h"

#include "codec/detection_json_decoder.h"
#include "codec/json_field_decoder.h"
#include "engine/detection_sink.h"
#include "engine/engine.h"
#include "rules/pack_source.h"
#include "support/test_support.h"

namespace leakhound::service_test {
namespace {

std::string Summary(const Detection& detection) {
  return detection.rule->id + " " + detection.principal + " " +
         FormatTimestamp(detection.event_time) + " " + detection.id;
}

}  // namespace

TestCluster::TestCluster(int input_partitions, int brokers) {
  Result<std::unique_ptr<EmbeddedCluster>> started = EmbeddedCluster::Start(brokers);
  EXPECT_TRUE(started.ok()) << started.status().ToString();
  cluster = std::move(*started);
  EXPECT_TRUE(cluster->CreateTopic("db.queries", input_partitions).ok());
  for (const char* topic : {"leakhound.detections", "leakhound.dead-letter", "leakhound.state"}) {
    EXPECT_TRUE(cluster->CreateTopic(topic, 3).ok());
  }
  kafka.Set("bootstrap.servers", cluster->bootstrap_servers());
}

ServiceOptions TestOptions(const TestCluster& cluster) {
  ServiceOptions options;
  options.kafka = cluster.kafka;
  // The embedded cluster keeps a member that left until its session times out (45 s by
  // default) before the next one is let in: restarts in these tests would wait that long.
  options.consumer.Set("session.timeout.ms", "6000");
  options.consumer.Set("heartbeat.interval.ms", "500");
  options.inputs.push_back({"db.queries", FieldMap::Native(), "native"});
  options.workers = 2;
  options.commit_interval = 100ms;
  options.shutdown_timeout = 30s;
  return options;
}

std::shared_ptr<const CompiledRules> ShippedRules() {
  Result<RulePackSource> pack = ReadRulePack(testing::SourcePath("rules"));
  EXPECT_TRUE(pack.ok()) << pack.status().ToString();
  CompileOutcome outcome = LoadAndCompile(*pack, SystemClock().Now());
  EXPECT_NE(outcome.compiled, nullptr) << outcome.diagnostics.ToString();
  return outcome.compiled;
}

std::vector<std::pair<std::string, std::string>> ScenarioRecords() {
  auto decoder = std::move(*JsonFieldDecoder::Create(FieldMap::Native()));
  std::vector<std::pair<std::string, std::string>> records;
  for (const std::string& line :
       testing::SplitLines(testing::ReadFile(testing::SourcePath("deploy/demo/insider.ndjson")))) {
    if (line.empty()) continue;
    std::string key;
    (void)decoder->Decode({line, 0}, SourceRef{},
                          [&](const QueryEvent& event) { key = std::string(event.principal); });
    records.emplace_back(key, line);
  }
  return records;
}

RunningService::RunningService(ServiceOptions options, std::shared_ptr<const CompiledRules> rules) {
  Result<std::unique_ptr<Service>> created =
      Service::Create(std::move(options), std::move(rules), clock_);
  EXPECT_TRUE(created.ok()) << created.status().ToString();
  if (!created.ok()) return;
  service_ = std::move(*created);
  thread_ = std::thread([this] { status_ = service_->Run(); });
}

RunningService::~RunningService() { (void)Stop(); }

Status RunningService::Stop() {
  if (!stopped_ && service_ != nullptr) {
    service_->Stop();
    thread_.join();
    stopped_ = true;
  }
  return status_;
}

bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

bool CommittedToEnd(const KafkaProperties& kafka, const std::string& group,
                    const std::string& topic) {
  Result<std::map<int32_t, int64_t>> ends = EndOffsets(kafka, topic, 10s);
  Result<std::map<int32_t, std::pair<int64_t, std::string>>> committed =
      CommittedOffsets(kafka, group, topic, 10s);
  if (!ends.ok() || !committed.ok()) return false;
  for (const auto& [partition, end] : *ends) {
    const auto it = committed->find(partition);
    const int64_t at = it == committed->end() ? 0 : it->second.first;
    if (at != end) return false;
  }
  return true;
}

std::multiset<std::string> ExpectedDetections(const KafkaProperties& kafka,
                                              const std::string& topic,
                                              std::shared_ptr<const CompiledRules> rules) {
  Result<std::vector<TopicRecord>> records = ReadTopic(kafka, topic, kTimeout);
  EXPECT_TRUE(records.ok()) << records.status().ToString();
  SystemClock clock;
  auto decoder = std::move(*JsonFieldDecoder::Create(FieldMap::Native()));
  std::map<int32_t, std::unique_ptr<Engine>> engines;
  CollectingSink sink;
  for (const TopicRecord& record : *records) {
    std::unique_ptr<Engine>& engine = engines[record.partition];
    if (engine == nullptr) {
      // Every record must still be there: the embedded cluster deletes the oldest past 5 MB
      // or 100,000 records a partition, and the service may have read them before that.
      EXPECT_EQ(record.offset, 0) << "partition " << record.partition
                                  << " lost its first records: give the test less data";
      engine = std::move(*Engine::Create(rules, clock));
    }
    const SourceRef source{topic, record.partition, record.offset, 0};
    (void)decoder->Decode({record.value, 0}, source,
                          [&](const QueryEvent& event) { (void)engine->Process(event, sink); });
  }
  std::multiset<std::string> expected;
  for (const Detection& detection : sink.detections) expected.insert(Summary(detection));
  return expected;
}

std::multiset<std::string> PublishedDetections(const KafkaProperties& kafka,
                                               const std::string& topic) {
  Result<std::vector<TopicRecord>> records = ReadTopic(kafka, topic, kTimeout);
  EXPECT_TRUE(records.ok()) << records.status().ToString();
  std::multiset<std::string> published;
  for (const TopicRecord& record : *records) {
    Result<Detection> detection = DecodeDetectionJson(record.value);
    EXPECT_TRUE(detection.ok()) << detection.status().ToString() << ": " << record.value;
    if (detection.ok()) published.insert(Summary(*detection));
  }
  return published;
}

}  // namespace leakhound::service_test
