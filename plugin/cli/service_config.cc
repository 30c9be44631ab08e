#include "cli/service_config.h"

#include <unistd.h>

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/detection_output.h"
#include "cli/token_command.h"
#include "core/duration.h"
#include "rules/decoder_profile.h"
#include "rules/yaml_documents.h"
#include "rules/yaml_reader.h"

namespace leakhound {
namespace {

constexpr std::string_view kTopKeys[] = {"kafka",
                                         "kafka_consumer",
                                         "kafka_producer",
                                         "group",
                                         "inputs",
                                         "output",
                                         "dead_letter",
                                         "state",
                                         "rules",
                                         "workers",
                                         "delivery",
                                         "transactional_id",
                                         "commit_interval",
                                         "start_from",
                                         "limits",
                                         "shutdown_timeout",
                                         "embedded",
                                         "metrics",
                                         "log",
                                         "reload",
                                         "privacy"};
constexpr std::string_view kInputKeys[] = {"topic", "profile"};
constexpr std::string_view kTopicKeys[] = {"topic"};
constexpr std::string_view kOutputKeys[] = {"topic", "format", "host", "splunk_hec"};
constexpr std::string_view kSplunkHecKeys[] = {"index", "source", "sourcetype"};
constexpr std::string_view kLimitKeys[] = {"max_record_bytes", "max_dead_letter_bytes",
                                           "max_queued_records", "sql_cache_entries"};
constexpr std::string_view kEmbeddedKeys[] = {"brokers", "partitions"};
constexpr std::string_view kMetricsKeys[] = {"listen"};
constexpr std::string_view kLogKeys[] = {"format", "level"};
constexpr std::string_view kReloadKeys[] = {"watch", "interval"};
constexpr std::string_view kPrivacyKeys[] = {"tokenize", "token_key_file"};

// ${VAR} and ${VAR:-default} replaced from the environment; an unset variable without a
// default is an error naming it.
std::optional<std::string> Substitute(std::string_view text, const EnvironmentLookup& environment,
                                      std::string& error) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find("${", i);
    if (open == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, open - i));
    const size_t close = text.find('}', open + 2);
    if (close == std::string_view::npos) {
      error = "unclosed ${ in '" + std::string(text) + "'";
      return std::nullopt;
    }
    std::string_view name = text.substr(open + 2, close - open - 2);
    std::optional<std::string> fallback;
    if (const size_t dash = name.find(":-"); dash != std::string_view::npos) {
      fallback = std::string(name.substr(dash + 2));
      name = name.substr(0, dash);
    }
    std::optional<std::string> value = environment(std::string(name));
    if (!value || value->empty()) value = fallback;
    if (!value) {
      error = "environment variable " + std::string(name) + " is not set (set it, or write ${" +
              std::string(name) + ":-default})";
      return std::nullopt;
    }
    out += *value;
    i = close + 1;
  }
  return out;
}

class ConfigReader {
 public:
  ConfigReader(const std::string& path, const EnvironmentLookup& environment,
               Diagnostics& diagnostics)
      : path_(path), environment_(environment), reader_(path, diagnostics) {}

  YamlReader& yaml() { return reader_; }

  // A scalar with ${VAR} substituted.
  std::optional<std::string> String(const YAML::Node& node, std::string_view what) {
    std::optional<std::string> raw = reader_.String(node, what);
    if (!raw) return std::nullopt;
    std::string error;
    std::optional<std::string> value = Substitute(*raw, environment_, error);
    if (!value) reader_.Error(node, error);
    return value;
  }

  std::optional<int64_t> Integer(const YAML::Node& node, std::string_view what, int64_t min,
                                 int64_t max) {
    const std::optional<std::string> text = String(node, what);
    if (!text) return std::nullopt;
    int64_t value = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc() || end != text->data() + text->size() || value < min || value > max) {
      reader_.Error(node, std::string(what) + " must be a whole number from " +
                              std::to_string(min) + " to " + std::to_string(max) + ", not '" +
                              *text + "'");
      return std::nullopt;
    }
    return value;
  }

  std::optional<std::chrono::milliseconds> Length(const YAML::Node& node, std::string_view what) {
    const std::optional<std::string> text = String(node, what);
    if (!text) return std::nullopt;
    const Result<Duration> parsed = ParseDuration(*text);
    if (!parsed.ok()) {
      reader_.Error(node, std::string(what) + ": " + parsed.status().message());
      return std::nullopt;
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(*parsed);
  }

  std::optional<bool> Bool(const YAML::Node& node, std::string_view what) {
    const std::optional<std::string> text = String(node, what);
    if (!text) return std::nullopt;
    if (*text == "true" || *text == "yes" || *text == "on") return true;
    if (*text == "false" || *text == "no" || *text == "off") return false;
    reader_.Error(node, std::string(what) + " must be true or false, not '" + *text + "'");
    return std::nullopt;
  }

  // A path relative to the config file's directory.
  std::string Path(const std::string& value) const {
    if (value.empty() || value.front() == '/') return value;
    return (std::filesystem::path(path_).parent_path() / value).lexically_normal().string();
  }

  // output: {topic, format, host, splunk_hec: {index, source, sourcetype}}.
  void Output(const YAML::Node& section, ServiceOptions& service) {
    if (!section || !reader_.ExpectMap(section, "output")) return;
    reader_.CheckKeys(section, kOutputKeys, "output");
    if (const YAML::Node node = section["topic"]) {
      service.output_topic = String(node, "topic").value_or(service.output_topic);
    }
    if (const YAML::Node node = section["format"]) {
      const std::string name = String(node, "format").value_or("");
      if (std::optional<DetectionFormat> format = FindDetectionFormat(name)) {
        service.output_format = *format;
      } else {
        reader_.Error(node, "output format '" + name + "' is not one of " + DetectionFormatList());
      }
    }
    if (const YAML::Node node = section["host"]) {
      service.output_encoder.host = String(node, "host").value_or(service.output_encoder.host);
    }
    if (const YAML::Node hec = section["splunk_hec"]) {
      if (!reader_.ExpectMap(hec, "output.splunk_hec")) return;
      reader_.CheckKeys(hec, kSplunkHecKeys, "output.splunk_hec");
      EncoderOptions& encoder = service.output_encoder;
      if (const YAML::Node node = hec["index"])
        encoder.hec_index = String(node, "index").value_or("");
      if (const YAML::Node node = hec["source"]) {
        encoder.hec_source = String(node, "source").value_or(encoder.hec_source);
      }
      if (const YAML::Node node = hec["sourcetype"]) {
        encoder.hec_sourcetype = String(node, "sourcetype").value_or(encoder.hec_sourcetype);
      }
    }
  }

  // { topic: NAME } sections.
  void Topic(const YAML::Node& section, std::string_view what, std::string& topic) {
    if (!section || !reader_.ExpectMap(section, what)) return;
    reader_.CheckKeys(section, kTopicKeys, what);
    if (const YAML::Node node = section["topic"]) topic = String(node, "topic").value_or(topic);
  }

 private:
  std::string path_;
  const EnvironmentLookup& environment_;
  YamlReader reader_;
};

void ApplyDelivery(std::string_view text, ServiceOptions& options,
                   const std::function<void()>& bad) {
  if (text == "at-least-once") {
    options.delivery = DeliveryMode::kAtLeastOnce;
  } else if (text == "exactly-once") {
    options.delivery = DeliveryMode::kExactlyOnce;
  } else {
    bad();
  }
}

void ApplyLogFormat(std::string_view text, ServiceConfig& config,
                    const std::function<void()>& bad) {
  if (text == "text") {
    config.log_format = LogFormat::kText;
  } else if (text == "json") {
    config.log_format = LogFormat::kJson;
  } else {
    bad();
  }
}

bool KnownLogLevel(std::string_view level) {
  return level == "trace" || level == "debug" || level == "info" || level == "warn" ||
         level == "error" || level == "critical" || level == "off";
}

std::vector<std::string> SplitTopics(std::string_view text) {
  std::vector<std::string> topics;
  std::string current;
  for (char c : text) {
    if (c == ',') {
      if (!current.empty()) topics.push_back(current);
      current.clear();
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      current += c;
    }
  }
  if (!current.empty()) topics.push_back(current);
  return topics;
}

void ReadFile(const std::string& path, ServiceConfig& config, const EnvironmentLookup& environment,
              Diagnostics& diagnostics) {
  std::ifstream in(path);
  if (!in) {
    diagnostics.Error({path, 0, 0}, "", "cannot read the config file");
    return;
  }
  std::ostringstream content;
  content << in.rdbuf();
  const std::optional<YAML::Node> document = ReadYamlDocument(path, content.str(), diagnostics);
  if (!document) return;
  const YAML::Node& root = *document;
  if (root.IsNull()) return;  // an empty file: the defaults
  ConfigReader reader(path, environment, diagnostics);
  YamlReader& yaml = reader.yaml();
  if (!yaml.ExpectMap(root, "the config")) return;
  yaml.CheckKeys(root, kTopKeys, "the config");
  ServiceOptions& service = config.service;

  const auto properties = [&](const char* section, KafkaProperties& into) {
    const YAML::Node node = root[section];
    if (!node || !yaml.ExpectMap(node, section)) return;
    for (const auto& entry : node) {
      const std::string name = KeyText(entry.first);
      if (std::optional<std::string> value =
              reader.String(entry.second, std::string(section) + "." + name)) {
        into.Set(name, std::move(*value));
      }
    }
  };
  properties("kafka", service.kafka);
  properties("kafka_consumer", service.consumer);
  properties("kafka_producer", service.producer);
  if (const YAML::Node node = root["group"])
    service.group_id = reader.String(node, "group").value_or("");
  if (const YAML::Node inputs = root["inputs"]) {
    if (!inputs.IsSequence() || inputs.size() == 0) {
      yaml.Error(inputs, "inputs must be a list of {topic, profile}, with at least one topic");
    } else {
      service.inputs.clear();
      for (const YAML::Node& entry : inputs) {
        if (!yaml.ExpectMap(entry, "an input")) continue;
        yaml.CheckKeys(entry, kInputKeys, "an input");
        InputTopic input;
        if (const YAML::Node topic = entry["topic"]) {
          input.topic = reader.String(topic, "topic").value_or("");
        } else {
          yaml.Error(entry, "an input needs a topic");
        }
        input.profile = "native";
        if (const YAML::Node profile = entry["profile"]) {
          if (std::optional<std::string> file = reader.String(profile, "profile")) {
            // A profile file (relative to the config), or a decoder's name.
            const std::string profile_path = reader.Path(*file);
            input.profile = std::ifstream(profile_path).good() ? profile_path : *file;
            input.fields = FieldMap{};
            ResolveDecoderProfile(input.profile, input.fields, diagnostics);
          }
        }
        service.inputs.push_back(std::move(input));
      }
    }
  }
  reader.Output(root["output"], service);
  reader.Topic(root["dead_letter"], "dead_letter", service.dead_letter_topic);
  reader.Topic(root["state"], "state", service.state_topic);
  if (const YAML::Node node = root["rules"]) {
    config.rules = reader.Path(reader.String(node, "rules").value_or(""));
  }
  if (const YAML::Node node = root["workers"]) {
    service.workers = static_cast<size_t>(reader.Integer(node, "workers", 0, 256).value_or(0));
  }
  if (const YAML::Node node = root["delivery"]) {
    ApplyDelivery(reader.String(node, "delivery").value_or(""), service,
                  [&] { yaml.Error(node, "delivery must be at-least-once or exactly-once"); });
  }
  if (const YAML::Node node = root["transactional_id"]) {
    service.transactional_id = reader.String(node, "transactional_id").value_or("");
  }
  if (const YAML::Node node = root["commit_interval"]) {
    service.commit_interval =
        reader.Length(node, "commit_interval").value_or(service.commit_interval);
  }
  if (const YAML::Node node = root["shutdown_timeout"]) {
    service.shutdown_timeout =
        reader.Length(node, "shutdown_timeout").value_or(service.shutdown_timeout);
  }
  if (const YAML::Node node = root["start_from"]) {
    const std::string text = reader.String(node, "start_from").value_or("");
    if (text == "earliest") {
      service.start_from = StartFrom::kEarliest;
    } else if (text == "latest") {
      service.start_from = StartFrom::kLatest;
    } else {
      yaml.Error(node, "start_from must be earliest or latest");
    }
  }
  if (const YAML::Node limits = root["limits"]; limits && yaml.ExpectMap(limits, "limits")) {
    yaml.CheckKeys(limits, kLimitKeys, "limits");
    if (const YAML::Node node = limits["max_record_bytes"]) {
      service.max_record_bytes = static_cast<size_t>(
          reader.Integer(node, "max_record_bytes", 1024, int64_t{1} << 30).value_or(1 << 20));
    }
    if (const YAML::Node node = limits["max_dead_letter_bytes"]) {
      service.max_dead_letter_bytes = static_cast<size_t>(
          reader.Integer(node, "max_dead_letter_bytes", 1024, int64_t{1} << 30).value_or(1 << 20));
    }
    if (const YAML::Node node = limits["max_queued_records"]) {
      service.max_queued_records = static_cast<size_t>(
          reader.Integer(node, "max_queued_records", 1, 10'000'000).value_or(100000));
    }
    if (const YAML::Node node = limits["sql_cache_entries"]) {
      service.engine.sql_cache.entries =
          static_cast<size_t>(reader.Integer(node, "sql_cache_entries", 0, 65536).value_or(128));
    }
  }
  if (const YAML::Node embedded = root["embedded"];
      embedded && yaml.ExpectMap(embedded, "embedded")) {
    yaml.CheckKeys(embedded, kEmbeddedKeys, "embedded");
    if (const YAML::Node node = embedded["brokers"]) {
      config.embedded_brokers = static_cast<int>(reader.Integer(node, "brokers", 1, 9).value_or(3));
    }
    if (const YAML::Node node = embedded["partitions"]) {
      config.embedded_partitions =
          static_cast<int>(reader.Integer(node, "partitions", 1, 256).value_or(6));
    }
  }
  if (const YAML::Node metrics = root["metrics"]; metrics && yaml.ExpectMap(metrics, "metrics")) {
    yaml.CheckKeys(metrics, kMetricsKeys, "metrics");
    if (const YAML::Node node = metrics["listen"]) {
      config.metrics_listen = reader.String(node, "listen").value_or(config.metrics_listen);
    }
  }
  if (const YAML::Node log = root["log"]; log && yaml.ExpectMap(log, "log")) {
    yaml.CheckKeys(log, kLogKeys, "log");
    if (const YAML::Node node = log["format"]) {
      ApplyLogFormat(reader.String(node, "format").value_or(""), config,
                     [&] { yaml.Error(node, "log.format must be text or json"); });
    }
    if (const YAML::Node node = log["level"]) {
      config.log_level = reader.String(node, "level").value_or("info");
      if (!KnownLogLevel(config.log_level)) {
        yaml.Error(node, "log.level must be trace, debug, info, warn, error, critical or off");
      }
    }
  }
  if (const YAML::Node privacy = root["privacy"]; privacy && yaml.ExpectMap(privacy, "privacy")) {
    yaml.CheckKeys(privacy, kPrivacyKeys, "privacy");
    std::vector<std::string> what;
    if (const YAML::Node node = privacy["tokenize"]) {
      // A list, or one comma-separated string as scan --tokenize takes it.
      what = node.IsScalar()
                 ? SplitCommaList(reader.String(node, "tokenize").value_or(""))
                 : yaml.StringList(node, "tokenize").value_or(std::vector<std::string>{});
    }
    std::optional<std::string> key;
    if (what.empty()) {
      // Nothing to tokenize: the key is not needed, nor read.
    } else if (const YAML::Node node = privacy["token_key_file"]) {
      const std::string key_path = reader.Path(reader.String(node, "token_key_file").value_or(""));
      Result<std::string> read = ReadTokenKeyFile(key_path);
      if (read.ok()) {
        key = std::move(*read);
      } else {
        yaml.Error(node, read.status().message());
      }
    } else {
      key = environment(kTokenKeyEnvironment);
    }
    if (!what.empty()) {
      if (!key) {
        yaml.Error(
            privacy,
            "tokenize needs a secret key: set privacy.token_key_file or LEAKHOUND_TOKEN_KEY");
      } else if (Result<KeyedTokens> tokens = KeyedTokens::Create(what, std::move(*key));
                 tokens.ok()) {
        config.service.engine.tokens = std::make_shared<KeyedTokens>(std::move(*tokens));
      } else {
        yaml.Error(privacy["tokenize"], tokens.status().message());
      }
    }
  }
  if (const YAML::Node reload = root["reload"]; reload && yaml.ExpectMap(reload, "reload")) {
    yaml.CheckKeys(reload, kReloadKeys, "reload");
    if (const YAML::Node node = reload["watch"]) {
      config.watch_rules = reader.Bool(node, "watch").value_or(true);
    }
    if (const YAML::Node node = reload["interval"]) {
      config.watch_interval = reader.Length(node, "interval").value_or(config.watch_interval);
    }
  }
}

// LEAKHOUND_* variables over the file.
void ApplyEnvironment(ServiceConfig& config, const EnvironmentLookup& environment,
                      const std::vector<std::string>& names, Diagnostics& diagnostics) {
  const SourceLocation where{"environment", 0, 0};
  ServiceOptions& service = config.service;
  for (const std::string& name : names) {
    constexpr std::string_view kKafka = "LEAKHOUND_KAFKA_";
    if (name.rfind(kKafka, 0) != 0) continue;
    std::string property = name.substr(kKafka.size());
    for (char& c : property)
      c = c == '_' ? '.' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (std::optional<std::string> value = environment(name)) service.kafka.Set(property, *value);
  }
  const auto get = [&](const char* name) { return environment(name); };
  if (auto value = get("LEAKHOUND_GROUP")) service.group_id = *value;
  if (auto value = get("LEAKHOUND_RULES")) config.rules = *value;
  if (auto value = get("LEAKHOUND_INPUT_TOPICS")) {
    service.inputs.clear();
    for (const std::string& topic : SplitTopics(*value))
      service.inputs.push_back({topic, FieldMap::Native(), "native"});
  }
  if (auto value = get("LEAKHOUND_OUTPUT_TOPIC")) service.output_topic = *value;
  if (auto value = get("LEAKHOUND_OUTPUT_FORMAT")) {
    if (std::optional<DetectionFormat> format = FindDetectionFormat(*value)) {
      service.output_format = *format;
    } else {
      diagnostics.Error(where, "",
                        "LEAKHOUND_OUTPUT_FORMAT must be one of " + DetectionFormatList());
    }
  }
  if (auto value = get("LEAKHOUND_DEAD_LETTER_TOPIC")) service.dead_letter_topic = *value;
  if (auto value = get("LEAKHOUND_STATE_TOPIC")) service.state_topic = *value;
  if (auto value = get("LEAKHOUND_WORKERS")) {
    size_t workers = 0;
    const auto [end, error] =
        std::from_chars(value->data(), value->data() + value->size(), workers);
    if (error != std::errc() || end != value->data() + value->size() || workers > 256) {
      diagnostics.Error(where, "", "LEAKHOUND_WORKERS must be a whole number from 0 to 256");
    } else {
      service.workers = workers;
    }
  }
  if (auto value = get("LEAKHOUND_DELIVERY")) {
    ApplyDelivery(*value, service, [&] {
      diagnostics.Error(where, "", "LEAKHOUND_DELIVERY must be at-least-once or exactly-once");
    });
  }
  if (auto value = get("LEAKHOUND_METRICS_LISTEN")) config.metrics_listen = *value;
  if (auto value = get("LEAKHOUND_LOG_FORMAT")) {
    ApplyLogFormat(*value, config, [&] {
      diagnostics.Error(where, "", "LEAKHOUND_LOG_FORMAT must be text or json");
    });
  }
  if (auto value = get("LEAKHOUND_LOG_LEVEL")) {
    config.log_level = *value;
    if (!KnownLogLevel(*value)) diagnostics.Error(where, "", "LEAKHOUND_LOG_LEVEL is not a level");
  }
}

std::vector<std::string> EnvironmentNames() {
  std::vector<std::string> names;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    names.emplace_back(text.substr(0, text.find('=')));
  }
  return names;
}

}  // namespace

EnvironmentLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

ServiceConfig DefaultServiceConfig() {
  ServiceConfig config;
  config.service.inputs.push_back({"db.queries", FieldMap::Native(), "native"});
  config.service.output_encoder = ProcessEncoderOptions();
  return config;
}

ServiceConfig LoadServiceConfig(const std::string& path, const EnvironmentLookup& environment,
                                Diagnostics& diagnostics) {
  ServiceConfig config = DefaultServiceConfig();
  if (!path.empty()) ReadFile(path, config, environment, diagnostics);
  // The names of the LEAKHOUND_KAFKA_* variables come from the real environment; their
  // values (and every other variable) through `environment`.
  ApplyEnvironment(config, environment, EnvironmentNames(), diagnostics);
  ServiceOptions& service = config.service;
  const SourceLocation where{path.empty() ? "defaults" : path, 0, 0};
  if (service.group_id.empty()) diagnostics.Error(where, "", "group must not be empty");
  for (const InputTopic& input : service.inputs) {
    if (input.topic.empty()) diagnostics.Error(where, "", "an input topic must not be empty");
    if (input.topic == service.output_topic || input.topic == service.dead_letter_topic ||
        input.topic == service.state_topic) {
      diagnostics.Error(where, "",
                        "input topic " + input.topic +
                            " is also the output, dead-letter or state topic: leakhound would "
                            "read what it writes");
    }
  }
  if (service.delivery == DeliveryMode::kExactlyOnce && service.transactional_id.empty()) {
    service.transactional_id = "leakhound-" + service.group_id + "-" + ThisHostName();
  }
  // Properties leakhound sets itself per client: a value here would be overridden silently.
  for (const char* owned :
       {"group.id", "enable.auto.commit", "enable.auto.offset.store", "auto.offset.reset",
        "isolation.level", "transactional.id", "enable.idempotence"}) {
    if (service.kafka.Has(owned) || service.consumer.Has(owned) || service.producer.Has(owned)) {
      diagnostics.Error(where, "",
                        std::string("kafka.") + owned +
                            " is set by leakhound itself (use group, delivery, start_from or "
                            "transactional_id instead)");
    }
  }
  return config;
}

}  // namespace leakhound
