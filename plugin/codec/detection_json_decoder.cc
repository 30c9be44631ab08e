#include "codec/detection_json_decoder.h"

#include <simdjson.h>

#include "codec/detection_json_encoder.h"
#include "core/duration.h"

namespace leakhound {
namespace {

namespace dom = simdjson::dom;

// Reads an optional string member; "" when absent.
std::string Text(dom::object object, std::string_view key) {
  std::string_view value;
  if (object[key].get_string().get(value) != simdjson::SUCCESS) return "";
  return std::string(value);
}

std::vector<std::string> Strings(dom::object object, std::string_view key) {
  std::vector<std::string> values;
  dom::array array;
  if (object[key].get_array().get(array) != simdjson::SUCCESS) return values;
  for (dom::element element : array) {
    std::string_view value;
    if (element.get_string().get(value) == simdjson::SUCCESS) values.emplace_back(value);
  }
  return values;
}

// Reads a member that may be absent or of another type: `out` keeps its default then.
template <typename T, typename Member>
void Read(Member&& member, T& out) {
  T value;
  if (std::forward<Member>(member).get(value) == simdjson::SUCCESS) out = value;
}

std::optional<TimePoint> Time(dom::object object, std::string_view key) {
  std::string_view value;
  if (object[key].get_string().get(value) != simdjson::SUCCESS) return std::nullopt;
  return ParseTimestamp(value);
}

}  // namespace

Result<Detection> DecodeDetectionJson(std::string_view json) {
  dom::parser parser;
  dom::element root;
  if (const auto error = parser.parse(json.data(), json.size()).get(root)) {
    return InvalidArgument(std::string("detection: ") + simdjson::error_message(error));
  }
  dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS)
    return InvalidArgument("detection: not an object");
  if (Text(object, "schema") != kDetectionSchemaVersion) {
    return InvalidArgument("detection: schema is not " + std::string(kDetectionSchemaVersion));
  }
  Detection detection;
  detection.id = Text(object, "id");
  dom::object rule_object;
  if (object["rule"].get_object().get(rule_object) == simdjson::SUCCESS) {
    auto rule = std::make_shared<RuleInfo>();
    rule->id = Text(rule_object, "id");
    rule->title = Text(rule_object, "title");
    rule->severity = FindSeverity(Text(rule_object, "severity")).value_or(Severity::kMedium);
    rule->status = FindRuleStatus(Text(rule_object, "status")).value_or(RuleStatus::kExperimental);
    int64_t version = 1;
    if (rule_object["version"].get_int64().get(version) == simdjson::SUCCESS) {
      rule->version = static_cast<int>(version);
    }
    rule->tags = Strings(rule_object, "tags");
    rule->description = Text(rule_object, "description");
    rule->references = Strings(rule_object, "references");
    detection.rule = std::move(rule);
  }
  detection.principal = Text(object, "principal");
  detection.client = Text(object, "client");
  detection.application = Text(object, "application");
  detection.database = Text(object, "database");
  detection.session_id = Text(object, "session_id");
  detection.verb = Text(object, "verb");
  detection.fingerprint = Text(object, "fingerprint");
  detection.tables = Strings(object, "tables");
  detection.pii_categories = Strings(object, "pii_categories");
  detection.pii_columns = Strings(object, "pii_columns");
  detection.pii_tables = Strings(object, "pii_tables");
  detection.literal_tokens = Strings(object, "literal_tokens");
  int64_t rows = 0;
  if (object["rows"].get_int64().get(rows) == simdjson::SUCCESS) detection.rows = rows;
  detection.event_time = Time(object, "event_time").value_or(TimePoint{});
  detection.first_event_time = Time(object, "first_event_time").value_or(TimePoint{});
  detection.detection_time = Time(object, "detection_time").value_or(TimePoint{});
  dom::object why;
  if (object["why"].get_object().get(why) == simdjson::SUCCESS) {
    detection.matched_patterns = Strings(why, "patterns");
    dom::array predicates;
    if (why["predicates"].get_array().get(predicates) == simdjson::SUCCESS) {
      for (dom::element element : predicates) {
        dom::object predicate;
        if (element.get_object().get(predicate) != simdjson::SUCCESS) continue;
        detection.predicates.push_back({Text(predicate, "field"), Text(predicate, "op"),
                                        Text(predicate, "expected"), Text(predicate, "actual")});
      }
    }
    dom::object threshold_object;
    if (why["threshold"].get_object().get(threshold_object) == simdjson::SUCCESS) {
      ThresholdEvidence threshold;
      threshold.aggregate = Text(threshold_object, "aggregate");
      threshold.field = Text(threshold_object, "field");
      Read(threshold_object["value"].get_double(), threshold.value);
      threshold.op = Text(threshold_object, "op");
      Read(threshold_object["threshold"].get_double(), threshold.threshold);
      const Result<Duration> window = ParseDuration(Text(threshold_object, "window"));
      if (window.ok()) threshold.window = *window;
      threshold.window_start = Time(threshold_object, "window_start").value_or(TimePoint{});
      threshold.window_end = Time(threshold_object, "window_end").value_or(TimePoint{});
      Read(threshold_object["events"].get_uint64(), threshold.events);
      dom::object group;
      if (threshold_object["group"].get_object().get(group) == simdjson::SUCCESS) {
        for (auto [key, value] : group) {
          std::string_view text;
          if (value.get_string().get(text) == simdjson::SUCCESS) {
            threshold.group.emplace_back(std::string(key), std::string(text));
          }
        }
      }
      Read(threshold_object["suppressed"].get_uint64(), threshold.suppressed);
      detection.threshold = std::move(threshold);
    }
  }
  dom::array sources;
  if (object["sources"].get_array().get(sources) == simdjson::SUCCESS) {
    for (dom::element element : sources) {
      dom::object source_object;
      if (element.get_object().get(source_object) != simdjson::SUCCESS) continue;
      StoredSourceRef source;
      int64_t number = 0;
      if (source_object["topic"].is_string()) {
        source.origin = Text(source_object, "topic");
        if (source_object["partition"].get_int64().get(number) == simdjson::SUCCESS) {
          source.partition = static_cast<int32_t>(number);
        }
        Read(source_object["offset"].get_int64(), source.offset);
      } else {
        source.origin = Text(source_object, "file");
        Read(source_object["line"].get_int64(), source.offset);
      }
      if (source_object["index"].get_int64().get(number) == simdjson::SUCCESS) {
        source.index = static_cast<uint32_t>(number);
      }
      detection.sources.push_back(std::move(source));
    }
  }
  Read(object["sources_total"].get_uint64(), detection.sources_total);
  return detection;
}

}  // namespace leakhound
