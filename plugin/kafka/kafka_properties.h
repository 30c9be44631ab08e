// KafkaProperties: librdkafka configuration properties as the operator gives them (the
// config file's `kafka:` section and LEAKHOUND_KAFKA_* variables), turned into an
// rd_kafka_conf_t with every refused property named, and printable for logs with the
// secrets masked.
//
// Thread-safety: a value.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

struct rd_kafka_conf_s;  // from <librdkafka/rdkafka.h>; only kafka/ includes it

namespace leakhound {

class KafkaProperties {
 public:
  void Set(std::string name, std::string value) { values_[std::move(name)] = std::move(value); }
  void SetDefault(const std::string& name, std::string value) {
    values_.try_emplace(name, std::move(value));
  }
  void Erase(const std::string& name) { values_.erase(name); }
  const std::string* Find(const std::string& name) const;
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  const std::map<std::string, std::string>& values() const { return values_; }

  // A new configuration with every property set; the error names the property and gives
  // librdkafka's reason. The caller owns the result (rd_kafka_conf_destroy, or give it to
  // rd_kafka_new).
  Result<rd_kafka_conf_s*> MakeConf() const;

  // "name=value, ..." with the value of every secret property as "[redacted]".
  std::string ToLogString() const;

 private:
  std::map<std::string, std::string> values_;
};

// Whether a property holds a secret: passwords, keys, tokens, OAuth configuration.
bool IsSecretProperty(std::string_view name);

}  // namespace leakhound
