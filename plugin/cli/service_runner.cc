#include "cli/service_runner.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "cli/exit_codes.h"
#include "cli/http_endpoint.h"
#include "cli/rule_pack_option.h"
#include "cli/rule_pack_watcher.h"
#include "cli/signal_watcher.h"
#include "core/clock.h"
#include "kafka/embedded_cluster.h"

namespace leakhound {

std::shared_ptr<const CompiledRules> LoadRulesForService(const ServiceConfig& config) {
  LoadedPack pack = LoadPack(config.rules, SystemClock().Now());
  for (const Diagnostic& diagnostic : pack.diagnostics.all()) {
    if (diagnostic.severity == Diagnostic::Severity::kError) {
      spdlog::error("{}", diagnostic.ToString());
    } else {
      spdlog::debug("{}", diagnostic.ToString());
    }
  }
  if (pack.rules == nullptr) {
    spdlog::error("rule pack {}: {} error(s)", config.rules.empty() ? "(built in)" : config.rules,
                  pack.diagnostics.error_count());
  }
  return pack.rules;
}

int RunService(ServiceConfig config, const RunHooks& hooks) {
  // First, before any thread exists, so that every thread inherits the blocked signals.
  std::atomic<Service*> running{nullptr};
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> reload_requested{false};
  SignalWatcher signals(
      [&] {
        spdlog::info("stop signal: draining (a second one exits at once)");
        stop_requested.store(true);
        if (Service* service = running.load()) service->Stop();
      },
      [&] { reload_requested.store(true); });

  std::shared_ptr<const CompiledRules> rules = LoadRulesForService(config);
  if (rules == nullptr) return kExitUsage;
  spdlog::info("rules: {} from {}", rules->rules->rules.size(),
               config.rules.empty() ? "the built-in pack" : config.rules);

  std::unique_ptr<EmbeddedCluster> cluster;
  if (config.embedded()) {
    Result<std::unique_ptr<EmbeddedCluster>> started =
        EmbeddedCluster::Start(config.embedded_brokers);
    if (!started.ok()) {
      spdlog::error("{}", started.status().ToString());
      return kExitServiceError;
    }
    cluster = std::move(*started);
    const ServiceOptions& service = config.service;
    for (const InputTopic& input : service.inputs) {
      (void)cluster->CreateTopic(input.topic, config.embedded_partitions);
    }
    for (const std::string* topic :
         {&service.output_topic, &service.dead_letter_topic, &service.state_topic}) {
      (void)cluster->CreateTopic(*topic, config.embedded_partitions);
    }
    config.service.kafka.Set("bootstrap.servers", cluster->bootstrap_servers());
    // The embedded cluster holds a fetch that finds no new record for the whole
    // fetch.wait.max.ms (500 ms by default; a real broker answers as records arrive), which
    // would be the detection latency of a quiet topic.
    config.service.consumer.SetDefault("fetch.wait.max.ms", "50");
    spdlog::info("embedded Kafka cluster ({} brokers): bootstrap.servers={}", cluster->brokers(),
                 cluster->bootstrap_servers());
    if (hooks.print_embedded_hints) {
      std::cerr << "leakhound: embedded Kafka cluster at " << cluster->bootstrap_servers()
                << "\n  produce: kcat -b " << cluster->bootstrap_servers() << " -P -t "
                << service.inputs.front().topic << " -K '\\t'   (key<TAB>JSON record per line)"
                << "\n  read:    kcat -b " << cluster->bootstrap_servers() << " -C -t "
                << service.output_topic << "\n";
    }
  }
  spdlog::info("kafka: {}", config.service.kafka.ToLogString());
  if (!config.service.consumer.values().empty()) {
    spdlog::info("kafka consumer: {}", config.service.consumer.ToLogString());
  }
  if (!config.service.producer.values().empty()) {
    spdlog::info("kafka producer: {}", config.service.producer.ToLogString());
  }

  SystemClock clock;
  Result<std::unique_ptr<Service>> created = Service::Create(config.service, rules, clock);
  if (!created.ok()) {
    spdlog::error("{}", created.status().ToString());
    return kExitUsage;
  }
  Service& service = **created;
  running.store(&service);
  if (stop_requested.load()) service.Stop();

  std::unique_ptr<HttpEndpoint> endpoint;
  if (!config.metrics_listen.empty()) {
    Result<std::unique_ptr<HttpEndpoint>> started =
        HttpEndpoint::Start(config.metrics_listen,
                            {[&] { return service.metrics().RenderPrometheus(); },
                             [&] { return service.healthy(); }, [&] { return service.ready(); }});
    if (!started.ok()) {
      spdlog::error("{}", started.status().ToString());
      return kExitUsage;
    }
    endpoint = std::move(*started);
    spdlog::info("metrics: http://{}:{}/metrics",
                 config.metrics_listen.substr(0, config.metrics_listen.rfind(':')),
                 endpoint->port());
  }

  // A reload builds and checks the new pack beside the running one; a bad pack is logged
  // and the old rules keep running.
  const auto reload = [&] {
    std::shared_ptr<const CompiledRules> fresh = LoadRulesForService(config);
    if (fresh == nullptr) {
      service.metrics().Add(ServiceMetrics::kReloadsRefused);
      spdlog::error("reload refused: the old rules keep running");
      return;
    }
    service.ReloadRules(std::move(fresh));
  };
  std::unique_ptr<RulePackWatcher> watcher;
  if (config.watch_rules && !config.rules.empty()) {
    watcher = std::make_unique<RulePackWatcher>(config.rules, config.watch_interval, [&] {
      spdlog::info("rule pack changed on disk: reloading");
      reload();
    });
  }
  std::atomic<bool> finished{false};
  std::thread reloader([&] {
    // SIGHUP: the signal thread only raises the flag; the load runs here.
    while (!finished.load()) {
      if (reload_requested.exchange(false)) {
        spdlog::info("SIGHUP: reloading the rules");
        reload();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  std::thread driver;
  if (hooks.on_running) driver = std::thread([&] { hooks.on_running(service, config); });

  const Status status = service.Run();
  finished.store(true);
  reloader.join();
  if (driver.joinable()) driver.join();
  watcher.reset();
  endpoint.reset();
  running.store(nullptr);
  if (!status.ok()) {
    spdlog::error("the service stopped: {}", status.ToString());
    return kExitServiceError;
  }
  return kExitOk;
}

}  // namespace leakhound
