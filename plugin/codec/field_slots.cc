#include "codec/field_slots.h"

#include <charconv>
#include <cmath>

#include "core/ascii.h"

namespace leakhound {
namespace {

enum class Expects { kTime, kNumber, kText };

Expects ExpectationOf(InputField field) {
  switch (field) {
    case InputField::kTime:
      return Expects::kTime;
    case InputField::kRows:
    case InputField::kDuration:
      return Expects::kNumber;
    default:
      return Expects::kText;
  }
}

// What a field wants, as the message for a value of another type says it.
std::string_view Wanted(Expects expects) {
  switch (expects) {
    case Expects::kTime:
      return "an RFC 3339 string or an epoch number";
    case Expects::kNumber:
      return "a number";
    case Expects::kText:
      break;
  }
  return "a string";
}

bool Fail(const FieldTrie::Node& leaf, std::string_view expected, std::string_view found,
          DecodeFailure& failure) {
  failure = {RejectReason::kWrongType, "field " + leaf.pointer + ": expected " +
                                           std::string(expected) + ", found " + std::string(found)};
  return false;
}

double ToMicros(double value, EpochUnit unit) {
  switch (unit) {
    case EpochUnit::kSeconds:
      return value * 1e6;
    case EpochUnit::kMilliseconds:
      return value * 1e3;
    case EpochUnit::kMicroseconds:
      return value;
    case EpochUnit::kNanoseconds:
      return value / 1e3;
  }
  return value;
}

// std::llround for 0 <= x <= 9e18, without the call: x less its whole part is exact (for
// x >= 1 by Sterbenz's lemma, and x >= 2^52 has none), so comparing that with 0.5 rounds
// halves away from zero, as llround does.
int64_t RoundNonNegative(double x) {
  const auto whole = static_cast<int64_t>(x);
  return whole + static_cast<int64_t>(x - static_cast<double>(whole) >= 0.5);
}

}  // namespace

std::string_view JsonTypeName(JsonScalar::Kind kind) {
  switch (kind) {
    case JsonScalar::Kind::kString:
      return "a string";
    case JsonScalar::Kind::kNumber:
      return "a number";
    case JsonScalar::Kind::kBoolean:
      return "a boolean";
    case JsonScalar::Kind::kNull:
      return "null";
  }
  return "a value";
}

void FieldSlots::SetWrongType(const FieldTrie::Node& leaf, std::string_view found,
                              DecodeFailure& failure) {
  Fail(leaf, Wanted(ExpectationOf(static_cast<InputField>(leaf.field))), found, failure);
}

void FieldSlots::SetUnreadable(const FieldTrie::Node& leaf, JsonScalar::Kind kind,
                               DecodeFailure& failure) {
  std::string_view expected = "a string";
  switch (ExpectationOf(static_cast<InputField>(leaf.field))) {
    case Expects::kTime:
      expected = "a time";
      break;
    case Expects::kNumber:
      expected = "a number";
      break;
    case Expects::kText:
      break;
  }
  // What was found is of the right type but cannot be read: say why rather than repeat the
  // type ("expected a number, found a number").
  const std::string_view found = kind == JsonScalar::Kind::kNumber   ? "a number out of range"
                                 : kind == JsonScalar::Kind::kString ? "an unreadable string"
                                                                     : JsonTypeName(kind);
  Fail(leaf, expected, found, failure);
}

bool FieldSlots::Set(const FieldTrie::Node& leaf, const JsonScalar& value, DecodeFailure& failure) {
  if (!Wants(leaf)) return true;
  Slot& slot = slots_[static_cast<size_t>(leaf.field)];
  if (value.kind == JsonScalar::Kind::kNull) return true;  // null: absent
  const auto field = static_cast<InputField>(leaf.field);
  const std::string_view found = JsonTypeName(value.kind);
  // The value goes straight into the slot, field by field, once it is known to be good:
  // assembling a Slot and copying it whole stalled on store forwarding (measured).
  switch (ExpectationOf(field)) {
    case Expects::kTime: {
      std::optional<TimePoint> time;
      if (value.kind == JsonScalar::Kind::kString) {
        time = timestamps_.Parse(value.text);
      } else if (value.kind == JsonScalar::Kind::kNumber) {
        time = map_.time_unit ? FromEpoch(value.number, *map_.time_unit)
                              : FromEpochGuessingUnit(value.number);
      } else {
        return Fail(leaf, Wanted(Expects::kTime), found, failure);
      }
      if (!time) {
        failure = {RejectReason::kWrongType,
                   "field " + leaf.pointer +
                       ": not a time leakhound can read (use RFC 3339 or an epoch number)"};
        return false;
      }
      slot.time = *time;
      break;
    }
    case Expects::kNumber: {
      double number = value.number;
      if (value.kind == JsonScalar::Kind::kString) {
        const std::string_view text = TrimAsciiWhitespace(value.text);
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
          return Fail(leaf, "a number (or a number in a string)", found, failure);
        }
      } else if (value.kind != JsonScalar::Kind::kNumber) {
        return Fail(leaf, Wanted(Expects::kNumber), found, failure);
      }
      if (!std::isfinite(number) || number < 0) return true;  // -1 means "unknown" in some logs
      if (number > 9e18) return Fail(leaf, "a number below 9e18", found, failure);
      if (field == InputField::kRows) {
        slot.integer = RoundNonNegative(number);
      } else {
        const double micros = ToMicros(number, map_.duration_unit);
        slot.duration = Duration(RoundNonNegative(std::min(micros, 9e18)));
      }
      break;
    }
    case Expects::kText:
      switch (value.kind) {
        case JsonScalar::Kind::kString:
        case JsonScalar::Kind::kNumber:  // the number as written
          slot.text = value.text;
          break;
        case JsonScalar::Kind::kBoolean:
          slot.text = value.boolean ? "true" : "false";
          break;
        case JsonScalar::Kind::kNull:
          return true;
      }
      break;
  }
  slot.set = true;
  slot.priority = leaf.priority;
  return true;
}

QueryEvent FieldSlots::MakeEvent(const SourceRef& source, uint32_t index) const {
  const auto slot = [&](InputField field) -> const Slot& {
    return slots_[static_cast<size_t>(field)];
  };
  const auto text = [&](InputField field) {
    return slot(field).set ? slot(field).text : std::string_view();
  };
  const Slot& time = slot(InputField::kTime);
  const Slot& rows = slot(InputField::kRows);
  const Slot& duration = slot(InputField::kDuration);
  // Every member given at once: a default-made event assigned field by field was first
  // zeroed with a `rep stos` of its 200 bytes, whose start-up was most of this function's
  // time (perf, on the bench corpus).
  return QueryEvent{
      .time = time.set ? std::optional<TimePoint>(time.time) : std::nullopt,
      .principal = text(InputField::kPrincipal),
      .client = text(InputField::kClient),
      .application = text(InputField::kApplication),
      .database = text(InputField::kDatabase),
      .statement = text(InputField::kStatement),
      .session_id = text(InputField::kSessionId),
      .status = text(InputField::kStatus),
      .rows = rows.set ? std::optional<int64_t>(rows.integer) : std::nullopt,
      .duration = duration.set ? std::optional<Duration>(duration.duration) : std::nullopt,
      .source = {.origin = source.origin,
                 .partition = source.partition,
                 .offset = source.offset,
                 .index = index},
  };
}

}  // namespace leakhound
