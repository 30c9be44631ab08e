#include "cli/run_command.h"

#include <spdlog/spdlog.h>

#include <iostream>

#include "cli/exit_codes.h"
#include "cli/logging.h"
#include "cli/rule_pack_option.h"
#include "cli/service_config.h"
#include "cli/service_runner.h"

namespace leakhound {
namespace {

struct RunOptions {
  std::string config;
  std::string rules;
  bool check = false;
  std::optional<size_t> workers;
  std::optional<std::string> metrics_listen;
  std::optional<std::string> log_format;
};

// The config with the command line over it; nullopt (diagnostics printed) when it is bad.
std::optional<ServiceConfig> Configure(const RunOptions& options) {
  Diagnostics diagnostics;
  ServiceConfig config = LoadServiceConfig(options.config, ProcessEnvironment(), diagnostics);
  if (!options.rules.empty()) config.rules = options.rules;
  if (options.workers) config.service.workers = *options.workers;
  if (options.metrics_listen) config.metrics_listen = *options.metrics_listen;
  if (options.log_format)
    config.log_format = *options.log_format == "json" ? LogFormat::kJson : LogFormat::kText;
  if (diagnostics.has_errors()) {
    PrintDiagnostics(diagnostics);
    return std::nullopt;
  }
  return config;
}

int Run(const RunOptions& options) {
  std::optional<ServiceConfig> config = Configure(options);
  if (!config) return kExitUsage;
  SetUpLogging(config->log_format, config->log_level);
  if (options.check) {
    // Config and rules, without connecting anywhere: for deploy pipelines.
    if (LoadRulesForService(*config) == nullptr) return kExitUsage;
    std::cout << "leakhound: config OK: " << config->service.inputs.size() << " input topic(s), "
              << (config->embedded() ? "embedded cluster"
                                     : "kafka " + config->service.kafka.ToLogString())
              << "\n";
    return kExitOk;
  }
  return RunService(std::move(*config), RunHooks{});
}

}  // namespace

void RegisterRunCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* run = app.add_subcommand(
      "run", "Run the Kafka service: input topics in, detections to a topic a SIEM reads");
  run->footer(
      "With no kafka.bootstrap.servers in the config, an embedded Kafka cluster starts in this\n"
      "process (its address is printed: kcat and any client can use it). SIGTERM or Ctrl-C\n"
      "drain, commit and exit 0; SIGHUP reloads the rules (so does a change to the rule pack\n"
      "on disk). Config: schemas/config.schema.json; LEAKHOUND_* variables override it.\n\n"
      "Exit codes: 0 clean stop; 2 bad config or rule pack; 4 the service could not go on.");
  run->add_option("-c,--config", options->config, "Config file (YAML); default: built-in defaults");
  run->add_option("-r,--rules", options->rules, kRulesOptionHelp);
  run->add_option("-w,--workers", options->workers, "Worker threads (default: one per core)");
  run->add_option("--metrics-listen", options->metrics_listen,
                  "host:port for /metrics, /healthz, /readyz; '' to turn it off");
  run->add_option("--log-format", options->log_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  run->add_flag("--check", options->check,
                "Validate the config and the rule pack, then exit (0 when both are good)");
  run->callback([options, &exit_code] { exit_code = Run(*options); });
}

}  // namespace leakhound
