// FieldMap: where each QueryEvent field lives in a JSON record, as JSON Pointers (RFC
// 6901), with the coercions a source needs. It configures the generic JSON decoder for any
// schema; several pointers per field are tried in order (the first present wins).
//
//   time:       [/timestamp, /@timestamp]  RFC 3339 text or an epoch number
//   principal:  /user
//   rows:       /rows                      a number, or a number in a string ("1200")
//   duration:   /duration_ms               a number in `duration_unit`
//
// Thread-safety: a value.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace leakhound {

enum class InputField {
  kTime,
  kPrincipal,
  kClient,
  kApplication,
  kDatabase,
  kStatement,
  kSessionId,
  kStatus,
  kRows,
  kDuration,
};
inline constexpr size_t kInputFieldCount = 10;

std::string_view InputFieldName(InputField field);
std::optional<InputField> FindInputField(std::string_view name);

// What the statement field holds: the SQL itself, or a pgaudit message around it
// ("AUDIT: SESSION,1,1,READ,SELECT,...,\"select ...\",<none>,42"), from which the statement
// and ROWS are taken.
enum class StatementFormat { kPlain, kPgaudit };

// How records are laid out: one JSON object a record, read through the pointers below, or
// a source with a decoder of its own (the pointers are then unused).
enum class RecordFormat { kJson, kAwsDas };

struct FieldMap {
  std::array<std::vector<std::string>, kInputFieldCount> pointers;
  std::optional<EpochUnit> time_unit;  // unset: guess from the magnitude
  EpochUnit duration_unit = EpochUnit::kMilliseconds;
  bool statement_required = true;
  StatementFormat statement_format = StatementFormat::kPlain;
  RecordFormat record_format = RecordFormat::kJson;

  const std::vector<std::string>& PointersFor(InputField field) const {
    return pointers[static_cast<size_t>(field)];
  }
  std::vector<std::string>& PointersFor(InputField field) {
    return pointers[static_cast<size_t>(field)];
  }

  // leakhound's own NDJSON: {"time", "principal" (or "user"), "client", "application",
  // "database", "statement", "session_id", "status", "rows", "duration_ms"}.
  static FieldMap Native();
  // PostgreSQL's jsonlog (log_destination = jsonlog, PostgreSQL 15+) carrying pgaudit
  // messages: {"timestamp", "user", "dbname", "remote_host", "application_name",
  // "session_id", "message": "AUDIT: ..."}.
  static FieldMap PostgresJsonlog();
};

// Splits "/a/b~1c" into {"a", "b/c"}; fails for pointers that do not start with '/' or
// hold a bad '~' escape.
Result<std::vector<std::string>> ParseJsonPointer(std::string_view pointer);

}  // namespace leakhound
