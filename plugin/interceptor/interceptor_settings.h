// The leakhound.* properties an interceptor claims from its host consumer's configuration,
// validated one by one as the host sets them, so that a bad value fails the host's own
// rd_kafka_conf_set() with a message that names the property. The rule pack and the
// profile are loaded right then, for the same reason: librdkafka only logs an on_new
// failure and makes the client anyway, so an error found later would leave the host
// consuming without detection.
//
//   leakhound.rules                      rule pack directory or file (default: built in)
//   leakhound.profile                    decoder name or profile file (default: native)
//   leakhound.output.topic               detections topic (default: leakhound.detections)
//   leakhound.output.bootstrap.servers   where to produce (default: the host's cluster)
//   leakhound.output.format              native, ocsf, ecs, cef, ... (default: native)
//   leakhound.queue.size                 records held for the worker (default: 10000)
//   leakhound.drain.timeout.ms           bound on draining at destroy (default: 10000)
//   leakhound.producer.<property>        any librdkafka property of the plugin's producer
//                                        (security.protocol, sasl.*, ssl.*, linger.ms, ...)
//
// Thread-safety: a value; librdkafka sets properties from the thread configuring the host.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "codec/detection_format.h"
#include "codec/field_map.h"
#include "core/status.h"
#include "engine/compiled_rules.h"
#include "kafka/kafka_properties.h"

namespace leakhound {

struct InterceptorSettings {
  std::string rules;
  std::shared_ptr<const CompiledRules> compiled_rules;  // of `rules`; null: not loaded yet
  std::string profile = "native";
  FieldMap field_map = FieldMap::Native();  // of `profile`
  std::string output_topic = "leakhound.detections";
  std::string output_bootstrap;
  DetectionFormat output_format = DetectionFormat::kNative;
  size_t queue_size = 10000;
  std::chrono::milliseconds drain_timeout{10000};
  KafkaProperties producer;

  // Whether `name` is one of ours (leakhound.*), which librdkafka must not see.
  static bool Claims(std::string_view name);

  // Applies one of our properties. The error says what is wrong and what is accepted; it
  // never repeats the value of a producer property (it may be a password).
  Status Set(std::string_view name, std::string_view value);

  // The rules to run: those of leakhound.rules, or the built-in pack (compiled on first use).
  Result<std::shared_ptr<const CompiledRules>> Rules();
};

}  // namespace leakhound
