#include "codec/ocsf_encoder.h"

#include <algorithm>

#include "codec/detection_json_encoder.h"
#include "codec/detection_summary.h"
#include "codec/json_writer.h"
#include "core/attack.h"

namespace leakhound {
namespace {

// OCSF observable type_ids.
constexpr int kObservableIpAddress = 2;
constexpr int kObservableUserName = 4;

bool IsPiiTable(const Detection& detection, const std::string& table) {
  return std::find(detection.pii_tables.begin(), detection.pii_tables.end(), table) !=
         detection.pii_tables.end();
}

void WriteAttacks(JsonWriter& json, const RuleInfo& rule) {
  const std::vector<AttackMapping> mappings = MapAttackTags(rule.tags);
  if (mappings.empty()) return;
  json.Key("attacks").BeginArray();
  for (const AttackMapping& mapping : mappings) {
    json.BeginObject().Field("version", kAttackVersion);
    if (mapping.tactic != nullptr) {
      json.Key("tactic").BeginObject();
      json.Field("uid", mapping.tactic->uid).Field("name", mapping.tactic->name);
      json.Field("src_url", AttackTacticUrl(mapping.tactic->uid));
      json.EndObject();
    }
    const auto write_technique = [&json](std::string_view key, const AttackTechniqueRef& ref) {
      json.Key(key).BeginObject().Field("uid", ref.uid);
      if (!ref.name.empty()) json.Field("name", ref.name);
      json.Field("src_url", AttackTechniqueUrl(ref.uid));
      json.EndObject();
    };
    if (!mapping.technique.uid.empty()) write_technique("technique", mapping.technique);
    if (mapping.sub_technique) write_technique("sub_technique", *mapping.sub_technique);
    json.EndObject();
  }
  json.EndArray();
}

void WriteFindingInfo(JsonWriter& json, const Detection& detection) {
  json.Key("finding_info").BeginObject();
  json.Field("uid", detection.id);
  if (detection.rule) {
    const RuleInfo& rule = *detection.rule;
    json.Field("title", rule.title);
    if (!rule.description.empty()) json.Field("desc", rule.description);
    if (!rule.references.empty()) json.Field("src_url", rule.references.front());
  }
  json.Field("created_time", EpochMillis(detection.detection_time));
  json.Field("first_seen_time", EpochMillis(detection.first_event_time));
  json.Field("last_seen_time", EpochMillis(DetectionEndTime(detection)));
  if (detection.rule) {
    const RuleInfo& rule = *detection.rule;
    json.Key("analytic").BeginObject();
    json.Field("uid", rule.id).Field("name", rule.title);
    if (detection.threshold) {
      json.Field("type_id", 3).Field("type", "Statistical");
    } else {
      json.Field("type_id", 1).Field("type", "Rule");
    }
    json.Field("version", std::to_string(rule.version));
    json.EndObject();
    WriteAttacks(json, rule);
  }
  json.EndObject();
}

// actor, src_endpoint and database: inside evidences[0] for 2004, at the top for 2006.
void WriteActorEndpointDatabase(JsonWriter& json, const Detection& detection,
                                const ClientEndpoint& client) {
  if (!detection.principal.empty() || !detection.session_id.empty() ||
      !detection.application.empty()) {
    json.Key("actor").BeginObject();
    if (!detection.principal.empty()) {
      json.Key("user").BeginObject().Field("name", detection.principal).EndObject();
    }
    if (!detection.session_id.empty()) {
      json.Key("session").BeginObject().Field("uid", detection.session_id).EndObject();
    }
    if (!detection.application.empty()) json.Field("app_name", detection.application);
    json.EndObject();
  }
  if (!client.ip.empty()) {
    json.Key("src_endpoint").BeginObject().Field("ip", client.ip);
    if (client.port) json.Field("port", *client.port);
    json.EndObject();
  } else if (!client.name.empty()) {
    json.Key("src_endpoint").BeginObject().Field("name", client.name).EndObject();
  }
  if (!detection.database.empty()) {
    // Which engine ran the statement is not in every log: type Unknown.
    json.Key("database").BeginObject();
    json.Field("name", detection.database).Field("type_id", 0).Field("type", "Unknown");
    json.EndObject();
  }
}

// The statement and why the rule fired: evidences[0].data for 2004, unmapped for 2006.
void WriteExplanation(JsonWriter& json, const Detection& detection) {
  WriteDetectionStatement(json, detection);
  WriteDetectionWhy(json, detection);
  WriteDetectionSources(json, detection);
}

void WriteEvidence(JsonWriter& json, const Detection& detection, const ClientEndpoint& client) {
  json.Key("evidences").BeginArray().BeginObject();
  WriteActorEndpointDatabase(json, detection, client);
  json.Key("data").BeginObject();
  WriteExplanation(json, detection);
  json.EndObject();
  json.EndObject().EndArray();
}

// Class 2006: what data was read, by whom it was found (database activity monitoring).
void WriteDataSecurity(JsonWriter& json, const Detection& detection) {
  const std::vector<std::string>& tables =
      detection.pii_tables.empty() ? detection.tables : detection.pii_tables;
  if (!tables.empty()) json.Key("table").BeginObject().Field("name", tables.front()).EndObject();
  json.Key("data_security").BeginObject();
  if (!detection.pii_tables.empty()) json.Field("category_id", 1).Field("category", "Personal");
  json.Field("detection_system_id", 9).Field("detection_system", "Database Activity Monitoring");
  if (detection.rule)
    json.Field("detection_pattern", detection.rule->id + " " + detection.rule->title);
  json.Field("data_lifecycle_state_id", 3).Field("data_lifecycle_state", "Data in-Use");
  if (!detection.pii_categories.empty()) {
    json.Key("discovery_details").BeginArray();
    for (const std::string& category : detection.pii_categories) {
      json.BeginObject().Field("type", category).EndObject();
    }
    json.EndArray();
  }
  json.EndObject();
}

void WriteResources(JsonWriter& json, const Detection& detection) {
  if (detection.tables.empty()) return;
  json.Key("resources").BeginArray();
  for (const std::string& table : detection.tables) {
    json.BeginObject().Field("type", "Table").Field("name", table);
    if (!detection.database.empty()) {
      json.Key("data").BeginObject().Field("database", detection.database).EndObject();
    }
    if (IsPiiTable(detection, table)) {
      json.Key("labels").BeginArray().String("pii").EndArray();
      json.Key("data_classifications").BeginArray().BeginObject();
      json.Field("category_id", 1).Field("category", "Personal");
      json.Key("classifier_details").BeginObject();
      json.Field("type", "Catalog").Field("name", "leakhound PII catalog");
      json.EndObject();
      // The categories are the statement's, across its PII tables: the catalog says which
      // columns hold what, the statement which of them it read.
      json.Key("discovery_details").BeginArray();
      for (const std::string& category : detection.pii_categories) {
        json.BeginObject().Field("type", category).EndObject();
      }
      json.EndArray();
      json.EndObject().EndArray();
    }
    json.EndObject();
  }
  json.EndArray();
}

void WriteObservables(JsonWriter& json, const Detection& detection, const ClientEndpoint& client,
                      std::string_view prefix) {
  if (detection.principal.empty() && client.ip.empty()) return;
  json.Key("observables").BeginArray();
  if (!detection.principal.empty()) {
    json.BeginObject()
        .Field("name", std::string(prefix) + "actor.user.name")
        .Field("type_id", kObservableUserName)
        .Field("type", "User Name")
        .Field("value", detection.principal)
        .EndObject();
  }
  if (!client.ip.empty()) {
    json.BeginObject()
        .Field("name", std::string(prefix) + "src_endpoint.ip")
        .Field("type_id", kObservableIpAddress)
        .Field("type", "IP Address")
        .Field("value", client.ip)
        .EndObject();
  }
  json.EndArray();
}

struct OcsfClass {
  int uid;
  std::string_view name;
};
constexpr OcsfClass kDetectionFinding{2004, "Detection Finding"};
constexpr OcsfClass kDataSecurityFinding{2006, "Data Security Finding"};

void EncodeFinding(const Detection& detection, const EncoderOptions& options, OcsfClass ocsf_class,
                   std::string& out) {
  const Severity severity = DetectionSeverity(detection);
  const ClientEndpoint client = SplitClient(detection.client);
  const bool data_security = ocsf_class.uid == kDataSecurityFinding.uid;
  JsonWriter json(out);
  json.BeginObject();
  json.Field("activity_id", 1).Field("activity_name", "Create");
  json.Field("category_uid", 2).Field("category_name", "Findings");
  json.Field("class_uid", ocsf_class.uid).Field("class_name", ocsf_class.name);
  json.Field("type_uid", ocsf_class.uid * 100 + 1);
  json.Field("type_name", std::string(ocsf_class.name) + ": Create");
  json.Field("severity_id", OcsfSeverityId(severity));
  json.Field("severity", OcsfSeverityCaption(severity));
  json.Field("status_id", 1).Field("status", "New");
  json.Field("is_alert", true);
  json.Field("time", EpochMillis(detection.detection_time));
  json.Field("start_time", EpochMillis(detection.first_event_time));
  json.Field("end_time", EpochMillis(DetectionEndTime(detection)));
  if (detection.threshold) json.Field("count", detection.threshold->events);
  json.Field("message", DetectionHeadline(detection));

  json.Key("metadata").BeginObject();
  json.Field("version", kOcsfVersion);
  json.Key("product").BeginObject();
  json.Field("name", "leakhound").Field("vendor_name", "leakhound");
  json.Field("version", options.product_version).Field("uid", "leakhound");
  json.EndObject();
  json.Field("uid", detection.id);
  if (detection.rule) {
    json.Field("event_code", detection.rule->id);
    if (!detection.rule->tags.empty()) json.StringArray("labels", detection.rule->tags);
  }
  if (!detection.pii_tables.empty()) {
    json.Key("profiles").BeginArray().String("data_classification").EndArray();
  }
  json.EndObject();

  WriteFindingInfo(json, detection);
  if (data_security) {
    WriteActorEndpointDatabase(json, detection, client);
    WriteDataSecurity(json, detection);
  } else {
    WriteEvidence(json, detection, client);
  }
  WriteResources(json, detection);
  WriteObservables(json, detection, client, data_security ? "" : "evidences.");
  json.Key("unmapped").BeginObject().Key("leakhound").BeginObject();
  json.Field("schema", kDetectionSchemaVersion);
  if (detection.rule) json.Field("rule_status", RuleStatusName(detection.rule->status));
  if (data_security) WriteExplanation(json, detection);  // 2006 has no evidences
  json.EndObject().EndObject();
  json.EndObject();
}

}  // namespace

void EncodeDetectionOcsf(const Detection& detection, const EncoderOptions& options,
                         std::string& out) {
  EncodeFinding(detection, options, kDetectionFinding, out);
}

void EncodeDetectionOcsfDataSecurity(const Detection& detection, const EncoderOptions& options,
                                     std::string& out) {
  EncodeFinding(detection, options, kDataSecurityFinding, out);
}

}  // namespace leakhound
