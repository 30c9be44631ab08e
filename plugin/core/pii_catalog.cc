#include "core/pii_catalog.h"

#include <algorithm>

#include "core/ascii.h"
#include "core/glob.h"

namespace leakhound {
namespace {

// A statement that does not name the schema may be reading any of them (search_path,
// USE db): an entry for crm.customers matches an unqualified "customers" too.
bool SchemaMatches(const PiiTable& entry, std::string_view schema) {
  return entry.schema.empty() || schema.empty() || GlobMatch(entry.schema, schema);
}

void AddOnce(std::vector<std::string_view>& values, std::string_view value) {
  if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
}

}  // namespace

void PiiCatalog::AddTable(PiiTable table) {
  const size_t index = tables_.size();
  if (HasWildcard(table.name)) {
    wildcard_tables_.push_back(index);
  } else {
    by_name_.Insert(table.name).push_back(index);
  }
  tables_.push_back(std::move(table));
}

const PiiTable* PiiCatalog::Find(const TableRef& table) const {
  if (const std::vector<size_t>* exact = by_name_.Find(table.name)) {
    for (size_t index : *exact) {
      if (SchemaMatches(tables_[index], table.schema)) return &tables_[index];
    }
  }
  for (size_t index : wildcard_tables_) {
    const PiiTable& entry = tables_[index];
    if (GlobMatch(entry.name, table.name) && SchemaMatches(entry, table.schema)) return &entry;
  }
  return nullptr;
}

void PiiCatalog::Classify(const SqlAnalysis& sql, PiiFacts& facts) const {
  facts.Clear();
  if (tables_.empty()) return;
  for (const TableRef& table : sql.tables) {
    const PiiTable* entry = Find(table);
    if (entry == nullptr) continue;
    AddOnce(facts.tables, table.name);  // the table read, not the (wildcard) entry
    for (const PiiColumn& column : entry->columns) {
      // Each PII column the statement names counts once, under the name it uses; with
      // SELECT * (no names) each catalog column counts, under the catalog's name.
      const auto add = [&](std::string_view name) {
        if (std::find(facts.columns.begin(), facts.columns.end(), name) != facts.columns.end()) {
          return;
        }
        facts.columns.push_back(name);
        facts.weight += column.weight;
      };
      bool read = false;
      for (std::string_view named : sql.columns) {
        if (GlobMatch(column.name, named)) {
          add(named);
          read = true;
        }
      }
      if (!read && sql.select_star) {
        add(column.name);
        read = true;
      }
      if (!read) continue;
      AddOnce(facts.categories, column.category);
    }
  }
}

size_t PiiCatalog::column_count() const {
  size_t count = 0;
  for (const PiiTable& table : tables_) count += table.columns.size();
  return count;
}

}  // namespace leakhound
