// SqlAnalysisCache: the SQL analyses of recently seen statements, by their exact text.
//
// Query logs repeat statements: a dashboard refreshes the same query, an ORM logs the same
// text with bind parameters ($1, ?), a BI tool re-runs a report. Analyzing a statement
// costs about 17,000 instructions (lexing, normal form, fingerprint, structure); finding it
// here costs a hash and a compare. Each entry owns a copy of what the analysis points to,
// so the analyzer can go on to the next statement.
//
// Direct-mapped: a statement's hash picks one slot, and a new statement takes the slot
// from whatever was there. Statements longer than `max_statement_bytes` are not kept, so
// the memory held is bounded by entries x (2 x max_statement_bytes + a little): an engine
// runs per input partition, and many of them share a worker.
//
// Thread-safety: one per engine, used by its thread. Views returned by Find() and Insert()
// stay valid until that slot is replaced (at the earliest by the next Insert()).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/pii_catalog.h"
#include "core/sql_analysis.h"

namespace leakhound {

class SqlAnalysisCache {
 public:
  struct Options {
    size_t entries = 128;  // rounded up to a power of two; 0 turns the cache off
    size_t max_statement_bytes = 2048;
  };

  explicit SqlAnalysisCache(Options options);

  // Whether `statement` may be kept (the cache is on and the statement short enough).
  bool Accepts(std::string_view statement) const {
    return !slots_.empty() && statement.size() <= max_statement_bytes_;
  }
  static uint64_t Hash(std::string_view statement);

  // The analysis kept for `statement` (whose Hash() is `hash`), or nullptr.
  const SqlAnalysis* Find(std::string_view statement, uint64_t hash) const;
  // Keeps a copy of `analysis` as the analysis of `statement`. REQUIRES: Accepts(statement).
  const SqlAnalysis& Insert(std::string_view statement, uint64_t hash, const SqlAnalysis& analysis);
  // The catalog's facts for the analysis Find() or Insert() just returned for `hash`
  // (REQUIRES: one did, with no Insert() since), kept beside it: empty until the caller
  // classifies the statement once. Their views point into that analysis and the catalog.
  std::optional<PiiFacts>& PiiFactsOf(uint64_t hash) { return SlotOf(hash).pii; }
  // Forgets every kept PiiFacts, not the analyses: for a new catalog.
  void ForgetPiiFacts();
  void Clear();

 private:
  struct Entry {
    bool used = false;
    uint64_t hash = 0;
    std::string statement;
    std::string text;  // every string the analysis views, one after another
    std::vector<TableRef> tables;
    std::vector<std::string_view> columns;
    std::vector<std::string_view> aggregates;
    SqlAnalysis analysis;  // views into the members above
    std::optional<PiiFacts> pii;
  };
  Entry& SlotOf(uint64_t hash) { return slots_[(hash >> 32) & (slots_.size() - 1)]; }

  size_t max_statement_bytes_;
  std::vector<Entry> slots_;
};

}  // namespace leakhound
