// `leakhound demo`: the main job on its embedded default. An embedded Kafka cluster, the
// service consuming it, the bundled insider scenario produced into the input topic, and
// the detections read back from the output topic and printed: what a SIEM would receive.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <thread>

#include "cli/detection_output.h"
#include "cli/exit_codes.h"
#include "cli/logging.h"
#include "cli/rule_pack_option.h"
#include "cli/run_command.h"
#include "cli/service_runner.h"
#include "codec/detection_json_decoder.h"
#include "codec/detection_text_encoder.h"
#include "codec/json_field_decoder.h"
#include "kafka/topic_io.h"

namespace leakhound {

std::string_view EmbeddedDemoScenario();  // embedded_demo_scenario.cc, generated

namespace {

struct DemoOptions {
  std::string rules;
  std::string format = "text";
  size_t workers = 2;
  int partitions = 6;
  bool verbose = false;
};

constexpr std::chrono::seconds kTimeout{120};

// The scenario's records keyed by principal, as a log shipper keying by user would send
// them: a principal's events stay in order on one partition.
std::vector<std::pair<std::string, std::string>> KeyedRecords(std::string_view scenario) {
  auto decoder = std::move(*JsonFieldDecoder::Create(FieldMap::Native()));
  std::vector<std::pair<std::string, std::string>> records;
  size_t start = 0;
  while (start < scenario.size()) {
    size_t end = scenario.find('\n', start);
    if (end == std::string_view::npos) end = scenario.size();
    const std::string_view line = scenario.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    std::string key;
    (void)decoder->Decode({line, 0}, SourceRef{},
                          [&](const QueryEvent& event) { key = std::string(event.principal); });
    records.emplace_back(std::move(key), std::string(line));
  }
  return records;
}

// Waits until the group has committed every input partition to its end.
bool WaitUntilCommitted(const ServiceConfig& config, Service& service) {
  const KafkaProperties& kafka = config.service.kafka;
  const std::string& topic = config.service.inputs.front().topic;
  const auto deadline = std::chrono::steady_clock::now() + kTimeout;
  while (std::chrono::steady_clock::now() < deadline && service.healthy()) {
    Result<std::map<int32_t, int64_t>> ends = EndOffsets(kafka, topic, std::chrono::seconds(10));
    Result<std::map<int32_t, std::pair<int64_t, std::string>>> committed =
        CommittedOffsets(kafka, config.service.group_id, topic, std::chrono::seconds(10));
    if (ends.ok() && committed.ok()) {
      bool all = true;
      for (const auto& [partition, end] : *ends) {
        const auto it = committed->find(partition);
        if (end > 0 && (it == committed->end() || it->second.first < end)) all = false;
      }
      if (all) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return false;
}

void Drive(Service& service, const ServiceConfig& config, const DemoOptions& options, int& result) {
  const KafkaProperties& kafka = config.service.kafka;
  const std::vector<std::pair<std::string, std::string>> records =
      KeyedRecords(EmbeddedDemoScenario());
  std::cerr << "leakhound demo: producing " << records.size() << " query-log records to "
            << config.service.inputs.front().topic << "\n";
  const Status produced =
      ProduceRecords(kafka, config.service.inputs.front().topic, records, kTimeout);
  if (!produced.ok()) {
    std::cerr << "leakhound demo: " << produced.ToString() << "\n";
    result = kExitServiceError;
    service.Stop();
    return;
  }
  if (!WaitUntilCommitted(config, service)) {
    std::cerr << "leakhound demo: the service did not commit every record within "
              << kTimeout.count() << " s\n";
    result = kExitServiceError;
    service.Stop();
    return;
  }
  Result<std::vector<TopicRecord>> output = ReadTopic(kafka, config.service.output_topic, kTimeout);
  Result<std::vector<TopicRecord>> dead =
      ReadTopic(kafka, config.service.dead_letter_topic, kTimeout);
  service.Stop();
  if (!output.ok() || !dead.ok()) {
    std::cerr << "leakhound demo: " << (!output.ok() ? output.status() : dead.status()).ToString()
              << "\n";
    result = kExitServiceError;
    return;
  }
  // In event order (the headers say it whatever the format), each as the SIEM gets it;
  // text is the native detection rendered for a terminal.
  std::vector<const TopicRecord*> detections;
  for (const TopicRecord& record : *output) detections.push_back(&record);
  const auto event_time = [](const TopicRecord* record) {
    return ParseTimestamp(record->Header("leakhound-event-time")).value_or(TimePoint{});
  };
  std::stable_sort(detections.begin(), detections.end(), [&](const auto* a, const auto* b) {
    const TimePoint a_time = event_time(a);
    const TimePoint b_time = event_time(b);
    return a_time != b_time ? a_time < b_time
                            : a->Header("leakhound-rule") < b->Header("leakhound-rule");
  });
  std::map<std::string, int> per_rule;
  for (const TopicRecord* record : detections) {
    ++per_rule[record->Header("leakhound-rule")];
    if (options.format != "text") {
      std::cout << record->value << "\n";
      continue;
    }
    Result<Detection> detection = DecodeDetectionJson(record->value);
    if (!detection.ok()) {
      std::cerr << "leakhound demo: unreadable detection: " << detection.status().ToString()
                << "\n";
      result = kExitServiceError;
      continue;
    }
    std::string line;
    EncodeDetectionText(*detection, line);
    std::cout << line << "\n";
  }
  std::cout.flush();
  for (const TopicRecord& record : *dead) {
    std::cerr << "leakhound demo: dead letter (" << record.Header("leakhound-source-topic") << " ["
              << record.Header("leakhound-source-partition") << "] offset "
              << record.Header("leakhound-source-offset")
              << "): " << record.Header("leakhound-reason") << ": "
              << record.Header("leakhound-detail") << "\n";
  }
  std::cerr << "leakhound demo: " << records.size() << " records through Kafka, "
            << detections.size() << " detections on " << config.service.output_topic << " [";
  bool first = true;
  for (const auto& [rule, count] : per_rule) {
    std::cerr << (first ? "" : ", ") << rule << " " << count;
    first = false;
  }
  std::cerr << "], " << dead->size() << " dead letters on " << config.service.dead_letter_topic
            << "\n";
}

int RunDemo(const DemoOptions& options) {
  ServiceConfig config = DefaultServiceConfig();
  config.rules = options.rules;
  config.service.workers = options.workers;
  config.embedded_partitions = options.partitions;
  config.metrics_listen.clear();
  config.watch_rules = false;
  config.service.commit_interval = std::chrono::milliseconds(200);
  if (options.format != "text") config.service.output_format = *FindDetectionFormat(options.format);
  SetUpLogging(LogFormat::kText, options.verbose ? "info" : "warn");
  int result = kExitOk;
  RunHooks hooks;
  hooks.print_embedded_hints = false;
  hooks.on_running = [&](Service& service, const ServiceConfig& running) {
    Drive(service, running, options, result);
  };
  const int code = RunService(std::move(config), hooks);
  return code != kExitOk ? code : result;
}

}  // namespace

void RegisterDemoCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DemoOptions>();
  CLI::App* demo = app.add_subcommand(
      "demo", "Run the service on an embedded Kafka cluster over the bundled insider scenario");
  demo->footer(
      "Starts an embedded Kafka cluster (3 brokers), runs `leakhound run` on it, produces\n"
      "the bundled scenario (a day of application, analyst, backup and ETL traffic with an\n"
      "insider's bulk reads in it) to the input topic keyed by principal, waits until every\n"
      "record is committed, and prints the detections read back from the output topic.");
  demo->add_option("-r,--rules", options->rules, kRulesOptionHelp);
  demo->add_option("--format", options->format,
                   "text (one line each), or the service's output format as the SIEM gets it: " +
                       DetectionFormatList())
      ->check(CLI::IsMember(
          std::vector<std::string>(DetectionFormatNames().begin(), DetectionFormatNames().end())))
      ->capture_default_str();
  demo->add_option("-w,--workers", options->workers, "Worker threads")->capture_default_str();
  demo->add_option("--partitions", options->partitions, "Partitions of each topic")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  demo->add_flag("-v,--verbose", options->verbose, "Log the service's progress on stderr");
  demo->callback([options, &exit_code] { exit_code = RunDemo(*options); });
}

}  // namespace leakhound
