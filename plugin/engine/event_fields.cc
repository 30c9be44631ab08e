#include "engine/event_fields.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace leakhound {

std::string_view EventFields::String(Field field) const {
  switch (field) {
    case Field::kPrincipal:
      return event_.principal;
    case Field::kClient:
      return event_.client;
    case Field::kApplication:
      return event_.application;
    case Field::kDatabase:
      return event_.database;
    case Field::kStatement:
      return event_.statement;
    case Field::kSessionId:
      return event_.session_id;
    case Field::kStatus:
      return event_.status;
    case Field::kVerb:
      return sql().verb;
    case Field::kFingerprint:
      return sql().fingerprint;
    default:
      return {};
  }
}

std::optional<double> EventFields::Number(Field field, Duration utc_offset) const {
  switch (field) {
    case Field::kRows:
      if (event_.rows) return static_cast<double>(*event_.rows);
      return std::nullopt;
    case Field::kDurationMs:
      if (event_.duration) return static_cast<double>(event_.duration->count()) / 1000.0;
      return std::nullopt;
    case Field::kLimit:
      if (sql().limit) return static_cast<double>(*sql().limit);
      return std::nullopt;
    case Field::kOffset:
      if (sql().offset) return static_cast<double>(*sql().offset);
      return std::nullopt;
    case Field::kPiiWeight: {
      // What one statement exposed: each row read carries the columns' weight. Without a
      // rows count the LIMIT bounds it; without either, one row is all that is known.
      const double weight = pii().weight;
      if (weight == 0) return 0.0;
      if (event_.rows) return weight * static_cast<double>(std::max<int64_t>(*event_.rows, 0));
      if (sql().limit) return weight * static_cast<double>(std::max<int64_t>(*sql().limit, 0));
      return weight;
    }
    case Field::kPiiColumnWeight:
      return pii().weight;
    case Field::kHour:
      return HourOfDay(time_, utc_offset);
    case Field::kWeekday:
      return Weekday(time_, utc_offset);
    default:
      return std::nullopt;
  }
}

bool EventFields::Bool(Field field) const {
  switch (field) {
    case Field::kSelectStar:
      return sql().select_star;
    case Field::kHasWhere:
      return sql().has_where;
    case Field::kHasLimit:
      return sql().has_limit;
    case Field::kCopyTo:
      return sql().copy_to;
    case Field::kPiiTable:
      return !pii().tables.empty();
    default:
      return false;
  }
}

bool EventFields::ListEmpty(Field field) const {
  return !AnyOf(field, [](std::string_view) { return true; });
}

std::string EventFields::Text(Field field, Duration utc_offset) const {
  switch (GetFieldInfo(field).type) {
    case FieldType::kString:
    case FieldType::kAddress:
      return std::string(String(field));
    case FieldType::kNumber: {
      const std::optional<double> value = Number(field, utc_offset);
      if (!value) return "";
      if (std::trunc(*value) == *value && std::fabs(*value) < 1e15) {
        return std::to_string(static_cast<int64_t>(*value));  // 500000, not 5e+05
      }
      char buffer[32];
      const auto result = std::to_chars(buffer, buffer + sizeof buffer, *value);
      return std::string(buffer, result.ptr);
    }
    case FieldType::kBool:
      return Bool(field) ? "true" : "false";
    case FieldType::kStringList: {
      std::string joined;
      AnyOf(field, [&](std::string_view value) {
        if (!joined.empty()) joined += ',';
        joined += value;
        return false;
      });
      return joined;
    }
    case FieldType::kTime:
      return FormatTimestamp(time_);
  }
  return "";
}

}  // namespace leakhound
