#include "codec/ecs_encoder.h"

#include "codec/detection_json_encoder.h"
#include "codec/detection_summary.h"
#include "codec/json_writer.h"
#include "core/attack.h"

namespace leakhound {
namespace {

void WriteThreat(JsonWriter& json, const RuleInfo& rule) {
  const std::vector<AttackMapping> mappings = MapAttackTags(rule.tags);
  const std::vector<const AttackTactic*> tactics = AttackTacticsOf(rule.tags);
  if (mappings.empty()) return;
  json.Key("threat").BeginObject().Field("framework", "MITRE ATT&CK");
  if (!tactics.empty()) {
    json.Key("tactic").BeginObject();
    json.Key("id").BeginArray();
    for (const AttackTactic* tactic : tactics) json.String(tactic->uid);
    json.EndArray().Key("name").BeginArray();
    for (const AttackTactic* tactic : tactics) json.String(tactic->name);
    json.EndArray().Key("reference").BeginArray();
    for (const AttackTactic* tactic : tactics) json.String(AttackTacticUrl(tactic->uid));
    json.EndArray().EndObject();
  }
  // ECS holds techniques and sub-techniques as parallel arrays: a technique this build
  // has no name for is named by its id, so that name[i] stays the name of id[i].
  std::vector<const AttackTechniqueRef*> techniques;
  std::vector<const AttackTechniqueRef*> sub_techniques;
  for (const AttackMapping& mapping : mappings) {
    if (!mapping.technique.uid.empty()) techniques.push_back(&mapping.technique);
    if (mapping.sub_technique) sub_techniques.push_back(&*mapping.sub_technique);
  }
  const auto write_refs = [&json](const std::vector<const AttackTechniqueRef*>& refs) {
    json.Key("id").BeginArray();
    for (const AttackTechniqueRef* ref : refs) json.String(ref->uid);
    json.EndArray().Key("name").BeginArray();
    for (const AttackTechniqueRef* ref : refs)
      json.String(ref->name.empty() ? ref->uid : ref->name);
    json.EndArray().Key("reference").BeginArray();
    for (const AttackTechniqueRef* ref : refs) json.String(AttackTechniqueUrl(ref->uid));
    json.EndArray();
  };
  if (!techniques.empty()) {
    json.Key("technique").BeginObject();
    write_refs(techniques);
    if (!sub_techniques.empty()) {
      json.Key("subtechnique").BeginObject();
      write_refs(sub_techniques);
      json.EndObject();
    }
    json.EndObject();
  }
  json.EndObject();
}

void WriteEvent(JsonWriter& json, const Detection& detection, Severity severity) {
  json.Key("event").BeginObject();
  json.Field("kind", "alert");
  json.Key("category").BeginArray().String("database").EndArray();
  json.Key("type").BeginArray().String("access").String("info").EndArray();
  json.Field("id", detection.id);
  if (detection.rule) json.Field("code", detection.rule->id);
  json.Field("provider", "leakhound").Field("module", "leakhound");
  json.Field("dataset", "leakhound.detection");
  json.Field("severity", OcsfSeverityId(severity));
  json.Field("risk_score", RiskScore(severity));
  json.Field("risk_score_norm", RiskScore(severity));
  json.Field("created", FormatTimestamp(detection.detection_time));
  json.Field("start", FormatTimestamp(detection.first_event_time));
  json.Field("end", FormatTimestamp(DetectionEndTime(detection)));
  const Duration span = DetectionEndTime(detection) - detection.first_event_time;
  json.Field("duration", static_cast<int64_t>(span.count()) * 1000);  // nanoseconds
  json.Field("reason", DetectionReason(detection));
  json.EndObject();
}

void WriteRule(JsonWriter& json, const RuleInfo& rule) {
  json.Key("rule").BeginObject();
  json.Field("id", rule.id).Field("name", rule.title);
  json.Field("version", std::to_string(rule.version));
  json.Field("ruleset", "leakhound");
  if (!rule.description.empty()) json.Field("description", rule.description);
  if (!rule.references.empty()) json.Field("reference", rule.references.front());
  if (!rule.author.empty()) json.Key("author").BeginArray().String(rule.author).EndArray();
  json.EndObject();
}

void WriteLeakhound(JsonWriter& json, const Detection& detection) {
  json.Key("leakhound").BeginObject();
  json.Field("schema", kDetectionSchemaVersion);
  if (detection.rule) {
    json.Field("rule_status", RuleStatusName(detection.rule->status));
    json.Field("severity", SeverityName(detection.rule->severity));
  }
  if (!detection.database.empty()) json.Field("database", detection.database);
  if (!detection.application.empty()) json.Field("application", detection.application);
  if (!detection.session_id.empty()) json.Field("session_id", detection.session_id);
  WriteDetectionStatement(json, detection);
  WriteDetectionWhy(json, detection);
  WriteDetectionSources(json, detection);
  json.EndObject();
}

}  // namespace

void EncodeDetectionEcs(const Detection& detection, const EncoderOptions& options,
                        std::string& out) {
  const Severity severity = DetectionSeverity(detection);
  const ClientEndpoint client = SplitClient(detection.client);
  JsonWriter json(out);
  json.BeginObject();
  json.Field("@timestamp", FormatTimestamp(detection.detection_time));
  json.Key("ecs").BeginObject().Field("version", kEcsVersion).EndObject();
  json.Field("message", DetectionHeadline(detection));
  WriteEvent(json, detection, severity);
  if (detection.rule) {
    WriteRule(json, *detection.rule);
    WriteThreat(json, *detection.rule);
    if (!detection.rule->tags.empty()) json.StringArray("tags", detection.rule->tags);
  }
  if (!detection.principal.empty()) {
    json.Key("user").BeginObject().Field("name", detection.principal).EndObject();
  }
  if (!detection.client.empty()) {
    json.Key("source").BeginObject();
    json.Field("address", client.ip.empty() ? client.name : client.ip);
    if (!client.ip.empty()) json.Field("ip", client.ip);
    if (client.port) json.Field("port", *client.port);
    json.EndObject();
  }
  json.Key("observer").BeginObject();
  json.Field("vendor", "leakhound").Field("product", "leakhound");
  json.Field("version", options.product_version);
  if (!options.host.empty()) json.Field("hostname", options.host);
  json.EndObject();
  if (!detection.principal.empty() || !client.ip.empty()) {
    json.Key("related").BeginObject();
    if (!detection.principal.empty()) {
      json.Key("user").BeginArray().String(detection.principal).EndArray();
    }
    if (!client.ip.empty()) json.Key("ip").BeginArray().String(client.ip).EndArray();
    json.EndObject();
  }
  WriteLeakhound(json, detection);
  json.EndObject();
}

}  // namespace leakhound
