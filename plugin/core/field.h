// Field: the names rules use for what is known about an event. Some come from the log
// record (principal, rows), some from the SQL analysis (tables, has_where), some from the
// PII catalog (pii_categories) and some from the event time (hour). One table describes
// them all; rules/README.md documents the same list.
//
// Thread-safety: immutable tables.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace leakhound {

enum class FieldType {
  kString,
  kNumber,
  kBool,
  kStringList,  // several values: a predicate holds when any value satisfies it
  kAddress,     // a string that also answers CIDR questions
  kTime,
};

enum class Field {
  // From the record.
  kTime,
  kPrincipal,
  kClient,
  kApplication,
  kDatabase,
  kStatement,
  kSessionId,
  kStatus,
  kRows,
  kDurationMs,
  // From the SQL analysis.
  kVerb,
  kFingerprint,
  kTables,
  kSchemas,
  kColumns,
  kSelectStar,
  kHasWhere,
  kHasLimit,
  kLimit,
  kOffset,
  kCopyTo,
  kAggregates,
  // From the PII catalog.
  kPiiTable,
  kPiiTables,
  kPiiColumns,
  kPiiCategories,
  kPiiWeight,
  kPiiColumnWeight,
  // From the event time.
  kHour,
  kWeekday,
};

enum class FieldOrigin { kRecord, kSql, kCatalog, kTime };

struct FieldInfo {
  Field field;
  std::string_view name;
  FieldType type;
  FieldOrigin origin;
  std::string_view description;
};

std::span<const FieldInfo> AllFields();
const FieldInfo& GetFieldInfo(Field field);
std::optional<Field> FindField(std::string_view name);
// The known field name closest to a misspelt one, for "did you mean" hints; empty if none
// is close.
std::string_view SuggestField(std::string_view name);
std::string_view FieldTypeName(FieldType type);

}  // namespace leakhound
