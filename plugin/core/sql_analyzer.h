// SqlAnalyzer: normalizes a statement for matching and extracts the facts rules use
// (verb, tables, columns, WHERE/LIMIT/OFFSET), in one linear pass over its tokens.
//
// It never crashes or loops, whatever the bytes: the lexer always advances, nesting is
// tracked on an explicit bounded stack, and statements beyond `max_statement_bytes` are
// analyzed up to that limit and flagged as truncated.
//
// Thread-safety: one analyzer per thread. Buffers are reused between calls, so steady-state
// analysis does not allocate.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/sql_analysis.h"
#include "core/sql_keywords.h"
#include "core/sql_lexer.h"
#include "core/sql_normal_form.h"  // IsInNormalForm, for callers of the analyzer

namespace leakhound {

class SqlAnalyzer {
 public:
  struct Options {
    size_t max_statement_bytes = 1 << 20;
    size_t max_names = 256;  // tables and columns kept per statement
  };

  SqlAnalyzer() : SqlAnalyzer(Options{}) {}
  explicit SqlAnalyzer(Options options) : options_(options) {}
  ~SqlAnalyzer();

  // The result lives in this analyzer and is overwritten by the next call.
  //
  // A statement that MySQL and PostgreSQL would read differently (a backslash in a string,
  // '#', "--" glued to a token, nested comments) is read both ways and the readings are
  // combined so that neither can hide a read: tables, columns, SELECT * and COPY TO from
  // either reading; WHERE and LIMIT only if both have them; the more masked fingerprint.
  const SqlAnalysis& Analyze(std::string_view statement);

 private:
  struct Span {
    uint32_t offset = 0;
    uint32_t size = 0;
  };
  struct TableSpan {
    Span schema;
    Span name;
    uint32_t token = 0;  // index of the name token
    uint32_t block = 0;  // the query block that reads it
  };
  // A name and the index of its token. Where a name appears decides what it is: a CTE
  // hides a table only after its body, an alias hides only the references that follow it.
  struct NameSpan {
    Span span;
    uint32_t token = 0;  // for a CTE, the token after which the name means the CTE
    bool in_select_list = false;
    bool table_alias = false;
  };
  // A query block: a statement, a subquery, or one branch of a UNION. A table read counts
  // as filtered (limited) when its block or an enclosing one has a WHERE (LIMIT).
  struct Block {
    int32_t parent = -1;
    bool where = false;
    bool limit = false;
  };

  // One reading of the statement into this analyzer's buffers and analysis_.
  void Read(std::string_view statement, SqlDialect dialect);
  void Emit(std::string_view statement);
  void AnalyzeStructure();
  // Records `name` (lowercase, a call's function) in aggregates_ if it packs rows.
  void NotePackingAggregate(std::string_view name);
  void Finish();
  // Folds a second reading of the same statement into analysis_.
  void Merge(const SqlAnalysis& other);
  std::string_view View(Span span) const;
  // Index of the first token after the qualified name that starts at `i` (a.b.c).
  size_t EndOfQualifiedName(size_t i) const;
  void AddTable(size_t first, size_t end, uint32_t block);
  uint32_t NewBlock(int32_t parent);
  bool IsName(size_t i) const;
  bool Bounded(uint32_t block, bool where) const;

  Options options_;
  std::vector<SqlToken> tokens_;
  std::vector<SqlKeyword> keywords_;   // per token; kNone for all but keywords
  std::vector<Span> name_spans_;       // per token: its text in normalized_, quotes stripped
  std::vector<uint8_t> quoted_value_;  // per token: a "..." that stands where a value does
  std::vector<TableSpan> table_spans_;
  std::vector<NameSpan> column_spans_;
  std::vector<NameSpan> alias_spans_;  // table, column and CTE aliases
  std::vector<NameSpan> cte_spans_;
  std::vector<Block> blocks_;
  std::vector<TableRef> tables_;
  std::vector<std::string_view> columns_;
  std::vector<std::string_view> aggregates_;  // views of constants (PackingAggregate)
  std::string normalized_;
  std::string fingerprint_;
  SqlAnalysis analysis_;
  std::unique_ptr<SqlAnalyzer> alternate_;  // the PostgreSQL reading of ambiguous statements
};

}  // namespace leakhound
