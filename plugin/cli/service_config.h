// ServiceConfig: leakhound.yaml for `leakhound run`, described by
// schemas/config.schema.json. `kafka:` passes librdkafka properties to every client,
// `kafka_consumer:` and `kafka_producer:` to one of them. Environment overrides for
// containers:
//
//   LEAKHOUND_KAFKA_<PROPERTY>   a librdkafka property, e.g. LEAKHOUND_KAFKA_SASL_PASSWORD
//                                for sasl.password ('_' stands for '.')
//   LEAKHOUND_GROUP, LEAKHOUND_RULES, LEAKHOUND_INPUT_TOPICS (comma-separated, native
//   profile), LEAKHOUND_OUTPUT_TOPIC, LEAKHOUND_DEAD_LETTER_TOPIC, LEAKHOUND_STATE_TOPIC,
//   LEAKHOUND_WORKERS, LEAKHOUND_DELIVERY, LEAKHOUND_METRICS_LISTEN, LEAKHOUND_LOG_FORMAT,
//   LEAKHOUND_LOG_LEVEL
//
// and ${VAR} (or ${VAR:-default}) anywhere in a string value. Every problem is reported at
// once with file:line:col; an unset ${VAR} without a default is one of them.
//
// Thread-safety: values and pure functions.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "core/diagnostic.h"
#include "kafka/service_options.h"

namespace leakhound {

enum class LogFormat { kText, kJson };

struct ServiceConfig {
  ServiceOptions service;
  std::string rules;  // a rule pack path; empty: the pack built into the binary
  // With no kafka.bootstrap.servers, an embedded cluster of this many brokers is started
  // and the topics are created with `embedded_partitions` partitions.
  int embedded_brokers = 3;
  int embedded_partitions = 6;
  std::string metrics_listen = "127.0.0.1:9464";  // empty: no HTTP endpoint
  LogFormat log_format = LogFormat::kText;
  std::string log_level = "info";
  bool watch_rules = true;
  std::chrono::milliseconds watch_interval{2000};

  bool embedded() const { return !service.kafka.Has("bootstrap.servers"); }
};

// Looks up an environment variable; nullopt when unset. Injected for tests.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvironmentLookup ProcessEnvironment();

// The defaults: one input topic (db.queries, native records), the embedded cluster.
ServiceConfig DefaultServiceConfig();

// Reads `path` (empty: defaults only) and applies the environment over it. Errors go to
// `diagnostics`; the returned config is only meaningful without errors.
ServiceConfig LoadServiceConfig(const std::string& path, const EnvironmentLookup& environment,
                                Diagnostics& diagnostics);

}  // namespace leakhound
