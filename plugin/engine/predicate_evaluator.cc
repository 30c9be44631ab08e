#include "engine/predicate_evaluator.h"

#include <cmath>

namespace leakhound {
namespace {

// Membership of a set in the sense of kEquals/kIn; nullopt when the value is absent.
std::optional<bool> InSet(const Predicate& predicate, FieldType type, const EventFields& fields,
                          Duration utc_offset) {
  const NamedList& set = *predicate.set;
  switch (type) {
    case FieldType::kString: {
      const std::string_view value = fields.String(predicate.field);
      if (value.empty()) return std::nullopt;
      return set.Contains(value);
    }
    case FieldType::kAddress: {
      const std::string_view value = fields.String(predicate.field);
      if (value.empty()) return std::nullopt;
      if (set.Contains(value)) return true;
      const std::optional<IpAddress> address = ParseIpAddress(value);
      return address && set.ContainsAddress(*address);
    }
    case FieldType::kStringList:
      if (fields.ListEmpty(predicate.field)) return std::nullopt;
      return fields.AnyOf(predicate.field,
                          [&](std::string_view value) { return set.Contains(value); });
    case FieldType::kNumber: {
      const std::optional<double> value = fields.Number(predicate.field, utc_offset);
      if (!value) return std::nullopt;
      return set.Contains(std::to_string(static_cast<int64_t>(std::floor(*value))));
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

bool PredicateHolds(const Predicate& predicate, const EventFields& fields, Duration utc_offset) {
  const FieldType type = GetFieldInfo(predicate.field).type;
  switch (predicate.op) {
    case PredicateOp::kEquals:
    case PredicateOp::kNotEquals: {
      bool equal = false;
      if (type == FieldType::kBool) {
        equal = fields.Bool(predicate.field) == predicate.expected_bool;
      } else if (type == FieldType::kNumber) {
        const std::optional<double> value = fields.Number(predicate.field, utc_offset);
        equal = value && *value == predicate.number;
      } else {
        equal = InSet(predicate, type, fields, utc_offset).value_or(false);
      }
      return predicate.op == PredicateOp::kEquals ? equal : !equal;
    }
    case PredicateOp::kIn:
      return InSet(predicate, type, fields, utc_offset).value_or(false);
    case PredicateOp::kNotIn:
      return !InSet(predicate, type, fields, utc_offset).value_or(false);
    case PredicateOp::kGt:
    case PredicateOp::kGte:
    case PredicateOp::kLt:
    case PredicateOp::kLte:
    case PredicateOp::kBetween: {
      const std::optional<double> value = fields.Number(predicate.field, utc_offset);
      if (!value) return false;
      const double v = *value;
      switch (predicate.op) {
        case PredicateOp::kGt:
          return v > predicate.number;
        case PredicateOp::kGte:
          return v >= predicate.number;
        case PredicateOp::kLt:
          return v < predicate.number;
        case PredicateOp::kLte:
          return v <= predicate.number;
        default:
          if (predicate.number <= predicate.number_high) {
            return v >= predicate.number && v <= predicate.number_high;
          }
          return v >= predicate.number || v <= predicate.number_high;  // wraps midnight
      }
    }
    case PredicateOp::kExists: {
      bool present = true;
      switch (type) {
        case FieldType::kString:
        case FieldType::kAddress:
          present = !fields.String(predicate.field).empty();
          break;
        case FieldType::kNumber:
          present = fields.Number(predicate.field, utc_offset).has_value();
          break;
        case FieldType::kStringList:
          present = !fields.ListEmpty(predicate.field);
          break;
        default:
          break;
      }
      return present == predicate.expected_bool;
    }
  }
  return false;
}

}  // namespace leakhound
