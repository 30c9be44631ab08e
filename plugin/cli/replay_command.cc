// `leakhound replay`: produces query-log records to a Kafka topic, keyed by principal as a
// log shipper keying by user would, to feed `leakhound run` in a trial or a test
// (deploy/compose replays the demo scenario with it). With --profile the files are cut
// into records as that source writes them (a csvlog record over several lines is one
// message) and the key is the principal its decoder reads.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include "cli/exit_codes.h"
#include "cli/run_command.h"
#include "cli/service_config.h"
#include "codec/line_reader.h"
#include "codec/make_decoder.h"
#include "kafka/topic_io.h"
#include "rules/decoder_profile.h"

namespace leakhound {
namespace {

struct ReplayOptions {
  std::vector<std::string> inputs;
  std::string topic = "db.queries";
  std::string bootstrap;
  std::string config;
  std::string profile = "native";
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
  FieldMap map;
  ResolveDecoderProfile(options.profile, map, diagnostics);
  if (diagnostics.has_errors()) {
    std::cerr << diagnostics.ToString();
    return kExitUsage;
  }
  Result<std::unique_ptr<Decoder>> made = MakeDecoder(map);
  if (!made.ok()) {
    std::cerr << "leakhound replay: " << made.status().message() << "\n";
    return kExitUsage;
  }
  std::unique_ptr<Decoder> decoder = std::move(*made);
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
    const bool is_stdin = path == "-";
    const int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      std::cerr << "leakhound replay: cannot read " << path << "\n";
      return kExitInputError;
    }
    LineReader reader(fd, {.framing = map.framing()});
    Line line;
    for (;;) {
      Result<bool> more = reader.Next(line);
      if (!more.ok()) {
        std::cerr << "leakhound replay: " << path << ": " << more.status().message() << "\n";
        if (!is_stdin) ::close(fd);
        return kExitInputError;
      }
      if (!*more) break;
      if (line.too_long || line.text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        continue;
      }
      std::string key;  // a record with no principal (or not decodable) is sent unkeyed
      (void)decoder->Decode({line.text, kLinePadding}, SourceRef{}, [&](const QueryEvent& event) {
        if (key.empty()) key = std::string(event.principal);
      });
      batch.emplace_back(std::move(key), std::string(line.text));
      if (batch.size() >= batch_size && !flush()) {
        if (!is_stdin) ::close(fd);
        return kExitServiceError;
      }
    }
    if (!is_stdin) ::close(fd);
  }
  if (!flush()) return kExitServiceError;
  std::cerr << "leakhound replay: " << total << " records to " << options.topic << "\n";
  return kExitOk;
}

}  // namespace

void RegisterReplayCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ReplayOptions>();
  CLI::App* replay = app.add_subcommand(
      "replay", "Produce query-log records to a Kafka topic, keyed by principal");
  replay->footer(
      "Each record is produced as one message, its key the record's principal (user), so that\n"
      "a principal's records stay in order on one partition, as leakhound run wants them.\n"
      "A record is a line, or with --profile what that source writes as one (a csvlog record\n"
      "over several lines, a slow-log entry).\n"
      "Brokers and security come from --config (the kafka: section) or --bootstrap-servers.");
  replay->add_option("inputs", options->inputs, "Log files; '-' reads stdin")->required();
  replay
      ->add_option("-p,--profile", options->profile,
                   "Decoder profile (a file, or a name such as pg-csvlog, mysql-slow)")
      ->capture_default_str();
  replay->add_option("-t,--topic", options->topic, "Topic to produce to")->capture_default_str();
  replay->add_option("-b,--bootstrap-servers", options->bootstrap, "host:port,...");
  replay->add_option("-c,--config", options->config, "A leakhound.yaml to take kafka: from");
  replay->add_option("--rate", options->rate, "Records per second (default: as fast as possible)")
      ->check(CLI::NonNegativeNumber);
  replay->callback([options, &exit_code] { exit_code = Replay(*options); });
}

}  // namespace leakhound
