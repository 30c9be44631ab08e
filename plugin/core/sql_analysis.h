// SqlAnalysis: what one statement says about the data it touches, as the rules see it.
//
// Produced by SqlAnalyzer; every view points into the analyzer's buffers and stays valid
// until the analyzer's next Analyze() call.
//
// Thread-safety: views owned by the analyzer that produced them, used by its thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace leakhound {

struct TableRef {
  std::string_view schema;  // "public" in public.passengers; empty when unqualified
  std::string_view name;    // lowercase unless it was a quoted identifier with odd bytes
};

struct SqlAnalysis {
  // Comments removed, runs of whitespace collapsed to one space, words lowercased, simple
  // quoted identifiers unquoted; string and number literals kept. Rules match against this.
  std::string_view normalized;
  // For a statement MySQL and PostgreSQL read differently: the other reading's normalized
  // text (empty otherwise). Rules match against both.
  std::string_view alternate_normalized;
  // The normalized text with every literal masked as '?' and literal lists collapsed to
  // '(?+)'. Safe to show: it carries no value from the statement.
  std::string_view fingerprint;

  // The statement's verb, lowercase: select, copy, insert, update, delete, show, ...; the
  // verb after a WITH prelude; "select" for PostgreSQL's "TABLE t".
  std::string_view verb;
  // Tables named in FROM, JOIN, COPY and TABLE (CTE names excluded), each once, in order.
  std::span<const TableRef> tables;
  // Names that look like columns (not tables, aliases, functions or keywords), each once.
  std::span<const std::string_view> columns;

  // Aggregates that pack many rows into one value (json_agg, jsonb_agg, string_agg,
  // array_agg, group_concat, json_arrayagg, json_objectagg, xmlagg, listagg), each once, as
  // lowercase names: one row of output can then carry a whole table.
  std::span<const std::string_view> aggregates;

  // SELECT *, t.*, TABLE t, COPY t without a column list, or a whole row read as a value
  // (SELECT p FROM passengers p, row_to_json(p)).
  bool select_star = false;
  // Every table read is filtered by a WHERE (bounded by a LIMIT n, TOP n or FETCH FIRST n;
  // LIMIT ALL is no bound) in its own query block or an enclosing one. A statement that
  // reads no table: any WHERE (LIMIT) at all. So SELECT *, (SELECT 1 LIMIT 1) FROM t has
  // no limit, and neither has a read whose neighbour in a UNION is the one with the WHERE.
  bool has_where = false;
  bool has_limit = false;
  std::optional<int64_t> limit;   // the literal value, when it is one
  std::optional<int64_t> offset;  // OFFSET m, or MySQL's LIMIT m, n
  bool copy_to = false;           // COPY ... TO (a file, STDOUT or a PROGRAM)
  bool truncated = false;         // the statement exceeded the analysis limit
};

}  // namespace leakhound
