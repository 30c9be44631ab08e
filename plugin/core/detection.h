// Detection: one firing of one rule, with everything a SIEM or an analyst needs to act on
// it and to see why it fired. It owns all its data (no views), so it can be queued,
// encoded and published long after the records that caused it are gone.
//
// Privacy: a detection carries the statement's fingerprint, never the raw statement, so
// no literal from the statement (an e-mail, a passport number) reaches any output; an
// operator may opt in to keyed tokens of the literals and of chosen fields instead.
//
// Thread-safety: a value.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/rule_info.h"
#include "core/source_ref.h"
#include "core/time.h"

namespace leakhound {

// A predicate of the rule that held, with the event's value that made it hold.
struct PredicateEvidence {
  std::string field;
  std::string op;        // "in", "not_in", "gte", "cidr", "between", ...
  std::string expected;  // the rule's operand as written: "service_accounts", "100000"
  std::string actual;    // the event's value
};

// The window aggregate of a threshold rule at the moment it crossed its threshold.
struct ThresholdEvidence {
  std::string aggregate;  // "count", "sum" or "distinct"
  std::string field;      // "rows", "tables"; empty for count
  double value = 0;
  std::string op;  // "gte" or "gt"
  double threshold = 0;
  Duration window{};
  TimePoint window_start{};
  TimePoint window_end{};
  uint64_t events = 0;                                     // events in the window
  std::vector<std::pair<std::string, std::string>> group;  // group_by field = value
  // Firings of this group that suppression held back since its previous detection.
  uint64_t suppressed = 0;
};

struct Detection {
  std::string id;  // deterministic: same rule and same source records, same id
  std::shared_ptr<const RuleInfo> rule;

  std::string principal;
  std::string client;
  std::string application;
  std::string database;
  std::string session_id;
  std::string verb;
  std::string fingerprint;
  std::vector<std::string> tables;
  std::vector<std::string> pii_tables;  // those of `tables` the PII catalog lists
  std::vector<std::string> pii_categories;
  std::vector<std::string> pii_columns;
  std::optional<int64_t> rows;
  // Keyed tokens of the statement's literals, when the operator asked for them
  // (core/keyed_token.h); empty otherwise.
  std::vector<std::string> literal_tokens;

  TimePoint event_time{};        // the event that made the rule fire
  TimePoint first_event_time{};  // the earliest contributing event
  TimePoint detection_time{};

  std::vector<std::string> matched_patterns;
  std::vector<PredicateEvidence> predicates;
  std::optional<ThresholdEvidence> threshold;

  std::vector<StoredSourceRef> sources;  // at most the configured cap
  uint64_t sources_total = 0;            // all contributing records, including those cut
};

}  // namespace leakhound
