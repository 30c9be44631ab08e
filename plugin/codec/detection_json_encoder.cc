#include "codec/detection_json_encoder.h"

#include "core/duration.h"

namespace leakhound {
namespace {

void OptionalField(JsonWriter& json, std::string_view key, const std::string& value) {
  if (!value.empty()) json.Field(key, value);
}

void WriteRule(JsonWriter& json, const RuleInfo& rule) {
  json.Key("rule").BeginObject();
  json.Field("id", rule.id);
  json.Field("title", rule.title);
  json.Field("severity", SeverityName(rule.severity));
  json.Field("version", static_cast<int64_t>(rule.version));
  json.Field("status", RuleStatusName(rule.status));
  json.StringArray("tags", rule.tags);
  OptionalField(json, "description", rule.description);
  if (!rule.references.empty()) json.StringArray("references", rule.references);
  json.EndObject();
}

}  // namespace

void WriteDetectionWhy(JsonWriter& json, const Detection& detection) {
  json.Key("why").BeginObject();
  json.StringArray("patterns", detection.matched_patterns);
  json.Key("predicates").BeginArray();
  for (const PredicateEvidence& predicate : detection.predicates) {
    json.BeginObject()
        .Field("field", predicate.field)
        .Field("op", predicate.op)
        .Field("expected", predicate.expected)
        .Field("actual", predicate.actual)
        .EndObject();
  }
  json.EndArray();
  if (detection.threshold) {
    const ThresholdEvidence& threshold = *detection.threshold;
    json.Key("threshold").BeginObject();
    json.Field("aggregate", threshold.aggregate);
    OptionalField(json, "field", threshold.field);
    json.Field("value", threshold.value);
    json.Field("op", threshold.op);
    json.Field("threshold", threshold.threshold);
    json.Field("window", FormatDuration(threshold.window));
    json.Field("window_start", FormatTimestamp(threshold.window_start));
    json.Field("window_end", FormatTimestamp(threshold.window_end));
    json.Field("events", threshold.events);
    json.Key("group").BeginObject();
    for (const auto& [field, value] : threshold.group) json.Field(field, value);
    json.EndObject();
    json.Field("suppressed", threshold.suppressed);
    json.EndObject();
  }
  json.EndObject();
}

void WriteDetectionStatement(JsonWriter& json, const Detection& detection) {
  OptionalField(json, "verb", detection.verb);
  json.Field("fingerprint", detection.fingerprint);
  json.StringArray("tables", detection.tables);
  json.StringArray("pii_tables", detection.pii_tables);
  json.StringArray("pii_categories", detection.pii_categories);
  json.StringArray("pii_columns", detection.pii_columns);
  if (detection.rows) json.Field("rows", *detection.rows);
  if (!detection.literal_tokens.empty())
    json.StringArray("literal_tokens", detection.literal_tokens);
}

void WriteDetectionSources(JsonWriter& json, const Detection& detection) {
  json.Key("sources").BeginArray();
  for (const StoredSourceRef& source : detection.sources) {
    json.BeginObject();
    if (source.partition < 0) {
      json.Field("file", source.origin).Field("line", source.offset);
    } else {
      json.Field("topic", source.origin)
          .Field("partition", static_cast<int64_t>(source.partition))
          .Field("offset", source.offset);
    }
    if (source.index > 0) json.Field("index", static_cast<uint64_t>(source.index));
    json.EndObject();
  }
  json.EndArray();
  json.Field("sources_total", detection.sources_total);
}

void EncodeDetectionJson(const Detection& detection, std::string& out) {
  JsonWriter json(out);
  json.BeginObject();
  json.Field("schema", kDetectionSchemaVersion);
  json.Field("id", detection.id);
  if (detection.rule) WriteRule(json, *detection.rule);
  OptionalField(json, "principal", detection.principal);
  OptionalField(json, "client", detection.client);
  OptionalField(json, "application", detection.application);
  OptionalField(json, "database", detection.database);
  OptionalField(json, "session_id", detection.session_id);
  WriteDetectionStatement(json, detection);
  json.Field("event_time", FormatTimestamp(detection.event_time));
  json.Field("first_event_time", FormatTimestamp(detection.first_event_time));
  json.Field("detection_time", FormatTimestamp(detection.detection_time));
  WriteDetectionWhy(json, detection);
  WriteDetectionSources(json, detection);
  json.EndObject();
}

}  // namespace leakhound
