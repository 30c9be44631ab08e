#include "core/sql_analyzer.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "core/ascii.h"
#include "core/sql_token_util.h"

namespace leakhound {
namespace {

// Whether MySQL and PostgreSQL could read the statement differently: a backslash (an
// escape in MySQL strings, a plain byte in PostgreSQL's), '#' (a MySQL comment, a
// PostgreSQL operator), "--" before a non-space (MySQL's 1--1 is 1 - -1) or a comment
// opened inside a comment (nested in PostgreSQL only).
bool DialectsMayDiffer(std::string_view statement) {
  // memchr for each byte of interest (vectorized in libc) rather than a loop over all bytes:
  // most statements hold none of them, or a '-' or two.
  const char* const begin = statement.data();
  const char* const end = begin + statement.size();
  if (std::memchr(begin, '\\', statement.size()) != nullptr ||
      std::memchr(begin, '#', statement.size()) != nullptr) {
    return true;
  }
  for (const char* p = static_cast<const char*>(std::memchr(begin, '-', statement.size()));
       p != nullptr && p + 1 < end;
       p = static_cast<const char*>(std::memchr(p + 1, '-', static_cast<size_t>(end - p - 1)))) {
    if (p[1] != '-') continue;
    const char after = p + 2 < end ? p[2] : ' ';
    if (after != ' ' && after != '\n' && after != '\t' && after != '\r') return true;
    ++p;  // the second '-' of this pair
  }
  bool in_comment = false;
  for (const char* p = static_cast<const char*>(std::memchr(begin, '/', statement.size()));
       p != nullptr && p + 1 < end;
       p = static_cast<const char*>(std::memchr(p + 1, '/', static_cast<size_t>(end - p - 1)))) {
    if (p[1] == '*') {
      if (in_comment) return true;  // a comment opened inside a comment
      in_comment = true;
    } else if (p > begin && p[-1] == '*') {
      in_comment = false;  // "*/"
    }
  }
  return false;
}

// The tables, schemas and columns of a reading.
std::vector<std::string_view> NamesOf(const SqlAnalysis& analysis) {
  std::vector<std::string_view> names;
  for (const TableRef& table : analysis.tables) {
    names.push_back(table.name);
    if (!table.schema.empty()) names.push_back(table.schema);
  }
  names.insert(names.end(), analysis.columns.begin(), analysis.columns.end());
  return names;
}

// `fingerprint` with every name (word or quoted identifier, not a keyword) that is not in
// `shared` replaced by '?'. Keywords, punctuation and the '?' of literals stay.
std::string MaskUnsharedNames(std::string_view fingerprint,
                              const std::vector<std::string_view>& shared) {
  std::string masked;
  masked.reserve(fingerprint.size());
  SqlLexer lexer(fingerprint);
  for (SqlToken token = lexer.Next(); token.kind != SqlTokenKind::kEnd; token = lexer.Next()) {
    if (token.space_before && !masked.empty()) masked += ' ';
    const bool name =
        (token.kind == SqlTokenKind::kWord && LookupSqlKeyword(token.text) == SqlKeyword::kNone) ||
        token.kind == SqlTokenKind::kQuotedIdentifier;
    const bool known = std::find(shared.begin(), shared.end(), token.text) != shared.end();
    masked += name && !known ? std::string_view("?") : token.text;
  }
  return masked;
}

}  // namespace

SqlAnalyzer::~SqlAnalyzer() = default;

std::string_view SqlAnalyzer::View(Span span) const {
  return std::string_view(normalized_).substr(span.offset, span.size);
}

const SqlAnalysis& SqlAnalyzer::Analyze(std::string_view statement) {
  bool truncated = false;
  if (statement.size() > options_.max_statement_bytes) {
    statement = statement.substr(0, options_.max_statement_bytes);
    truncated = true;
  }
  if (!DialectsMayDiffer(statement)) {
    Read(statement, SqlDialect::kPostgres);  // both dialects read it alike
  } else {
    Read(statement, SqlDialect::kMySql);
    if (alternate_ == nullptr) alternate_ = std::make_unique<SqlAnalyzer>(options_);
    alternate_->Read(statement, SqlDialect::kPostgres);
    Merge(alternate_->analysis_);
  }
  analysis_.truncated = truncated;
  return analysis_;
}

void SqlAnalyzer::Read(std::string_view statement, SqlDialect dialect) {
  analysis_ = SqlAnalysis{};
  aggregates_.clear();
  tokens_.clear();
  keywords_.clear();
  SqlLexer lexer(statement, dialect);
  for (SqlToken token = lexer.Next(); token.kind != SqlTokenKind::kEnd; token = lexer.Next()) {
    tokens_.push_back(token);
    // Looked up once here; both passes read keywords_.
    keywords_.push_back(token.kind == SqlTokenKind::kWord ? LookupSqlKeyword(token.text)
                                                          : SqlKeyword::kNone);
  }
  Emit(statement);
  AnalyzeStructure();
  Finish();
}

bool SqlAnalyzer::Bounded(uint32_t block, bool where) const {
  for (int32_t at = static_cast<int32_t>(block); at >= 0;
       at = blocks_[static_cast<size_t>(at)].parent) {
    const Block& b = blocks_[static_cast<size_t>(at)];
    if (where ? b.where : b.limit) return true;
  }
  return false;
}

void SqlAnalyzer::Finish() {
  analysis_.normalized = normalized_;
  analysis_.fingerprint = fingerprint_;

  tables_.clear();
  bool all_filtered = true;
  bool all_limited = true;
  bool any_table = false;
  for (const TableSpan& span : table_spans_) {
    const TableRef table{View(span.schema), View(span.name)};
    // Not by alias: "FROM passengers AS passengers" still reads the table. Inside a CTE's
    // own body its name is still the table: WITH passengers AS (SELECT * FROM passengers).
    const bool is_cte = table.schema.empty() &&
                        std::any_of(cte_spans_.begin(), cte_spans_.end(), [&](const NameSpan& cte) {
                          return span.token > cte.token && View(cte.span) == table.name;
                        });
    if (is_cte) continue;
    any_table = true;
    all_filtered = all_filtered && Bounded(span.block, /*where=*/true);
    all_limited = all_limited && Bounded(span.block, /*where=*/false);
    const bool seen = std::any_of(tables_.begin(), tables_.end(), [&](const TableRef& t) {
      return t.name == table.name && t.schema == table.schema;
    });
    if (!seen && tables_.size() < options_.max_names) tables_.push_back(table);
  }
  if (any_table) {
    analysis_.has_where = all_filtered;
    analysis_.has_limit = all_limited;
  } else {
    analysis_.has_where =
        std::any_of(blocks_.begin(), blocks_.end(), [](const Block& b) { return b.where; });
    analysis_.has_limit =
        std::any_of(blocks_.begin(), blocks_.end(), [](const Block& b) { return b.limit; });
  }

  columns_.clear();
  for (const NameSpan& name : column_spans_) {
    const std::string_view column = View(name.span);
    const auto same = [&](std::string_view other) { return other == column; };
    if (std::any_of(columns_.begin(), columns_.end(), same)) continue;
    // A table (or its alias) named where a value goes reads the whole row:
    // SELECT p FROM passengers p, row_to_json(p), to_jsonb(passengers).
    const bool whole_row =
        std::any_of(tables_.begin(), tables_.end(),
                    [&](const TableRef& t) { return t.name == column; }) ||
        std::any_of(alias_spans_.begin(), alias_spans_.end(), [&](const NameSpan& alias) {
          return alias.table_alias && View(alias.span) == column;
        });
    if (whole_row) {
      analysis_.select_star = true;
      continue;
    }
    // An alias hides the references after it (ORDER BY n, WHERE t IS NULL), never a select
    // list's names: SELECT passport AS passport and SELECT email FROM t email read columns.
    if (!name.in_select_list &&
        std::any_of(alias_spans_.begin(), alias_spans_.end(), [&](const NameSpan& alias) {
          return alias.token < name.token && View(alias.span) == column;
        })) {
      continue;
    }
    if (columns_.size() >= options_.max_names) break;
    columns_.push_back(column);
  }
  analysis_.tables = tables_;
  analysis_.columns = columns_;
  analysis_.aggregates = aggregates_;
}

void SqlAnalyzer::Merge(const SqlAnalysis& other) {
  // Names both readings agree on, taken before the union below.
  std::vector<std::string_view> shared;
  for (std::string_view name : NamesOf(other)) {
    const std::vector<std::string_view> mine = NamesOf(analysis_);
    if (std::find(mine.begin(), mine.end(), name) != mine.end()) shared.push_back(name);
  }
  for (const TableRef& table : other.tables) {
    const bool seen = std::any_of(tables_.begin(), tables_.end(), [&](const TableRef& t) {
      return t.name == table.name && t.schema == table.schema;
    });
    if (!seen && tables_.size() < options_.max_names) tables_.push_back(table);
  }
  for (std::string_view column : other.columns) {
    if (std::find(columns_.begin(), columns_.end(), column) == columns_.end() &&
        columns_.size() < options_.max_names) {
      columns_.push_back(column);
    }
  }
  for (std::string_view aggregate : other.aggregates) {
    if (std::find(aggregates_.begin(), aggregates_.end(), aggregate) == aggregates_.end()) {
      aggregates_.push_back(aggregate);
    }
  }
  analysis_.tables = tables_;
  analysis_.columns = columns_;
  analysis_.aggregates = aggregates_;
  analysis_.select_star = analysis_.select_star || other.select_star;
  analysis_.copy_to = analysis_.copy_to || other.copy_to;
  analysis_.has_where = analysis_.has_where && other.has_where;
  analysis_.has_limit = analysis_.has_limit && other.has_limit;
  if (analysis_.verb.empty()) analysis_.verb = other.verb;
  if (other.normalized != analysis_.normalized) analysis_.alternate_normalized = other.normalized;
  // A reading that takes literal bytes for SQL would show them in its fingerprint. Shown is
  // the PostgreSQL reading's, with every name masked that is not a table, schema or column
  // in both readings: what one reading calls a name and the other a literal stays hidden.
  fingerprint_ = MaskUnsharedNames(other.fingerprint, shared);
  analysis_.fingerprint = fingerprint_;
}

}  // namespace leakhound
