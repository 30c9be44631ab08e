#include "codec/field_map.h"

namespace leakhound {
namespace {

constexpr std::string_view kNames[kInputFieldCount] = {
    "time",      "principal",  "client", "application", "database",
    "statement", "session_id", "status", "rows",        "duration"};

}  // namespace

std::string_view InputFieldName(InputField field) { return kNames[static_cast<size_t>(field)]; }

std::optional<InputField> FindInputField(std::string_view name) {
  for (size_t i = 0; i < kInputFieldCount; ++i) {
    if (kNames[i] == name) return static_cast<InputField>(i);
  }
  if (name == "user") return InputField::kPrincipal;
  if (name == "duration_ms") return InputField::kDuration;
  return std::nullopt;
}

FieldMap FieldMap::Native() {
  FieldMap map;
  map.PointersFor(InputField::kTime) = {"/time"};
  map.PointersFor(InputField::kPrincipal) = {"/principal", "/user"};
  map.PointersFor(InputField::kClient) = {"/client"};
  map.PointersFor(InputField::kApplication) = {"/application"};
  map.PointersFor(InputField::kDatabase) = {"/database"};
  map.PointersFor(InputField::kStatement) = {"/statement"};
  map.PointersFor(InputField::kSessionId) = {"/session_id"};
  map.PointersFor(InputField::kStatus) = {"/status"};
  map.PointersFor(InputField::kRows) = {"/rows"};
  map.PointersFor(InputField::kDuration) = {"/duration_ms"};
  map.duration_unit = EpochUnit::kMilliseconds;
  return map;
}

FieldMap FieldMap::PostgresJsonlog() {
  FieldMap map;
  map.PointersFor(InputField::kTime) = {"/timestamp"};
  map.PointersFor(InputField::kPrincipal) = {"/user"};
  map.PointersFor(InputField::kClient) = {"/remote_host"};
  map.PointersFor(InputField::kApplication) = {"/application_name"};
  map.PointersFor(InputField::kDatabase) = {"/dbname"};
  map.PointersFor(InputField::kStatement) = {"/message"};
  map.PointersFor(InputField::kSessionId) = {"/session_id"};
  map.PointersFor(InputField::kStatus) = {"/state_code"};
  map.statement_format = StatementFormat::kPgaudit;
  return map;
}

Result<std::vector<std::string>> ParseJsonPointer(std::string_view pointer) {
  if (pointer.empty() || pointer.front() != '/') {
    return InvalidArgument("JSON pointer '" + std::string(pointer) +
                           "' must start with '/', e.g. /user or /query/text");
  }
  std::vector<std::string> tokens;
  std::string token;
  for (size_t i = 1; i <= pointer.size(); ++i) {
    if (i == pointer.size() || pointer[i] == '/') {
      tokens.push_back(std::move(token));
      token.clear();
      continue;
    }
    if (pointer[i] == '~') {
      if (i + 1 < pointer.size() && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
        token += pointer[i + 1] == '0' ? '~' : '/';
        ++i;
        continue;
      }
      return InvalidArgument("JSON pointer '" + std::string(pointer) +
                             "' has a '~' that is not ~0 or ~1");
    }
    token += pointer[i];
  }
  return tokens;
}

}  // namespace leakhound
