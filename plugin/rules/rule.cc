#include "rules/rule.h"

namespace leakhound {

std::string_view PredicateOpName(PredicateOp op) {
  switch (op) {
    case PredicateOp::kEquals:
      return "equals";
    case PredicateOp::kNotEquals:
      return "not_equals";
    case PredicateOp::kIn:
      return "in";
    case PredicateOp::kNotIn:
      return "not_in";
    case PredicateOp::kGt:
      return "gt";
    case PredicateOp::kGte:
      return "gte";
    case PredicateOp::kLt:
      return "lt";
    case PredicateOp::kLte:
      return "lte";
    case PredicateOp::kBetween:
      return "between";
    case PredicateOp::kExists:
      return "exists";
  }
  return "?";
}

std::string_view AggregateName(Threshold::Aggregate aggregate) {
  switch (aggregate) {
    case Threshold::Aggregate::kCount:
      return "count";
    case Threshold::Aggregate::kSum:
      return "sum";
    case Threshold::Aggregate::kDistinct:
      return "distinct";
  }
  return "?";
}

QueryEvent TestEvent::View() const {
  QueryEvent event;
  event.time = time;
  event.principal = principal;
  event.client = client;
  event.application = application;
  event.database = database;
  event.statement = statement;
  event.session_id = session_id;
  event.status = status;
  event.rows = rows;
  event.duration = duration;
  event.source.origin = location.file;
  event.source.offset = location.line;
  return event;
}

}  // namespace leakhound
