// PiiCatalog: which tables and columns of the user's schema hold personal data, the PII
// category of each column and its sensitivity weight. Loaded from rules/catalog.yaml.
//
// Table and column names may be wildcards ("*.customers", "cust_*", "*_email"); a table
// entry may be qualified with a schema ("crm.customers"): it then matches that schema's
// table and unqualified references to the name, but not other.customers.
//
// Thread-safety: immutable after loading; Classify() is const and safe from any thread.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/case_folded_map.h"
#include "core/sql_analysis.h"

namespace leakhound {

struct PiiColumn {
  std::string name;      // lowercase; may hold wildcards
  std::string category;  // passport, email, phone, name, birth_date, card, ...
  double weight = 1.0;
};

struct PiiTable {
  std::string schema;  // lowercase; empty matches any schema
  std::string name;    // lowercase; may hold wildcards
  std::vector<PiiColumn> columns;
};

// What one statement reads of the catalog: the tables read and the columns named, as the
// statement names them (the catalog's names for SELECT *), their categories and weight.
// Views point into the SQL analysis and the catalog: valid while both are.
struct PiiFacts {
  std::vector<std::string_view> tables;  // the tables read (names from the SQL analysis)
  std::vector<std::string_view> columns;
  std::vector<std::string_view> categories;
  double weight = 0;

  void Clear() {
    tables.clear();
    columns.clear();
    categories.clear();
    weight = 0;
  }
};

class PiiCatalog {
 public:
  void AddTable(PiiTable table);

  // The catalog entry for a table, or nullptr.
  const PiiTable* Find(const TableRef& table) const;

  // Fills `facts` (cleared first) for a statement: the catalog tables it reads, the PII
  // columns it names among those tables' columns (all of them with SELECT *), their
  // categories and summed weight.
  void Classify(const SqlAnalysis& sql, PiiFacts& facts) const;

  size_t table_count() const { return tables_.size(); }
  size_t column_count() const;

 private:
  std::vector<PiiTable> tables_;
  CaseFoldedMap<std::vector<size_t>> by_name_;  // tables by exact name
  std::vector<size_t> wildcard_tables_;
};

}  // namespace leakhound
