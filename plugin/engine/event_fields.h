// EventFields: the values of the rule fields (core/field.h) for one event, read from the
// record, its SQL analysis, its PII facts and its time. A view: it borrows them. In the
// engine the analysis and facts come from a StatementFacts, computed only if a field
// that needs them is read.
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
#include "engine/statement_facts.h"

namespace leakhound {

class EventFields {
 public:
  // Over facts computed beforehand.
  EventFields(const QueryEvent& event, const SqlAnalysis& sql, const PiiFacts& pii, TimePoint time)
      : event_(event), sql_(&sql), pii_(&pii), time_(time) {}
  // Over facts computed on first use. REQUIRES: `facts` was Reset() with event.statement.
  EventFields(const QueryEvent& event, StatementFacts& facts, TimePoint time)
      : event_(event), lazy_(&facts), time_(time) {}

  const QueryEvent& event() const { return event_; }
  const SqlAnalysis& sql() const { return lazy_ != nullptr ? lazy_->sql() : *sql_; }
  const PiiFacts& pii() const { return lazy_ != nullptr ? lazy_->pii() : *pii_; }
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
  const SqlAnalysis* sql_ = nullptr;
  const PiiFacts* pii_ = nullptr;
  StatementFacts* lazy_ = nullptr;  // not owned; mutated on first use of sql() or pii()
  TimePoint time_;
};

template <typename Visit>
bool EventFields::AnyOf(Field field, Visit visit) const {
  switch (field) {
    case Field::kTables:
      for (const TableRef& table : sql().tables) {
        if (visit(table.name)) return true;
      }
      return false;
    case Field::kSchemas:
      for (const TableRef& table : sql().tables) {
        if (!table.schema.empty() && visit(table.schema)) return true;
      }
      return false;
    case Field::kColumns:
      for (std::string_view column : sql().columns) {
        if (visit(column)) return true;
      }
      return false;
    case Field::kAggregates:
      for (std::string_view value : sql().aggregates) {
        if (visit(value)) return true;
      }
      return false;
    case Field::kPiiTables:
      for (std::string_view value : pii().tables) {
        if (visit(value)) return true;
      }
      return false;
    case Field::kPiiColumns:
      for (std::string_view value : pii().columns) {
        if (visit(value)) return true;
      }
      return false;
    case Field::kPiiCategories:
      for (std::string_view value : pii().categories) {
        if (visit(value)) return true;
      }
      return false;
    default:
      return false;
  }
}

}  // namespace leakhound
