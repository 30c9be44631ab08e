// `leakhound replay`: produces NDJSON query-log records to a Kafka topic, keyed by principal
// as a log shipper keying by user would, to feed `leakhound run` in a trial or a test
// (deploy/compose replays the demo scenario with it).
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/exit_codes.h"
#include "cli/run_command.h"
#include "cli/service_config.h"
#include "codec/json_field_decoder.h"
#include "kafka/topic_io.h"

namespace leakhound {
namespace {

struct ReplayOptions {
  std::vector<std::string> inputs;
  std::string topic = "db.queries";
  std::string bootstrap;
  std::string config;
  size_t batch = 10000;
  double rate = 0;  // records per second; 0: as fast as the brokers take them
};

int Replay(const ReplayOptions& options) {
  Diagnostics diagnostics;
  ServiceConfig config = LoadServiceConfig(options.config, ProcessEnvironment(), diagnostics);
  if (diagnostics.has_errors()) {
    std::cerr << diagnostics.ToString();
    return kExitUsage;
  }
  KafkaProperties kafka = config.service.kafka;
  if (!options.bootstrap.empty()) kafka.Set("bootstrap.servers", options.bootstrap);
  if (!kafka.Has("bootstrap.servers")) {
    std::cerr << "leakhound replay: no brokers: give --bootstrap-servers or a config with "
                 "kafka.bootstrap.servers\n";
    return kExitUsage;
  }
  auto decoder = std::move(*JsonFieldDecoder::Create(FieldMap::Native()));
  // Paced: a tenth of a second's records at a time.
  const size_t batch_size = options.rate > 0
                                ? std::max<size_t>(1, static_cast<size_t>(options.rate / 10))
                                : options.batch;
  auto next_batch = std::chrono::steady_clock::now();
  std::vector<std::pair<std::string, std::string>> batch;
  size_t total = 0;
  const auto flush = [&]() -> bool {
    if (batch.empty()) return true;
    const Status status = ProduceRecords(kafka, options.topic, batch, std::chrono::minutes(2));
    if (!status.ok()) {
      std::cerr << "leakhound replay: " << status.ToString() << "\n";
      return false;
    }
    total += batch.size();
    batch.clear();
    if (options.rate > 0) {
      next_batch += std::chrono::milliseconds(100);
      std::this_thread::sleep_until(next_batch);
    }
    return true;
  };
  for (const std::string& path : options.inputs) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (path != "-") {
      file.open(path);
      if (!file) {
        std::cerr << "leakhound replay: cannot read " << path << "\n";
        return kExitInputError;
      }
      in = &file;
    }
    for (std::string line; std::getline(*in, line);) {
      if (line.empty()) continue;
      std::string key;  // a record with no principal (or not JSON) is sent unkeyed
      (void)decoder->Decode({line, 0}, SourceRef{},
                            [&](const QueryEvent& event) { key = std::string(event.principal); });
      batch.emplace_back(std::move(key), std::move(line));
      if (batch.size() >= batch_size && !flush()) return kExitServiceError;
    }
  }
  if (!flush()) return kExitServiceError;
  std::cerr << "leakhound replay: " << total << " records to " << options.topic << "\n";
  return kExitOk;
}

}  // namespace

void RegisterReplayCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ReplayOptions>();
  CLI::App* replay = app.add_subcommand(
      "replay", "Produce NDJSON query-log records to a Kafka topic, keyed by principal");
  replay->footer(
      "Each line is produced as one record, its key the record's principal (user), so that a\n"
      "principal's records stay in order on one partition, as leakhound run wants them.\n"
      "Brokers and security come from --config (the kafka: section) or --bootstrap-servers.");
  replay->add_option("inputs", options->inputs, "NDJSON files; '-' reads stdin")->required();
  replay->add_option("-t,--topic", options->topic, "Topic to produce to")->capture_default_str();
  replay->add_option("-b,--bootstrap-servers", options->bootstrap, "host:port,...");
  replay->add_option("-c,--config", options->config, "A leakhound.yaml to take kafka: from");
  replay->add_option("--rate", options->rate, "Records per second (default: as fast as possible)")
      ->check(CLI::NonNegativeNumber);
  replay->callback([options, &exit_code] { exit_code = Replay(*options); });
}

}  // namespace leakhound
