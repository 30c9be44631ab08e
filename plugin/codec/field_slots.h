// FieldSlots: the values a walk over one JSON object found for the input fields, with the
// coercions of the FieldMap (timestamps, epoch units, numbers given as strings), and the
// QueryEvent they make. Both of the decoder's walkers (the fast flat walk and simdjson
// On-Demand) fill the same slots through Set(), so a record gives the same event and the
// same errors whichever walker read it.
//
// Thread-safety: one per decoder (it holds the values of the object being read).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "codec/decoder.h"
#include "codec/field_map.h"
#include "codec/field_trie.h"
#include "core/query_event.h"

namespace leakhound {

// A JSON scalar as a walker found it.
struct JsonScalar {
  enum class Kind { kString, kNumber, kBoolean, kNull };
  Kind kind = Kind::kNull;
  // kString: the unescaped content (a view into the record, or into the walker's buffer);
  // kNumber: the number as written.
  std::string_view text;
  double number = 0;  // kNumber: the value, already validated
  bool boolean = false;
};

// Why a record cannot give an event.
struct DecodeFailure {
  RejectReason reason = RejectReason::kNone;
  std::string detail;

  bool failed() const { return reason != RejectReason::kNone; }
};

// "an object", "a string", ...: a JSON type as messages name it.
std::string_view JsonTypeName(JsonScalar::Kind kind);

class FieldSlots {
 public:
  explicit FieldSlots(const FieldMap& map) : map_(map) {}

  // Forgets the previous object's values.
  void Reset() {
    for (Slot& slot : slots_) slot.set = false;
  }

  // Whether the leaf's field still wants a value: false once a pointer of equal or higher
  // priority gave one (the value is then skipped, whatever its type).
  bool Wants(const FieldTrie::Node& leaf) const {
    const Slot& slot = slots_[static_cast<size_t>(leaf.field)];
    return !slot.set || slot.priority > leaf.priority;
  }

  // The hot path of Set() for a string: stores `text` when the leaf's field is a text field
  // and returns true; false (nothing stored) for the other fields, which Set() coerces.
  // REQUIRES: Wants(leaf).
  bool SetIfText(const FieldTrie::Node& leaf, std::string_view text) {
    const auto field = static_cast<InputField>(leaf.field);
    if (field == InputField::kTime || field == InputField::kRows ||
        field == InputField::kDuration) {
      return false;
    }
    Slot& slot = slots_[static_cast<size_t>(leaf.field)];
    slot.text = text;
    slot.set = true;
    slot.priority = leaf.priority;
    return true;
  }

  // Stores `value` for the leaf's field unless a pointer of higher priority already gave
  // one; null leaves the field absent. Returns false with `failure` set when the value has
  // the wrong type for its field or cannot be read (a time leakhound cannot parse).
  bool Set(const FieldTrie::Node& leaf, const JsonScalar& value, DecodeFailure& failure);

  // The leaf's value is an object or an array (`found` names which).
  void SetWrongType(const FieldTrie::Node& leaf, std::string_view found, DecodeFailure& failure);
  // The leaf's value is a scalar of `kind` that the walker could not read (a bad escape,
  // a number out of range).
  void SetUnreadable(const FieldTrie::Node& leaf, JsonScalar::Kind kind, DecodeFailure& failure);

  bool has(InputField field) const { return slots_[static_cast<size_t>(field)].set; }

  // The event the slots hold.
  QueryEvent MakeEvent(const SourceRef& source, uint32_t index) const;

 private:
  struct Slot {
    bool set = false;
    int priority = 0;
    std::string_view text;
    int64_t integer = 0;
    TimePoint time{};
    Duration duration{};
  };

  const FieldMap& map_;  // owned by the decoder
  std::array<Slot, kInputFieldCount> slots_{};
  TimestampParser timestamps_;
};

}  // namespace leakhound
