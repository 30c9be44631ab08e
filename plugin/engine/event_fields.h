// EventFields: the values of the rule fields (core/field.h) for one event, read from the
// record, its SQL analysis, its PII facts and its time. A view: it borrows all three.
//
// Thread-safety: a view over one worker's per-event state.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/field.h"
#include "core/pii_catalog.h"
#include "core/query_event.h"
#include "core/sql_analysis.h"

namespace leakhound {

class EventFields {
 public:
  EventFields(const QueryEvent& event, const SqlAnalysis& sql, const PiiFacts& pii, TimePoint time)
      : event_(event), sql_(sql), pii_(pii), time_(time) {}

  const QueryEvent& event() const { return event_; }
  const SqlAnalysis& sql() const { return sql_; }
  const PiiFacts& pii() const { return pii_; }
  TimePoint time() const { return time_; }

  // REQUIRES: the field's type is kString or kAddress. Empty when absent.
  std::string_view String(Field field) const;
  // REQUIRES: kNumber. nullopt when absent. `utc_offset` shifts hour and weekday.
  std::optional<double> Number(Field field, Duration utc_offset = Duration::zero()) const;
  // REQUIRES: kBool.
  bool Bool(Field field) const;
  // REQUIRES: kStringList. Calls `visit` with each value until it returns true; returns
  // whether one did.
  template <typename Visit>
  bool AnyOf(Field field, Visit visit) const;
  bool ListEmpty(Field field) const;

  // Any field as text, for evidence and group keys: lists joined with ','.
  std::string Text(Field field, Duration utc_offset = Duration::zero()) const;

 private:
  const QueryEvent& event_;
  const SqlAnalysis& sql_;
  const PiiFacts& pii_;
  TimePoint time_;
};

template <typename Visit>
bool EventFields::AnyOf(Field field, Visit visit) const {
  switch (field) {
    case Field::kTables:
      for (const TableRef& table : sql_.tables) {
        if (visit(table.name)) return true;
      }
      return false;
    case Field::kSchemas:
      for (const TableRef& table : sql_.tables) {
        if (!table.schema.empty() && visit(table.schema)) return true;
      }
      return false;
    case Field::kColumns:
      for (std::string_view column : sql_.columns) {
        if (visit(column)) return true;
      }
      return false;
    case Field::kPiiTables:
      for (std::string_view value : pii_.tables) {
        if (visit(value)) return true;
      }
      return false;
    case Field::kPiiColumns:
      for (std::string_view value : pii_.columns) {
        if (visit(value)) return true;
      }
      return false;
    case Field::kPiiCategories:
      for (std::string_view value : pii_.categories) {
        if (visit(value)) return true;
      }
      return false;
    default:
      return false;
  }
}

}  // namespace leakhound
