#include "cli/decoder_profile.h"

#include <fstream>
#include <sstream>

#include "core/spelling.h"
#include "rules/yaml_reader.h"

namespace leakhound {
namespace {

constexpr std::string_view kKeys[] = {
    "decoder", "fields", "time_unit", "duration_unit", "statement_required", "statement_format"};

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
  YAML::Node root;
  try {
    root = YAML::Load(content.str());
  } catch (const YAML::Exception& e) {
    diagnostics.Error({path, e.mark.line + 1, e.mark.column + 1}, "", "YAML syntax: " + e.msg);
    return;
  }
  YamlReader reader(path, diagnostics);
  if (!reader.ExpectMap(root, "a decoder profile")) return;
  reader.CheckKeys(root, kKeys, "a decoder profile");
  if (const YAML::Node decoder = root["decoder"]) {
    // A source's decoder presets the field map; `fields` below can still move any field.
    const std::string name = reader.String(decoder, "decoder").value_or("");
    if (name == "pg-jsonlog") {
      map = FieldMap::PostgresJsonlog();
    } else if (name == "aws-das") {
      map.record_format = RecordFormat::kAwsDas;
    } else if (name != "json") {
      reader.Error(decoder,
                   "decoder must be 'json' (any JSON, through `fields`), 'pg-jsonlog' "
                   "(PostgreSQL jsonlog with pgaudit) or 'aws-das' (decrypted AWS Database "
                   "Activity Streams records); the other database audit logs come in a later "
                   "version");
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
    } else {
      reader.Error(format,
                   "statement_format must be plain (the SQL) or pgaudit (an AUDIT: message)");
    }
  }
  if (const YAML::Node required = root["statement_required"]) {
    map.statement_required = reader.Bool(required, "statement_required").value_or(true);
  }
}

}  // namespace leakhound
