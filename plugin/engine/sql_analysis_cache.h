// SqlAnalysisCache: the SQL analyses of recently seen statements, by their exact text.
//
// Query logs repeat statements: a dashboard refreshes the same query, an ORM logs the same
// text with bind parameters ($1, ?), a BI tool re-runs a report. Analyzing a statement
// costs about 17,000 instructions (lexing, normal form, fingerprint, structure); finding it
// here costs a hash and a compare. Each entry owns a copy of what the analysis points to,
// so the analyzer can go on to the next statement.
//
// Two-way set-associative: a statement's hash picks a set of two slots, and a new
// statement takes the one of them used less recently. (Direct-mapped, two hot statements
// whose hashes picked the same slot would evict each other at every turn, and which ones
// did depended on the luck of the hash.) Statements longer than `max_statement_bytes` are
// not kept, so the memory held is bounded by entries x (2 x max_statement_bytes + a
// little): an engine runs per input partition, and many of them share a worker.
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
  const SqlAnalysis* Find(std::string_view statement, uint64_t hash);
  // Keeps a copy of `analysis` as the analysis of `statement`. REQUIRES: Accepts(statement).
  const SqlAnalysis& Insert(std::string_view statement, uint64_t hash, const SqlAnalysis& analysis);
  // The catalog's facts for the analysis the last call of Find() or Insert() returned
  // (REQUIRES: that call returned one, and no Clear() came since), kept beside it: empty
  // until the caller classifies the statement once. Their views point into that analysis
  // and the catalog.
  std::optional<PiiFacts>& PiiFactsOfLast() { return last_->pii; }
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
  // The set `hash` picks; its ways_ slots start at slot ways_ * set.
  size_t SetOf(uint64_t hash) const { return (hash >> 32) & (recent_way_.size() - 1); }

  size_t max_statement_bytes_;
  size_t ways_ = 1;                  // 2, or 1 for a cache of one entry
  std::vector<Entry> slots_;         // set s holds slots ways_ * s onwards
  std::vector<uint8_t> recent_way_;  // per set: the way found or filled last
  Entry* last_ = nullptr;            // what Find() or Insert() last returned
};

}  // namespace leakhound
