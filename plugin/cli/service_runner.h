// RunService: the process lifetime of `leakhound run` and `leakhound demo`. Loads the rule
// pack (refusing to start on any error), starts the embedded Kafka cluster when no
// bootstrap.servers is configured (creating the topics), runs the Service on this thread
// with the signal handling, the HTTP endpoint and the rule watch around it, and maps the
// outcome to an exit code.
//
// Thread-safety: call from main; `on_running` runs on a thread of its own.
#pragma once

#include <functional>
#include <string>

#include "cli/service_config.h"
#include "kafka/service.h"

namespace leakhound {

struct RunHooks {
  // Called once the service runs, with the cluster's bootstrap.servers; the demo produces
  // its scenario and reads the detections back from here, then calls Stop().
  std::function<void(Service& service, const ServiceConfig& config)> on_running;
  // Printed under the embedded cluster's address (hints for kcat).
  bool print_embedded_hints = true;
};

// The exit code: 0 after a clean stop, kExitUsage for a bad config or rule pack,
// kExitServiceError when the service could not go on.
int RunService(ServiceConfig config, const RunHooks& hooks);

// Loads the rule pack of `config` and logs every diagnostic; null when it has errors.
std::shared_ptr<const CompiledRules> LoadRulesForService(const ServiceConfig& config);

}  // namespace leakhound
