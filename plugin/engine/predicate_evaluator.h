// Evaluates rule predicates against an event's fields (semantics in rules/README.md):
// a predicate on an absent value holds only for not_in, not_equals and exists: false.
//
// Thread-safety: pure functions.
#pragma once

#include "engine/event_fields.h"
#include "rules/rule.h"

namespace leakhound {

bool PredicateHolds(const Predicate& predicate, const EventFields& fields, Duration utc_offset);

}  // namespace leakhound
