// StatementFacts: the SQL analysis and PII-catalog facts of one event's statement,
// computed on first use. Most events are settled by cheap record-field predicates (a
// service account, a dump tool's name) and a scan of a statement already in normal form;
// for those the analyzer never runs. A statement seen recently is not analyzed again: its
// analysis, and its catalog facts once classified, come from the engine's SqlAnalysisCache.
//
// Thread-safety: one per engine; its views are valid until the next Reset().
#pragma once

#include <optional>
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
    if (cache_ != nullptr) cache_->ForgetPiiFacts();
    Reset(statement_);
  }

  // Forgets the previous statement's facts; `statement` must outlive their use.
  void Reset(std::string_view statement) {
    statement_ = statement;
    sql_ = nullptr;
    from_cache_ = false;
    pii_facts_ = nullptr;
    cached_pii_ = nullptr;
  }

  const SqlAnalysis& sql() {
    if (sql_ == nullptr) Analyze();
    return *sql_;
  }

  const PiiFacts& pii() {
    if (pii_facts_ == nullptr) {
      const SqlAnalysis& analysis = sql();
      if (cached_pii_ != nullptr) {
        if (!cached_pii_->has_value()) catalog_->Classify(analysis, cached_pii_->emplace());
        pii_facts_ = &**cached_pii_;
      } else {
        catalog_->Classify(analysis, pii_);
        pii_facts_ = &pii_;
      }
    }
    return *pii_facts_;
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
    cached_pii_ = &cache_->PiiFactsOfLast();
  }

  SqlAnalyzer* analyzer_;      // not owned
  const PiiCatalog* catalog_;  // not owned: the current rule set's
  SqlAnalysisCache* cache_;    // not owned; may be null
  std::string_view statement_;
  const SqlAnalysis* sql_ = nullptr;
  bool from_cache_ = false;
  PiiFacts pii_;                                   // for a statement the cache does not keep
  std::optional<PiiFacts>* cached_pii_ = nullptr;  // the cache's, for one it keeps
  const PiiFacts* pii_facts_ = nullptr;            // this statement's, once classified
};

}  // namespace leakhound
