// Helpers for the service's integration tests: an embedded Kafka cluster with the service's
// topics, the bundled scenario as keyed records, the service run on a thread, and the
// detections an engine gives for exactly what landed in the input topic (the expected
// output, id for id: detection ids are deterministic in rule and source offsets).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/detection.h"
#include "engine/compiled_rules.h"
#include "kafka/embedded_cluster.h"
#include "kafka/service.h"
#include "kafka/topic_io.h"

namespace leakhound::service_test {

using namespace std::chrono_literals;

inline constexpr std::chrono::milliseconds kTimeout = 60s;

// An embedded cluster with the input, output, dead-letter and state topics created.
struct TestCluster {
  explicit TestCluster(int input_partitions = 4, int brokers = 3);
  std::unique_ptr<EmbeddedCluster> cluster;
  KafkaProperties kafka;  // bootstrap.servers of the cluster
};

// Service options for `cluster`: commits every 100 ms, two workers.
ServiceOptions TestOptions(const TestCluster& cluster);

// The shipped rule pack.
std::shared_ptr<const CompiledRules> ShippedRules();

// The lines of deploy/demo/insider.ndjson keyed by principal.
std::vector<std::pair<std::string, std::string>> ScenarioRecords();

// The service on a thread; Stop() waits for Run() to return and gives its status.
class RunningService {
 public:
  RunningService(ServiceOptions options, std::shared_ptr<const CompiledRules> rules);
  ~RunningService();
  Service& service() { return *service_; }
  Status Stop();

 private:
  SystemClock clock_;
  std::unique_ptr<Service> service_;
  std::thread thread_;
  Status status_;
  bool stopped_ = false;
};

// Polls `condition` every 20 ms until it holds or `timeout` passes.
bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout = kTimeout);

// Whether `group` committed every partition of `topic` to its end.
bool CommittedToEnd(const KafkaProperties& kafka, const std::string& group,
                    const std::string& topic);

// The detections the engine gives for the records of `topic` (read back from the cluster),
// each partition from its first offset in order, as the service would: rule, principal and
// id, one string each.
std::multiset<std::string> ExpectedDetections(const KafkaProperties& kafka,
                                              const std::string& topic,
                                              std::shared_ptr<const CompiledRules> rules);

// The same summary of what the output topic holds.
std::multiset<std::string> PublishedDetections(const KafkaProperties& kafka,
                                               const std::string& topic);

}  // namespace leakhound::service_test
