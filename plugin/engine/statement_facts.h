// StatementFacts: the SQL analysis and PII-catalog facts of one event's statement,
// computed on first use. Most events are settled by cheap record-field predicates (a
// service account, a dump tool's name) and a scan of a statement already in normal form;
// for those the analyzer never runs.
//
// Thread-safety: one per engine; its views are valid until the next Reset().
#pragma once

#include <string_view>

#include "core/pii_catalog.h"
#include "core/sql_analyzer.h"

namespace leakhound {

class StatementFacts {
 public:
  StatementFacts(SqlAnalyzer& analyzer, const PiiCatalog& catalog)
      : analyzer_(&analyzer), catalog_(&catalog) {}

  // The catalog of a new rule set (hot reload); forgets the current statement's facts.
  void set_catalog(const PiiCatalog& catalog) {
    catalog_ = &catalog;
    Reset(statement_);
  }

  // Forgets the previous statement's facts; `statement` must outlive their use.
  void Reset(std::string_view statement) {
    statement_ = statement;
    sql_ = nullptr;
    classified_ = false;
  }

  const SqlAnalysis& sql() {
    if (sql_ == nullptr) sql_ = &analyzer_->Analyze(statement_);
    return *sql_;
  }

  const PiiFacts& pii() {
    if (!classified_) {
      catalog_->Classify(sql(), pii_);
      classified_ = true;
    }
    return pii_;
  }

  bool analyzed() const { return sql_ != nullptr; }

 private:
  SqlAnalyzer* analyzer_;      // not owned
  const PiiCatalog* catalog_;  // not owned: the current rule set's
  std::string_view statement_;
  const SqlAnalysis* sql_ = nullptr;
  PiiFacts pii_;
  bool classified_ = false;
};

}  // namespace leakhound
