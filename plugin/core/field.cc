#include "core/field.h"

#include <algorithm>
#include <vector>

#include "core/spelling.h"

namespace leakhound {
namespace {

using enum FieldType;
constexpr FieldOrigin kRecord = FieldOrigin::kRecord;
constexpr FieldOrigin kSql = FieldOrigin::kSql;
constexpr FieldOrigin kCatalog = FieldOrigin::kCatalog;
constexpr FieldOrigin kFromTime = FieldOrigin::kTime;

constexpr FieldInfo kFields[] = {
    {Field::kTime, "time", kTime, kRecord, "when the statement ran (RFC 3339 in test events)"},
    {Field::kPrincipal, "principal", kString, kRecord, "the database user or cloud identity"},
    {Field::kClient, "client", kAddress, kRecord, "client address; supports CIDR lists"},
    {Field::kApplication, "application", kString, kRecord, "the client application's name"},
    {Field::kDatabase, "database", kString, kRecord, "the database (schema in MySQL terms)"},
    {Field::kStatement, "statement", kString, kRecord, "the statement as logged"},
    {Field::kSessionId, "session_id", kString, kRecord, "the session or connection id"},
    {Field::kStatus, "status", kString, kRecord, "the outcome as logged (\"0\", an error code)"},
    {Field::kRows, "rows", kNumber, kRecord, "rows returned or affected, when logged"},
    {Field::kDurationMs, "duration_ms", kNumber, kRecord, "execution time in milliseconds"},
    {Field::kVerb, "verb", kString, kSql, "select, copy, insert, update, delete, show, ..."},
    {Field::kFingerprint, "fingerprint", kString, kSql,
     "the normalized statement with literals masked as ?"},
    {Field::kTables, "tables", kStringList, kSql, "tables read (FROM, JOIN, COPY, TABLE)"},
    {Field::kSchemas, "schemas", kStringList, kSql, "schemas that qualify the tables read"},
    {Field::kColumns, "columns", kStringList, kSql, "column names the statement mentions"},
    {Field::kSelectStar, "select_star", kBool, kSql,
     "every column: SELECT *, t.*, TABLE t, COPY t"},
    {Field::kHasWhere, "has_where", kBool, kSql, "a WHERE clause anywhere in the statement"},
    {Field::kHasLimit, "has_limit", kBool, kSql, "LIMIT, TOP or FETCH FIRST"},
    {Field::kLimit, "limit", kNumber, kSql, "the LIMIT value, when a literal"},
    {Field::kOffset, "offset", kNumber, kSql, "the OFFSET value, when a literal"},
    {Field::kCopyTo, "copy_to", kBool, kSql, "COPY ... TO a file, STDOUT or a program"},
    {Field::kAggregates, "aggregates", kStringList, kSql,
     "aggregates that pack rows into one value: json_agg, string_agg, group_concat, ..."},
    {Field::kPiiTable, "pii_table", kBool, kCatalog, "reads a table the catalog lists"},
    {Field::kPiiTables, "pii_tables", kStringList, kCatalog, "the catalog tables read"},
    {Field::kPiiColumns, "pii_columns", kStringList, kCatalog,
     "PII columns read (all of them for SELECT *)"},
    {Field::kPiiCategories, "pii_categories", kStringList, kCatalog,
     "categories of the PII columns read (passport, email, ...)"},
    {Field::kPiiWeight, "pii_weight", kNumber, kCatalog,
     "rows times pii_column_weight: the PII a statement exposed (rows unknown: LIMIT, else 1)"},
    {Field::kPiiColumnWeight, "pii_column_weight", kNumber, kCatalog,
     "sum of the catalog weights of the PII columns read"},
    {Field::kHour, "hour", kNumber, kFromTime,
     "hour of day 0-23 of the event time (rule's utc_offset)"},
    {Field::kWeekday, "weekday", kNumber, kFromTime,
     "day of week 0-6, Sunday = 0; sun, mon, ... accepted"},
};

}  // namespace

std::span<const FieldInfo> AllFields() { return kFields; }

const FieldInfo& GetFieldInfo(Field field) { return kFields[static_cast<size_t>(field)]; }

std::optional<Field> FindField(std::string_view name) {
  for (const FieldInfo& info : kFields) {
    if (info.name == name) return info.field;
  }
  if (name == "user") return Field::kPrincipal;  // the name most logs use
  return std::nullopt;
}

std::string_view SuggestField(std::string_view name) {
  std::vector<std::string_view> names;
  for (const FieldInfo& info : kFields) names.push_back(info.name);
  return ClosestMatch(name, names);
}

std::string_view FieldTypeName(FieldType type) {
  switch (type) {
    case kString:
      return "string";
    case kNumber:
      return "number";
    case kBool:
      return "boolean";
    case kStringList:
      return "list of strings";
    case kAddress:
      return "address";
    case kTime:
      return "time";
  }
  return "?";
}

}  // namespace leakhound
