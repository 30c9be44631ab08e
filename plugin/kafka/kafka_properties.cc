#include "kafka/kafka_properties.h"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include <array>

namespace leakhound {

const std::string* KafkaProperties::Find(const std::string& name) const {
  const auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

namespace {

// librdkafka's log lines (syslog levels) into the service's logger.
void ForwardLog(const rd_kafka_t* client, int level, const char* facility, const char* message) {
  spdlog::level::level_enum ours = spdlog::level::debug;
  if (level <= 2) {
    ours = spdlog::level::critical;
  } else if (level == 3) {
    ours = spdlog::level::err;
  } else if (level == 4) {
    ours = spdlog::level::warn;
  } else if (level <= 6) {
    ours = spdlog::level::info;
  }
  spdlog::log(ours, "librdkafka {} {}: {}", rd_kafka_name(client), facility, message);
}

}  // namespace

Result<rd_kafka_conf_s*> KafkaProperties::MakeConf() const {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set_log_cb(conf, &ForwardLog);
  char error[512];
  for (const auto& [name, value] : values_) {
    if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof error) !=
        RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      // librdkafka's message may quote the value: never for a secret.
      if (IsSecretProperty(name)) return InvalidArgument("kafka property " + name + " is refused");
      return InvalidArgument("kafka property " + name + ": " + error);
    }
  }
  return conf;
}

std::string KafkaProperties::ToLogString() const {
  std::string out;
  for (const auto& [name, value] : values_) {
    if (!out.empty()) out += ", ";
    out += name;
    out += '=';
    out += IsSecretProperty(name) ? "[redacted]" : value;
  }
  return out;
}

bool IsSecretProperty(std::string_view name) {
  // librdkafka's secrets: sasl.password, ssl.key.password, ssl.keystore.password,
  // ssl.key.pem, ssl_key, sasl.oauthbearer.client.secret, sasl.oauthbearer.config (it may
  // hold a token), and anything a plugin names like them.
  constexpr std::array<std::string_view, 6> kMarkers = {
      "password", "secret", "key.pem", "ssl_key", "oauthbearer.config", "token"};
  for (std::string_view marker : kMarkers) {
    if (name.find(marker) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace leakhound
