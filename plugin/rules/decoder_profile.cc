#include "rules/decoder_profile.h"

#include <fstream>
#include <sstream>

#include "core/log_line_prefix.h"
#include "core/spelling.h"
#include "rules/yaml_documents.h"
#include "rules/yaml_reader.h"

namespace leakhound {
namespace {

constexpr std::string_view kKeys[] = {
    "decoder",          "fields",          "time_unit", "duration_unit", "statement_required",
    "statement_format", "log_line_prefix", "envelope"};

std::string DecoderNameList() {
  std::string list;
  for (const DecoderName& decoder : DecoderNames()) {
    list += "\n  " + std::string(decoder.name) + ": " + std::string(decoder.reads);
  }
  return list;
}

std::optional<EpochUnit> ParseUnit(std::string_view text) {
  if (text == "s") return EpochUnit::kSeconds;
  if (text == "ms") return EpochUnit::kMilliseconds;
  if (text == "us") return EpochUnit::kMicroseconds;
  if (text == "ns") return EpochUnit::kNanoseconds;
  return std::nullopt;
}

}  // namespace

void LoadDecoderProfile(const std::string& path, FieldMap& map, Diagnostics& diagnostics) {
  std::ifstream in(path);
  if (!in) {
    diagnostics.Error({path, 0, 0}, "", "cannot read the decoder profile");
    return;
  }
  std::ostringstream content;
  content << in.rdbuf();
  const std::optional<YAML::Node> document = ReadYamlDocument(path, content.str(), diagnostics);
  if (!document) return;
  const YAML::Node& root = *document;
  YamlReader reader(path, diagnostics);
  if (!reader.ExpectMap(root, "a decoder profile")) return;
  reader.CheckKeys(root, kKeys, "a decoder profile");
  if (const YAML::Node decoder = root["decoder"]) {
    // A source's decoder presets the field map; `fields` below can still move any field.
    const std::string name = reader.String(decoder, "decoder").value_or("");
    if (std::optional<FieldMap> preset = FieldMapForDecoder(name)) {
      map = std::move(*preset);
    } else {
      reader.Error(decoder,
                   "unknown decoder '" + name + "'; the decoders are:" + DecoderNameList());
    }
  }
  if (const YAML::Node fields = root["fields"]; fields && reader.ExpectMap(fields, "fields")) {
    std::vector<std::string_view> names;
    for (size_t i = 0; i < kInputFieldCount; ++i)
      names.push_back(InputFieldName(static_cast<InputField>(i)));
    for (const auto& entry : fields) {
      const std::string name = KeyText(entry.first);
      const std::optional<InputField> field = FindInputField(name);
      if (!field) {
        std::string message = "unknown field '" + name + "'";
        const std::string_view suggestion = ClosestMatch(name, names);
        if (!suggestion.empty()) message += "; did you mean '" + std::string(suggestion) + "'?";
        reader.Error(entry.first, std::move(message));
        continue;
      }
      const std::optional<std::vector<std::string>> pointers =
          reader.StringList(entry.second, "a field's JSON pointer");
      if (!pointers) continue;
      for (const std::string& pointer : *pointers) {
        const Result<std::vector<std::string>> parsed = ParseJsonPointer(pointer);
        if (!parsed.ok()) reader.Error(entry.second, parsed.status().message());
      }
      map.PointersFor(*field) = *pointers;
    }
  }
  if (const YAML::Node unit = root["time_unit"]) {
    const std::string text = reader.String(unit, "time_unit").value_or("");
    if (text == "auto") {
      map.time_unit.reset();
    } else if (const auto parsed = ParseUnit(text)) {
      map.time_unit = parsed;
    } else {
      reader.Error(unit, "time_unit must be auto, s, ms, us or ns");
    }
  }
  if (const YAML::Node unit = root["duration_unit"]) {
    const auto parsed = ParseUnit(reader.String(unit, "duration_unit").value_or(""));
    if (parsed) {
      map.duration_unit = *parsed;
    } else {
      reader.Error(unit, "duration_unit must be s, ms, us or ns");
    }
  }
  if (const YAML::Node format = root["statement_format"]) {
    const std::string text = reader.String(format, "statement_format").value_or("");
    if (text == "plain") {
      map.statement_format = StatementFormat::kPlain;
    } else if (text == "pgaudit") {
      map.statement_format = StatementFormat::kPgaudit;
    } else if (text == "pg-statements") {
      map.statement_format = StatementFormat::kPgStatements;
    } else if (text == "postgres") {
      map.statement_format = StatementFormat::kPostgres;
    } else {
      reader.Error(format,
                   "statement_format must be plain (the SQL), pgaudit (AUDIT: messages), "
                   "pg-statements (log_statement's \"statement: ...\" messages) or postgres "
                   "(both)");
    }
  }
  if (const YAML::Node prefix = root["log_line_prefix"]) {
    if (std::optional<std::string> text = reader.String(prefix, "log_line_prefix")) {
      if (const Result<LogLinePrefix> parsed = LogLinePrefix::Parse(*text); parsed.ok()) {
        map.log_line_prefix = *text;
      } else {
        reader.Error(prefix, parsed.status().message());
      }
    }
  }
  if (const YAML::Node envelope = root["envelope"]) {
    // A shipper's name, or the JSON pointers of the member that holds the line.
    const std::optional<std::vector<std::string>> names = reader.StringList(envelope, "envelope");
    map.envelope_pointers.clear();
    for (const std::string& name : names.value_or(std::vector<std::string>{})) {
      if (name == "none") continue;
      if (std::optional<std::vector<std::string>> pointers = EnvelopePointers(name)) {
        map.envelope_pointers.insert(map.envelope_pointers.end(), pointers->begin(),
                                     pointers->end());
      } else if (ParseJsonPointer(name).ok()) {
        map.envelope_pointers.push_back(name);
      } else {
        reader.Error(envelope,
                     "envelope must be none, filebeat, elastic-agent, fluent-bit, "
                     "vector, or JSON pointers to the member holding the line "
                     "(/message); found '" +
                         name + "'");
      }
    }
  }
  if (const YAML::Node required = root["statement_required"]) {
    map.statement_required = reader.Bool(required, "statement_required").value_or(true);
  }
}

void ResolveDecoderProfile(const std::string& profile, FieldMap& map, Diagnostics& diagnostics) {
  if (std::ifstream(profile).good()) {
    LoadDecoderProfile(profile, map, diagnostics);
    return;
  }
  const size_t plus = profile.find('+');
  const std::string name = profile.substr(0, plus);
  std::optional<FieldMap> preset = FieldMapForDecoder(name);
  std::optional<std::vector<std::string>> envelope;
  if (plus != std::string::npos) envelope = EnvelopePointers(profile.substr(plus + 1));
  if (!preset || (plus != std::string::npos && !envelope)) {
    diagnostics.Error({profile, 0, 0}, "",
                      "no such profile file, and not a decoder name (with an optional "
                      "+filebeat, +elastic-agent, +fluent-bit or +vector); the decoders are:" +
                          DecoderNameList());
    return;
  }
  map = std::move(*preset);
  if (envelope) map.envelope_pointers = std::move(*envelope);
}

}  // namespace leakhound
