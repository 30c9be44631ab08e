#include "engine/engine.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "core/sha256.h"
#include "engine/detection_privacy.h"
#include "engine/event_fields.h"
#include "engine/predicate_evaluator.h"

namespace leakhound {
namespace {

// One source in a detection id: the origin, a NUL, and the numbers as fixed-width bytes.
void AppendSourceKey(std::string_view origin, int32_t partition, int64_t offset, uint32_t index,
                     Sha256& hash) {
  hash.Update(origin);
  char numbers[1 + 4 + 8 + 4];
  numbers[0] = '\0';
  std::memcpy(numbers + 1, &partition, 4);
  std::memcpy(numbers + 5, &offset, 8);
  std::memcpy(numbers + 13, &index, 4);
  hash.Update(std::string_view(numbers, sizeof numbers));
}

// Whether `a` and `b` hold the same bytes. Texts of 4 to 16 bytes (account and
// application names, which the recent answers compare once or twice an event) are
// compared by two loads from each end, which may overlap, rather than by a call.
bool SameText(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  // The bits in which the `Word`s at `at` of a and b differ.
  const auto difference = [&]<typename Word>(Word, size_t at) {
    Word x, y;
    std::memcpy(&x, a.data() + at, sizeof x);
    std::memcpy(&y, b.data() + at, sizeof y);
    return x ^ y;
  };
  if (n >= 8 && n <= 16) return (difference(uint64_t{}, 0) | difference(uint64_t{}, n - 8)) == 0;
  if (n >= 4 && n < 8) return (difference(uint32_t{}, 0) | difference(uint32_t{}, n - 4)) == 0;
  return a == b;  // not memcmp: an absent field's text is empty, with a null data()
}

// Cuts `text` to at most `limit` bytes without splitting a UTF-8 sequence.
std::string Truncate(std::string_view text, size_t limit) {
  if (text.size() <= limit) return std::string(text);
  size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "...";
}

}  // namespace

Result<std::unique_ptr<Engine>> Engine::Create(std::shared_ptr<const CompiledRules> rules,
                                               const Clock& clock, EngineOptions options) {
  Result<std::unique_ptr<PatternScanner>> scanner = PatternScanner::Create(rules->patterns);
  if (!scanner.ok()) return scanner.status();
  return std::unique_ptr<Engine>(
      new Engine(std::move(rules), clock, std::move(options), std::move(*scanner)));
}

Engine::Engine(std::shared_ptr<const CompiledRules> rules, const Clock& clock,
               EngineOptions options, std::unique_ptr<PatternScanner> scanner)
    : rules_(std::move(rules)),
      clock_(clock),
      options_(std::move(options)),
      scanner_(std::move(scanner)),
      analyzer_(options_.sql),
      sql_cache_(options_.sql_cache),
      facts_(analyzer_, rules_->rules->catalog, &sql_cache_),
      matches_(rules_->rules->patterns.size()) {
  IndexRules();
  thresholds_.resize(rules_->rules->rules.size());
  for (size_t i = 0; i < thresholds_.size(); ++i) {
    const Rule& rule = rules_->rules->rules[i];
    if (rule.threshold) {
      thresholds_[i] = std::make_unique<ThresholdState>(*rule.threshold, options_.threshold_limits);
    }
  }
}

void Engine::IndexRules() {
  const size_t rule_count = rules_->rules->rules.size();
  const size_t words = rules_->rule_words;
  eligible_rules_.assign(words, 0);
  always_candidate_rules_.assign(words, 0);
  candidate_rules_.assign(words, 0);
  settled_rules_.assign(words, 0);
  rule_has_patterns_.assign(rule_count, 0);
  for (size_t i = 0; i < rule_count; ++i) {
    const Rule& rule = rules_->rules->rules[i];
    const StatementCondition& condition = rule.statement;
    rule_has_patterns_[i] =
        !condition.any.empty() || !condition.all.empty() || !condition.none.empty() ? 1 : 0;
    if (rule.enabled && (!options_.only_rule || *options_.only_rule == i)) {
      AddRule(eligible_rules_.data(), i);
    }
  }
  for (uint32_t i : rules_->always_candidates) AddRule(always_candidate_rules_.data(), i);
  for (size_t word = 0; word < words; ++word)
    always_candidate_rules_[word] &= eligible_rules_[word];
  predicate_stamp_.assign(rules_->predicates.size(), 0);
  recent_answers_.assign(rules_->predicates.size(), {});
  stamp_ = 0;
  stats_.rules.assign(rule_count, {});
}

Status Engine::SwapRules(std::shared_ptr<const CompiledRules> rules) {
  Result<std::unique_ptr<PatternScanner>> scanner = PatternScanner::Create(rules->patterns);
  if (!scanner.ok()) return scanner.status();
  // Windows move over by rule id when they still mean the same; the new rule's limit and
  // suppression apply from the next event.
  std::vector<std::unique_ptr<ThresholdState>> thresholds(rules->rules->rules.size());
  for (size_t i = 0; i < thresholds.size(); ++i) {
    const Rule& rule = rules->rules->rules[i];
    if (!rule.threshold) continue;
    for (size_t old = 0; old < thresholds_.size(); ++old) {
      if (!thresholds_[old] || rules_->rules->rules[old].id() != rule.id()) continue;
      if (ThresholdState::SameWindows(thresholds_[old]->threshold(), *rule.threshold)) {
        thresholds[i] = std::move(thresholds_[old]);
        thresholds[i]->set_threshold(*rule.threshold);
      }
      break;
    }
    if (!thresholds[i]) {
      thresholds[i] = std::make_unique<ThresholdState>(*rule.threshold, options_.threshold_limits);
    }
  }
  // The cached catalog facts are forgotten before the old catalog can be freed.
  facts_.set_catalog(rules->rules->catalog);
  rules_ = std::move(rules);
  scanner_ = std::move(*scanner);
  matches_ = MatchSet(rules_->rules->patterns.size());
  thresholds_ = std::move(thresholds);
  // Counters are per rule of the set in force; the totals carry on.
  IndexRules();
  return Status::Ok();
}

EngineStats Engine::stats() const {
  EngineStats stats = stats_;
  for (size_t i = 0; i < thresholds_.size(); ++i) {
    if (!thresholds_[i]) continue;
    stats.rules[i].suppressed = thresholds_[i]->suppressed_total();
    stats.late_events += thresholds_[i]->late_total();
    stats.state_overflow += thresholds_[i]->overflow_total();
  }
  return stats;
}

size_t Engine::state_groups() const {
  size_t total = 0;
  for (const auto& state : thresholds_) total += state ? state->groups() : 0;
  return total;
}

size_t Engine::state_entries() const {
  size_t total = 0;
  for (const auto& state : thresholds_) total += state ? state->entries() : 0;
  return total;
}

bool Engine::Matched(uint32_t pattern_id) const {
  return matches_.Contains(rules_->pattern_expression[pattern_id]);
}

bool Engine::StatementHolds(const Rule& rule) const {
  const StatementCondition& condition = rule.statement;
  const auto matched = [&](uint32_t id) { return Matched(id); };
  return std::all_of(condition.all.begin(), condition.all.end(), matched) &&
         (condition.any.empty() ||
          std::any_of(condition.any.begin(), condition.any.end(), matched)) &&
         std::none_of(condition.none.begin(), condition.none.end(), matched);
}

bool Engine::GateHolds(const Rule& rule) const {
  const StatementCondition& condition = rule.statement;
  const auto matched = [&](uint32_t id) { return Matched(id); };
  if (!condition.all.empty())
    return std::all_of(condition.all.begin(), condition.all.end(), matched);
  return std::any_of(condition.any.begin(), condition.any.end(), matched);
}

size_t Engine::RecentAnswerSlot(std::string_view text) {
  if (text.empty()) return 0;
  const auto front = static_cast<unsigned char>(text.front());
  const auto back = static_cast<unsigned char>(text.back());
  // Names of one family share a prefix (svc_app, svc_batch) and often a size: the last byte
  // tells them apart best.
  return (back ^ (back >> 3) ^ front ^ text.size()) & (kRecentAnswers - 1);
}

bool Engine::SharedHolds(uint32_t id, const EventFields& fields) {
  if (predicate_stamp_[id] != stamp_) {
    const SharedPredicate& shared = rules_->predicates[id];
    bool held = false;
    if (shared.reads_one_text_field) {
      const std::string_view text = fields.String(shared.field);
      RecentAnswer& recent = recent_answers_[id][RecentAnswerSlot(text)];
      if (recent.known && SameText(text, recent.text)) {
        held = recent.held;
        ++stats_.predicate_answers_recalled;
      } else {
        held = PredicateHolds(*shared.predicate, fields, shared.utc_offset);
        recent.known = text.size() <= RecentAnswer::kMaxText;
        if (recent.known) {
          recent.text.assign(text);
          recent.held = held;
        }
      }
    } else {
      held = PredicateHolds(*shared.predicate, fields, shared.utc_offset);
    }
    predicate_stamp_[id] = stamp_;
    ++stats_.predicate_evaluations;
    if (!held) {
      const uint64_t* stating = rules_->RulesStating(id);
      for (size_t word = 0; word < settled_rules_.size(); ++word)
        settled_rules_[word] |= stating[word];
    }
    return held;
  }
  // Evaluated for this event already, and it held: had it failed, every rule stating it
  // would be settled and skipped before its `where` list is read (see Process).
  return true;
}

[[gnu::always_inline]] inline void Engine::EvaluateCandidate(uint32_t rule_index,
                                                             const EventFields& fields,
                                                             DetectionSink& sink) {
  const Rule& rule = rules_->rules->rules[rule_index];
  const TimePoint time = fields.time();
  const QueryEvent& event = fields.event();
  if (rule_has_patterns_[rule_index] && !StatementHolds(rule)) return;
  const auto holds = [&](const Predicate& predicate) {
    return PredicateHolds(predicate, fields, rule.utc_offset);
  };
  const std::vector<uint32_t>& where = rules_->where_predicates[rule_index];
  if (!std::all_of(where.begin(), where.end(),
                   [&](uint32_t id) { return SharedHolds(id, fields); })) {
    return;
  }
  const bool excepted =
      std::any_of(rule.exceptions.begin(), rule.exceptions.end(), [&](const RuleException& e) {
        return (!e.expires || time < *e.expires) &&
               std::all_of(e.match.begin(), e.match.end(), holds);
      });
  if (excepted) {
    ++stats_.rules[rule_index].excepted;
    return;
  }
  if (ThresholdState* state = thresholds_[rule_index].get()) {
    if (state->Observe(fields, rule.utc_offset, origins_.Pack(event.source), firing_)) {
      Fire(rule_index, fields, &firing_, sink);
    }
  } else {
    Fire(rule_index, fields, nullptr, sink);
  }
}

Status Engine::Process(const QueryEvent& event, DetectionSink& sink) {
  ++stats_.events;
  if (++stamp_ == 0) {  // wrapped: forget old stamps so none collides
    std::fill(predicate_stamp_.begin(), predicate_stamp_.end(), 0);
    stamp_ = 1;
  }
  TimePoint time;
  if (event.time) {
    time = *event.time;
    if (time > now_ + options_.max_future_skew) {
      now_ = clock_.Now();
      if (time > now_ + options_.max_future_skew) {
        time = now_;
        ++stats_.events_from_future;
      }
    }
  } else {
    time = clock_.Now();
    ++stats_.events_without_time;
  }
  watermark_ = std::max(watermark_, time);

  const RuleSet& rule_set = *rules_->rules;
  facts_.Reset(event.statement);
  // A statement already in normal form is scanned as it is; only the others (comments,
  // quoted names, odd whitespace) need the analyzer before the scan.
  const bool scan_raw = rules_->caseless_patterns &&
                        event.statement.size() <= options_.sql.max_statement_bytes &&
                        IsInNormalForm(event.statement);
  // The first stage of the patterns now, the second once a candidate's gate matched.
  const auto scan = [&](PatternStage stage) -> Status {
    if (scan_raw) return scanner_->ScanMore(event.statement, matches_, stage);
    const SqlAnalysis& sql = facts_.sql();
    LEAKHOUND_RETURN_IF_ERROR(scanner_->ScanMore(sql.normalized, matches_, stage));
    // A statement MySQL and PostgreSQL read differently: a rule may match either reading.
    if (!sql.alternate_normalized.empty()) {
      LEAKHOUND_RETURN_IF_ERROR(scanner_->ScanMore(sql.alternate_normalized, matches_, stage));
    }
    return Status::Ok();
  };
  matches_.Clear();
  LEAKHOUND_RETURN_IF_ERROR(scan(PatternStage::kFirst));

  // Most statements match no pattern: their candidates are the always-candidates, read in
  // place (a copy was a call, and reading its words right back waited on its stores). The
  // others add the rules of the patterns they matched.
  const uint64_t* candidates = always_candidate_rules_.data();
  const size_t words = always_candidate_rules_.size();
  if (!matches_.empty()) {
    for (size_t word = 0; word < words; ++word) candidate_rules_[word] = candidates[word];
    for (uint32_t expression : matches_.ids()) {
      for (uint32_t rule_index : rules_->expression_rules[expression]) {
        AddRule(candidate_rules_.data(), rule_index);
      }
    }
    for (size_t word = 0; word < words; ++word) candidate_rules_[word] &= eligible_rules_[word];
    candidates = candidate_rules_.data();
  }
  // A gate is made of first-stage patterns: with none matched, no gate can hold.
  const bool gate_matched =
      !matches_.empty() &&
      std::any_of(rules_->gated_rules.begin(), rules_->gated_rules.end(), [&](uint32_t i) {
        return HasRule(candidates, i) && GateHolds(rule_set.rules[i]);
      });
  if (gate_matched) LEAKHOUND_RETURN_IF_ERROR(scan(PatternStage::kGated));

  const EventFields fields(event, facts_, time);
  // Most packs have at most 64 rules: one word, cleared without the call to memset that a
  // loop or std::fill becomes.
  if (words == 1) {
    settled_rules_[0] = 0;
  } else {
    std::fill(settled_rules_.begin(), settled_rules_.end(), 0);
  }
  // In pack order (bit order), for a deterministic output. What a rule's predicates
  // settle is dropped from the pending bits before the next one is taken.
  for (size_t word = 0; word < words; ++word) {
    for (uint64_t pending = candidates[word]; (pending &= ~settled_rules_[word]) != 0;) {
      const auto rule_index = static_cast<uint32_t>(word * 64 + std::countr_zero(pending));
      pending &= pending - 1;
      EvaluateCandidate(rule_index, fields, sink);
    }
  }

  if (facts_.analyzed()) {
    ++stats_.statements_analyzed;
    if (facts_.from_cache()) ++stats_.analyses_from_cache;
    if (facts_.sql().truncated) ++stats_.truncated_statements;
  }
  if (++events_since_sweep_ >= options_.sweep_every) {
    events_since_sweep_ = 0;
    for (const auto& state : thresholds_) {
      if (state) state->Sweep(watermark_);
    }
  }
  return Status::Ok();
}

void Engine::Fire(uint32_t rule_index, const EventFields& fields,
                  const ThresholdState::Firing* firing, DetectionSink& sink) {
  const Rule& rule = rules_->rules->rules[rule_index];
  const QueryEvent& event = fields.event();
  const SqlAnalysis& sql = fields.sql();
  Detection detection;
  detection.rule = rule.info;
  detection.principal = event.principal;
  detection.client = event.client;
  detection.application = event.application;
  detection.database = event.database;
  detection.session_id = event.session_id;
  detection.verb = sql.verb;
  detection.fingerprint = Truncate(sql.fingerprint, options_.max_fingerprint_bytes);
  for (const TableRef& table : sql.tables) detection.tables.emplace_back(table.name);
  for (std::string_view table : fields.pii().tables) detection.pii_tables.emplace_back(table);
  for (std::string_view category : fields.pii().categories) {
    detection.pii_categories.emplace_back(category);
  }
  for (std::string_view column : fields.pii().columns) detection.pii_columns.emplace_back(column);
  detection.rows = event.rows;
  detection.event_time = fields.time();
  detection.first_event_time = fields.time();
  detection.detection_time = clock_.Now();

  for (const auto* group : {&rule.statement.all, &rule.statement.any}) {
    for (uint32_t id : *group) {
      if (Matched(id)) detection.matched_patterns.push_back(rules_->rules->patterns[id].display);
    }
  }
  for (const Predicate& predicate : rule.where) {
    // The raw statement may hold personal data: show its fingerprint instead.
    const Field shown =
        predicate.field == Field::kStatement ? Field::kFingerprint : predicate.field;
    std::string actual = fields.Text(shown, rule.utc_offset);
    if (shown == Field::kColumns) actual = NamesShownByFingerprint(actual, sql.fingerprint);
    detection.predicates.push_back({std::string(GetFieldInfo(predicate.field).name),
                                    std::string(PredicateOpName(predicate.op)), predicate.written,
                                    Truncate(actual, 256)});
  }

  Sha256 hash;
  hash.Update(std::string_view("leakhound-detection\0", 20));
  hash.Update(rule.id());
  hash.Update(std::string_view("\0", 1));
  if (firing != nullptr) {
    detection.threshold = firing->evidence;
    detection.first_event_time = firing->evidence.window_start;
    // Every contributing record goes into the id; only the most recent, which include the
    // one that made the rule fire, are listed (and unpacked into strings).
    const std::vector<PackedSourceRef>& sources = firing->sources;
    for (const PackedSourceRef& source : sources) {
      AppendSourceKey(origins_.Name(source.origin), source.partition, source.offset, source.index,
                      hash);
    }
    detection.sources_total = sources.size();
    const size_t keep = std::min(sources.size(), options_.max_sources_per_detection);
    for (size_t i = sources.size() - keep; i < sources.size(); ++i) {
      detection.sources.push_back(origins_.Unpack(sources[i]));
    }
  } else {
    const SourceRef& source = event.source;
    AppendSourceKey(source.origin, source.partition, source.offset, source.index, hash);
    detection.sources_total = 1;
    if (options_.max_sources_per_detection > 0) detection.sources.push_back(Store(source));
  }
  detection.id = ToHex(hash.Finish(), 16);
  if (options_.tokens) ApplyKeyedTokens(*options_.tokens, event.statement, detection);

  ++stats_.detections;
  ++stats_.rules[rule_index].detections;
  sink.Emit(std::move(detection));
}

}  // namespace leakhound
