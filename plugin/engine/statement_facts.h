// StatementFacts: the SQL analysis and PII-catalog facts of one event's statement,
// computed on first use. Most events are settled by cheap record-field predicates (a
// service account, a dump tool's name) and a scan of a statement already in normal form;
// for those the analyzer never runs. A statement seen recently is not analyzed again: its
// analysis comes from the engine's SqlAnalysisCache.
//
// Thread-safety: one per engine; its views are valid until the next Reset().
#pragma once

#include <string_view>

#include "core/pii_catalog.h"
#include "core/sql_analyzer.h"
#include "engine/sql_analysis_cache.h"

namespace leakhound {

class StatementFacts {
 public:
  // `cache` may be null (no cache).
  StatementFacts(SqlAnalyzer& analyzer, const PiiCatalog& catalog, SqlAnalysisCache* cache)
      : analyzer_(&analyzer), catalog_(&catalog), cache_(cache) {}

  // The catalog of a new rule set (hot reload); forgets the current statement's facts.
  void set_catalog(const PiiCatalog& catalog) {
    catalog_ = &catalog;
    Reset(statement_);
  }

  // Forgets the previous statement's facts; `statement` must outlive their use.
  void Reset(std::string_view statement) {
    statement_ = statement;
    sql_ = nullptr;
    from_cache_ = false;
    classified_ = false;
  }

  const SqlAnalysis& sql() {
    if (sql_ == nullptr) Analyze();
    return *sql_;
  }

  const PiiFacts& pii() {
    if (!classified_) {
      catalog_->Classify(sql(), pii_);
      classified_ = true;
    }
    return pii_;
  }

  // Whether the statement's analysis was needed; and whether the cache had it.
  bool analyzed() const { return sql_ != nullptr; }
  bool from_cache() const { return from_cache_; }

 private:
  void Analyze() {
    if (cache_ == nullptr || !cache_->Accepts(statement_)) {
      sql_ = &analyzer_->Analyze(statement_);
      return;
    }
    const uint64_t hash = SqlAnalysisCache::Hash(statement_);
    sql_ = cache_->Find(statement_, hash);
    from_cache_ = sql_ != nullptr;
    if (sql_ == nullptr) sql_ = &cache_->Insert(statement_, hash, analyzer_->Analyze(statement_));
  }

  SqlAnalyzer* analyzer_;      // not owned
  const PiiCatalog* catalog_;  // not owned: the current rule set's
  SqlAnalysisCache* cache_;    // not owned; may be null
  std::string_view statement_;
  const SqlAnalysis* sql_ = nullptr;
  bool from_cache_ = false;
  PiiFacts pii_;
  bool classified_ = false;
};

}  // namespace leakhound
