#include "core/ascii.h"
#include "core/sql_analyzer.h"
#include "core/sql_token_util.h"

// The analyzer's second pass: what the statement reads (tables, columns, SELECT *), its
// verb and its bounds (WHERE and LIMIT per query block), from the tokens.
namespace leakhound {

using namespace sql_internal;  // NOLINT: the token predicates of this component

bool SqlAnalyzer::IsName(size_t i) const {
  const SqlToken& token = tokens_[i];
  if (token.kind == SqlTokenKind::kQuotedIdentifier) {
    return name_spans_[i].size > 0 && quoted_value_[i] == 0;
  }
  return token.kind == SqlTokenKind::kWord && token.text[0] != '@' &&
         keywords_[i] == SqlKeyword::kNone;
}

size_t SqlAnalyzer::EndOfQualifiedName(size_t i) const {
  size_t end = i + 1;
  // After a dot any word is a name: schema.order is a table called "order".
  while (end + 1 < tokens_.size() && IsPunct(tokens_[end], '.') &&
         (tokens_[end + 1].kind == SqlTokenKind::kWord ||
          (tokens_[end + 1].kind == SqlTokenKind::kQuotedIdentifier &&
           name_spans_[end + 1].size > 0))) {
    end += 2;
  }
  return end;
}

uint32_t SqlAnalyzer::NewBlock(int32_t parent) {
  blocks_.push_back(Block{parent, false, false});
  return static_cast<uint32_t>(blocks_.size() - 1);
}

void SqlAnalyzer::AddTable(size_t first, size_t end, uint32_t block) {
  TableSpan table;
  table.name = name_spans_[end - 1];
  table.token = static_cast<uint32_t>(end - 1);
  table.block = block;
  if (end - first >= 3) table.schema = name_spans_[end - 3];
  table_spans_.push_back(table);
}

namespace {

// The aggregates that turn many rows into one value.
constexpr std::string_view kPackingAggregates[] = {
    "json_agg",      "jsonb_agg",      "json_object_agg", "jsonb_object_agg",
    "json_arrayagg", "json_objectagg", "string_agg",      "array_agg",
    "group_concat",  "xmlagg",         "listagg",         "wm_concat"};

}  // namespace

void SqlAnalyzer::NotePackingAggregate(std::string_view name) {
  for (std::string_view aggregate : kPackingAggregates) {
    if (name == aggregate) {
      if (std::find(aggregates_.begin(), aggregates_.end(), aggregate) == aggregates_.end()) {
        aggregates_.push_back(aggregate);
      }
      return;
    }
  }
}

void SqlAnalyzer::AnalyzeStructure() {
  enum class Clause : uint8_t { kNone, kSelectList, kFrom, kWhere, kOther };
  enum class TableState : uint8_t { kNone, kAfterTable, kAfterAlias };
  // Value-initialised when pushed (Level{}: all false, kNone); no default member
  // initialisers, which would build all 256 entries on every call.
  struct Level {
    Clause clause;
    TableState table_state;
    bool function_args;  // f(...): a FROM in here is EXTRACT(x FROM y), not a table
    bool from_subquery;  // FROM (...) alias
    bool expect_table;
    bool copy_target;  // COPY t (a, b): the parenthesis lists columns
    uint32_t block;    // the query block this level belongs to
  };
  Level levels[kMaxDepth];
  size_t depth = 0;  // index of the current level
  size_t overflow = 0;
  table_spans_.clear();
  column_spans_.clear();
  alias_spans_.clear();
  cte_spans_.clear();
  blocks_.clear();
  levels[0] = Level{};
  levels[0].block = NewBlock(-1);
  // Every '(' opens a block inside the current one; only those holding a SELECT matter.
  const auto push_level = [&]() -> bool {
    if (depth + 1 >= kMaxDepth) {
      ++overflow;
      return false;
    }
    const uint32_t parent = levels[depth].block;
    levels[++depth] = Level{};
    levels[depth].block = NewBlock(static_cast<int32_t>(parent));
    return true;
  };

  bool statement_start = true;
  bool in_with = false;
  bool recursive_with = false;
  size_t limit_depth = kMaxDepth;
  const size_t n = tokens_.size();

  for (size_t i = 0; i < n; ++i) {
    const SqlToken& token = tokens_[i];
    Level& level = levels[depth];
    const SqlKeyword keyword = keywords_[i];
    const bool first = statement_start;
    statement_start = false;
    // With several statements in one record, the verb is the first statement's unless it
    // read no table: "COMMIT; SELECT * FROM passengers" is a select.
    const bool verb_open = analysis_.verb.empty() || table_spans_.empty();
    if (first && token.kind == SqlTokenKind::kWord && verb_open) {
      analysis_.verb =
          keyword == SqlKeyword::kWith
              ? std::string_view()  // set by the main verb after the WITH
              : std::string_view(normalized_).substr(name_spans_[i].offset, name_spans_[i].size);
    }

    if (level.expect_table) {
      if (IsName(i)) {
        const size_t end = EndOfQualifiedName(i);
        const bool call = end < n && IsPunct(tokens_[end], '(');
        const bool table_function = call && !level.copy_target;
        if (level.copy_target) {
          AddTable(i, end, level.block);
          if (!call) analysis_.select_star = true;  // COPY t TO: every column
        } else if (!call) {
          AddTable(i, end, level.block);
          level.table_state = TableState::kAfterTable;
        }
        level.expect_table = false;
        level.copy_target = false;
        i = end - 1;
        if (table_function && push_level()) {
          // FROM generate_series(1, 3) g: its arguments, then an alias as after a subquery.
          levels[depth].function_args = true;
          levels[depth].from_subquery = true;
          i = end;  // the '('
        }
        continue;
      }
      if (keyword == SqlKeyword::kOnly || keyword == SqlKeyword::kLateral) continue;
      level.expect_table = false;
      if (IsPunct(token, '(')) {
        level.copy_target = false;
        if (push_level()) {
          levels[depth].from_subquery = true;
          // FROM (passengers) or FROM (a JOIN b ON ...): parenthesised tables, not a query.
          const SqlKeyword inner = i + 1 < n ? keywords_[i + 1] : SqlKeyword::kNone;
          if (inner != SqlKeyword::kSelect && inner != SqlKeyword::kWith &&
              inner != SqlKeyword::kValues && inner != SqlKeyword::kTable &&
              !(i + 1 < n && IsPunct(tokens_[i + 1], '('))) {
            levels[depth].clause = Clause::kFrom;
            levels[depth].expect_table = true;
          }
        }
        continue;
      }
    }

    if (level.table_state != TableState::kNone) {
      const TableState state = level.table_state;
      level.table_state = TableState::kNone;
      if (state == TableState::kAfterTable && keyword == SqlKeyword::kAs && i + 1 < n &&
          IsName(i + 1)) {
        alias_spans_.push_back({name_spans_[i + 1], static_cast<uint32_t>(i + 1), false, true});
        level.table_state = TableState::kAfterAlias;
        ++i;
        continue;
      }
      if (state == TableState::kAfterTable && IsName(i)) {
        alias_spans_.push_back({name_spans_[i], static_cast<uint32_t>(i), false, true});
        level.table_state = TableState::kAfterAlias;
        continue;
      }
      if (IsPunct(token, ',') && level.clause == Clause::kFrom) {
        level.expect_table = true;
        continue;
      }
    }

    if (token.kind == SqlTokenKind::kPunctuation) {
      if (IsPunct(token, '(')) {
        const bool call = i > 0 && IsName(i - 1);
        if (call) NotePackingAggregate(View(name_spans_[i - 1]));
        if (push_level()) levels[depth].function_args = call;
      } else if (IsPunct(token, ')')) {
        if (overflow > 0) {
          --overflow;
        } else if (depth > 0) {
          const bool subquery = levels[depth].from_subquery;
          --depth;
          if (subquery) levels[depth].table_state = TableState::kAfterTable;
          // The last ')' back at the top of a WITH ends the latest CTE's body.
          if (depth == 0 && in_with && !recursive_with && !cte_spans_.empty()) {
            cte_spans_.back().token = static_cast<uint32_t>(i);
          }
        }
      } else if (IsPunct(token, ';')) {
        depth = 0;
        overflow = 0;
        levels[0] = Level{};
        levels[0].block = NewBlock(-1);  // the next statement
        statement_start = true;
        in_with = false;
      } else if (IsPunct(token, '*') && level.clause == Clause::kSelectList && i > 0) {
        // SELECT *, SELECT DISTINCT *, SELECT SQL_NO_CACHE *, SELECT TOP 10 *, a.*, x, *;
        // not a * b, 2 * 3 or count(*).
        const SqlToken& previous = tokens_[i - 1];
        const bool after_keyword =
            previous.kind == SqlTokenKind::kWord && keywords_[i - 1] != SqlKeyword::kNone;
        const auto is_top = [&](size_t j) {
          return tokens_[j].kind == SqlTokenKind::kWord && keywords_[j] == SqlKeyword::kTop;
        };
        const bool after_top =  // TOP 10 *, and SQL Server's TOP (10) * and TOP (@n) *
            (IsLiteral(previous.kind) && i >= 2 && is_top(i - 2)) ||
            (IsPunct(previous, ')') && i >= 4 && IsLiteral(tokens_[i - 2].kind) &&
             IsPunct(tokens_[i - 3], '(') && is_top(i - 4));
        if (after_keyword || after_top || IsPunct(previous, ',') || IsPunct(previous, '.')) {
          analysis_.select_star = true;
        }
      }
      continue;
    }

    const auto next_integer = [&](size_t j) -> std::optional<int64_t> {
      return j < n ? ParseInteger(tokens_[j]) : std::nullopt;
    };
    switch (keyword) {
      case SqlKeyword::kSelect:
        level.clause = Clause::kSelectList;
        level.function_args = false;
        if (analysis_.verb.empty() && (!in_with || depth == 0)) {
          analysis_.verb = "select";
          in_with = false;
        }
        break;
      case SqlKeyword::kInsert:
      case SqlKeyword::kUpdate:
      case SqlKeyword::kDelete:
        if (analysis_.verb.empty() && in_with && depth == 0) {
          analysis_.verb =
              std::string_view(normalized_).substr(name_spans_[i].offset, name_spans_[i].size);
          in_with = false;
        }
        level.clause = Clause::kOther;
        break;
      case SqlKeyword::kWith:
        if (first) {
          in_with = true;
          recursive_with = i + 1 < n && EqualsIgnoreCase(tokens_[i + 1].text, "recursive");
        }
        break;
      case SqlKeyword::kFrom:
        if (!level.function_args) {
          level.clause = Clause::kFrom;
          level.expect_table = true;
        }
        break;
      case SqlKeyword::kJoin:
        level.clause = Clause::kFrom;
        level.expect_table = true;
        break;
      case SqlKeyword::kWhere:
        level.clause = Clause::kWhere;
        blocks_[level.block].where = true;
        break;
      case SqlKeyword::kLimit: {
        level.clause = Clause::kOther;
        if (i + 1 < n && tokens_[i + 1].kind == SqlTokenKind::kWord) break;  // LIMIT ALL
        blocks_[level.block].limit = true;
        if (depth > limit_depth) break;
        limit_depth = depth;
        const std::optional<int64_t> first_value = next_integer(i + 1);
        if (i + 3 < n && IsPunct(tokens_[i + 2], ',')) {  // MySQL: LIMIT offset, count
          analysis_.offset = first_value;
          analysis_.limit = next_integer(i + 3);
        } else {
          analysis_.limit = first_value;
        }
        break;
      }
      case SqlKeyword::kOffset:
        level.clause = Clause::kOther;
        if (const auto value = next_integer(i + 1)) analysis_.offset = value;
        break;
      case SqlKeyword::kFetch:  // FETCH FIRST|NEXT n ROW|ROWS ONLY
        level.clause = Clause::kOther;
        blocks_[level.block].limit = true;
        if (const auto value = next_integer(i + 2); value && depth <= limit_depth) {
          limit_depth = depth;
          analysis_.limit = value;
        }
        break;
      case SqlKeyword::kTop: {  // SELECT TOP n / TOP (n)
        blocks_[level.block].limit = true;
        std::optional<int64_t> value = next_integer(i + 1);
        if (!value && i + 1 < n && IsPunct(tokens_[i + 1], '(')) value = next_integer(i + 2);
        if (value && depth <= limit_depth) {
          limit_depth = depth;
          analysis_.limit = value;
        }
        break;
      }
      case SqlKeyword::kCopy:
        if (first) {
          level.expect_table = true;
          level.copy_target = true;
        }
        break;
      case SqlKeyword::kTo:
        if (analysis_.verb == "copy") analysis_.copy_to = true;
        break;
      case SqlKeyword::kTable:
        if (first) {  // PostgreSQL: TABLE t is SELECT * FROM t
          analysis_.verb = "select";
          analysis_.select_star = true;
          level.expect_table = true;
        }
        break;
      case SqlKeyword::kUnion:
      case SqlKeyword::kIntersect:
      case SqlKeyword::kExcept:
        // The next branch is a block of its own: the WHERE of one branch bounds no other.
        level.clause = Clause::kNone;
        level.block = NewBlock(blocks_[level.block].parent);
        break;
      case SqlKeyword::kGroup:
      case SqlKeyword::kOrder:
      case SqlKeyword::kHaving:
      case SqlKeyword::kOn:
      case SqlKeyword::kUsing:
      case SqlKeyword::kSet:
      case SqlKeyword::kReturning:
      case SqlKeyword::kWindow:
      case SqlKeyword::kFor:
      case SqlKeyword::kInto:
      case SqlKeyword::kValues:
        level.clause = Clause::kOther;
        break;
      case SqlKeyword::kNone:
        if (!IsName(i)) break;
        {
          const bool before_dot = i + 1 < n && IsPunct(tokens_[i + 1], '.');
          const bool before_paren = i + 1 < n && IsPunct(tokens_[i + 1], '(');
          const SqlToken* previous = i > 0 ? &tokens_[i - 1] : nullptr;
          const bool after_as = previous != nullptr && previous->kind == SqlTokenKind::kWord &&
                                keywords_[i - 1] == SqlKeyword::kAs;
          const bool after_cast = previous != nullptr && IsCast(*previous);
          const bool next_is_as = i + 1 < n && tokens_[i + 1].kind == SqlTokenKind::kWord &&
                                  keywords_[i + 1] == SqlKeyword::kAs;
          const auto at = static_cast<uint32_t>(i);
          if (in_with && depth == 0 && (next_is_as || before_paren)) {
            alias_spans_.push_back({name_spans_[i], at});  // a CTE name
            cte_spans_.push_back({name_spans_[i], at});
          } else if (after_as) {
            alias_spans_.push_back({name_spans_[i], at});  // a column alias
          } else if (!before_dot && !before_paren && !after_cast) {
            column_spans_.push_back({name_spans_[i], at, level.clause == Clause::kSelectList});
          }
        }
        break;
      default:
        break;
    }
  }
}

}  // namespace leakhound
