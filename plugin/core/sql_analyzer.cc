#include "core/sql_analyzer.h"

#include <algorithm>
#include <array>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <cstring>

#include "core/ascii.h"
#include "core/sql_keywords.h"

namespace leakhound {
namespace {

constexpr size_t kMaxDepth = 256;

// Single-byte punctuation; compared as a byte, not a string, on the hot path.
bool IsPunct(const SqlToken& token, char c) {
  return token.kind == SqlTokenKind::kPunctuation && token.text.size() == 1 && token.text[0] == c;
}

bool IsCast(const SqlToken& token) {
  return token.kind == SqlTokenKind::kPunctuation && token.text.size() == 2 &&
         token.text[0] == ':' && token.text[1] == ':';
}

bool IsLiteral(SqlTokenKind kind) {
  return kind == SqlTokenKind::kString || kind == SqlTokenKind::kNumber ||
         kind == SqlTokenKind::kParameter;
}

bool IsComparison(const SqlToken& token) {
  if (token.kind != SqlTokenKind::kPunctuation) return false;
  const std::string_view t = token.text;
  const char c = t[0];
  if (t.size() == 1) return c == '=' || c == '<' || c == '>';
  return t.size() == 2 && (t == "<>" || t == "!=" || t == "<=" || t == ">=");
}

bool IsSimpleIdentifier(std::string_view text) {
  if (text.empty() || !IsSqlWordStart(static_cast<unsigned char>(text[0]))) return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return IsSqlWordPart(static_cast<unsigned char>(c)); });
}

// The identifier inside quotes, or empty when the quotes are not closed.
std::string_view QuotedInner(std::string_view quoted) {
  if (quoted.size() < 2) return {};
  const char open = quoted.front();
  const char close = open == '[' ? ']' : open;
  if (quoted.back() != close) return {};
  return quoted.substr(1, quoted.size() - 2);
}

std::optional<int64_t> ParseInteger(const SqlToken& token) {
  if (token.kind != SqlTokenKind::kNumber || token.text.size() > 18) return std::nullopt;
  int64_t value = 0;
  for (char c : token.text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::string_view SqlAnalyzer::View(Span span) const {
  return std::string_view(normalized_).substr(span.offset, span.size);
}

const SqlAnalysis& SqlAnalyzer::Analyze(std::string_view statement) {
  analysis_ = SqlAnalysis{};
  if (statement.size() > options_.max_statement_bytes) {
    statement = statement.substr(0, options_.max_statement_bytes);
    analysis_.truncated = true;
  }
  tokens_.clear();
  keywords_.clear();
  SqlLexer lexer(statement);
  for (SqlToken token = lexer.Next(); token.kind != SqlTokenKind::kEnd; token = lexer.Next()) {
    tokens_.push_back(token);
    // Looked up once here; both passes read keywords_.
    keywords_.push_back(token.kind == SqlTokenKind::kWord ? LookupSqlKeyword(token.text)
                                                          : SqlKeyword::kNone);
  }
  Emit(statement);
  AnalyzeStructure();

  analysis_.normalized = normalized_;
  analysis_.fingerprint = fingerprint_;

  tables_.clear();
  for (const TableSpan& span : table_spans_) {
    const TableRef table{View(span.schema), View(span.name)};
    const bool seen = std::any_of(tables_.begin(), tables_.end(), [&](const TableRef& t) {
      return t.name == table.name && t.schema == table.schema;
    });
    // Not by alias: "FROM passengers AS passengers" still reads the table. Inside a CTE's
    // own body its name is still the table: WITH passengers AS (SELECT * FROM passengers).
    const bool is_cte = table.schema.empty() &&
                        std::any_of(cte_spans_.begin(), cte_spans_.end(), [&](const NameSpan& cte) {
                          return span.token > cte.token && View(cte.span) == table.name;
                        });
    if (!seen && !is_cte && tables_.size() < options_.max_names) tables_.push_back(table);
  }
  columns_.clear();
  for (const NameSpan& name : column_spans_) {
    const std::string_view column = View(name.span);
    const auto same = [&](std::string_view other) { return other == column; };
    if (std::any_of(columns_.begin(), columns_.end(), same)) continue;
    // An alias hides the references after it (ORDER BY n, WHERE t IS NULL), never a select
    // list's names: SELECT passport AS passport and SELECT email FROM t email read columns.
    if (!name.in_select_list &&
        std::any_of(alias_spans_.begin(), alias_spans_.end(), [&](const NameSpan& alias) {
          return alias.token < name.token && View(alias.span) == column;
        })) {
      continue;
    }
    if (std::any_of(tables_.begin(), tables_.end(),
                    [&](const TableRef& t) { return t.name == column; })) {
      continue;
    }
    if (columns_.size() >= options_.max_names) break;
    columns_.push_back(column);
  }
  analysis_.tables = tables_;
  analysis_.columns = columns_;
  return analysis_;
}

// Writes normalized_ and fingerprint_, and the name span of every token.
void SqlAnalyzer::Emit(std::string_view statement) {
  // Written through raw pointers into buffers sized for the worst case, then cut to size:
  // the normalized text is never longer than the statement (a space only stands for
  // whitespace or a comment), and the fingerprint grows by at most one byte per "(?+)".
  normalized_.resize(statement.size());
  fingerprint_.resize(2 * statement.size() + 8);
  char* const norm = normalized_.data();
  char* const fp = fingerprint_.data();
  size_t norm_size = 0;
  size_t fp_size = 0;
  const auto append_lower = [&](std::string_view text) {
    for (char c : text) norm[norm_size++] = AsciiToLower(c);
  };
  const auto append_fp = [&](const char* data, size_t size) {
    std::memcpy(fp + fp_size, data, size);
    fp_size += size;
  };
  name_spans_.assign(tokens_.size(), Span{});

  // Parenthesised groups, to collapse literal lists: IN (1, 2, 3) and VALUES (..), (..).
  // No default member initialisers: the stack is built on every call, and only the
  // entries pushed are ever read, each set in full when pushed.
  struct Group {
    size_t open;  // offset of '(' in fingerprint_
    bool literal_list;
    bool only_literals;
    int literals;
    // A second or later row of VALUES (..), (..): where the "(?+)" it merges into ends.
    size_t merge_into;
  };
  Group groups[kMaxDepth];
  size_t depth = 0;
  size_t overflow = 0;
  size_t collapsed_end = std::string::npos;  // fingerprint_ offset after the last "(?+)"
  int after_collapse = 0;  // 1: just after "(?+)", 2: after "(?+)," (a VALUES continuation)
  bool value_context = false;  // a double-quoted token here is a MySQL string, not a name

  for (size_t i = 0; i < tokens_.size(); ++i) {
    const SqlToken& token = tokens_[i];
    if (token.space_before && norm_size > 0) {
      norm[norm_size++] = ' ';
      fp[fp_size++] = ' ';
    }
    const size_t start = norm_size;
    bool literal = IsLiteral(token.kind);
    switch (token.kind) {
      case SqlTokenKind::kWord:
        append_lower(token.text);
        name_spans_[i] = {static_cast<uint32_t>(start), static_cast<uint32_t>(token.text.size())};
        append_fp(norm + start, token.text.size());
        break;
      case SqlTokenKind::kQuotedIdentifier: {
        const std::string_view inner = QuotedInner(token.text);
        const bool simple = IsSimpleIdentifier(inner);
        if (simple) {
          append_lower(inner);
          name_spans_[i] = {static_cast<uint32_t>(start), static_cast<uint32_t>(inner.size())};
        } else {
          std::memcpy(norm + norm_size, token.text.data(), token.text.size());
          norm_size += token.text.size();
          if (!inner.empty()) {
            name_spans_[i] = {static_cast<uint32_t>(start + 1),
                              static_cast<uint32_t>(inner.size())};
          }
        }
        // A double-quoted "value" is a string in MySQL's default mode: mask it when it is
        // compared or listed, or when it could not be a plain name (e-mail, spaces).
        if (token.text.front() == '"' && (value_context || !simple)) {
          fp[fp_size++] = '?';
          literal = true;
        } else {
          append_fp(norm + start, norm_size - start);
        }
        break;
      }
      case SqlTokenKind::kString:
      case SqlTokenKind::kNumber:
      case SqlTokenKind::kParameter:
        std::memcpy(norm + norm_size, token.text.data(), token.text.size());
        norm_size += token.text.size();
        fp[fp_size++] = '?';
        break;
      case SqlTokenKind::kPunctuation:
      case SqlTokenKind::kEnd:
        std::memcpy(norm + norm_size, token.text.data(), token.text.size());
        norm_size += token.text.size();
        append_fp(token.text.data(), token.text.size());
        break;
    }

    // Literal-list collapsing in the fingerprint.
    const bool open = IsPunct(token, '(');
    const bool close = IsPunct(token, ')');
    const bool comma = IsPunct(token, ',');
    if (open) {
      if (depth < kMaxDepth) {
        Group& group = groups[depth++];
        group = Group{fp_size - 1, false, true, 0, std::string::npos};
        const SqlKeyword previous = i > 0 ? keywords_[i - 1] : SqlKeyword::kNone;
        if (after_collapse == 2) group.merge_into = collapsed_end;
        group.literal_list =
            previous == SqlKeyword::kIn || previous == SqlKeyword::kValues || after_collapse == 2;
      } else {
        ++overflow;
      }
      if (depth > 1) groups[depth - 2].only_literals = false;
    } else if (close) {
      if (overflow > 0) {
        --overflow;
      } else if (depth > 0) {
        const Group group = groups[--depth];
        if (group.literal_list && group.only_literals && group.literals > 0) {
          fp_size = group.open + 1;
          append_fp("?+)", 3);
          // Kept in the group: the tokens inside the row have reset after_collapse.
          if (group.merge_into != std::string::npos) {
            fp_size = group.merge_into;  // "(?+), (?+)" reads as "(?+)"
            collapsed_end = group.merge_into;
          } else {
            collapsed_end = fp_size;
          }
          after_collapse = 1;
          value_context = false;
          continue;
        }
      }
    } else if (depth > 0) {
      if (literal) {
        ++groups[depth - 1].literals;
      } else if (!comma) {
        groups[depth - 1].only_literals = false;
      }
    }
    if (comma && after_collapse == 1) {
      after_collapse = 2;
    } else if (!(open && after_collapse == 2)) {
      after_collapse = 0;
      collapsed_end = std::string::npos;
    }

    const bool in_literal_list = depth > 0 && groups[depth - 1].literal_list;
    value_context = IsComparison(token) || (in_literal_list && (open || comma));
    if (token.kind == SqlTokenKind::kWord) {
      value_context = keywords_[i] == SqlKeyword::kLike || keywords_[i] == SqlKeyword::kIlike;
    }
  }
  normalized_.resize(norm_size);
  fingerprint_.resize(fp_size);
}

bool SqlAnalyzer::IsName(size_t i) const {
  const SqlToken& token = tokens_[i];
  if (token.kind == SqlTokenKind::kQuotedIdentifier) return name_spans_[i].size > 0;
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

void SqlAnalyzer::AddTable(size_t first, size_t end) {
  TableSpan table;
  table.name = name_spans_[end - 1];
  table.token = static_cast<uint32_t>(end - 1);
  if (end - first >= 3) table.schema = name_spans_[end - 3];
  table_spans_.push_back(table);
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
  };
  Level levels[kMaxDepth];
  size_t depth = 0;  // index of the current level
  size_t overflow = 0;
  levels[0] = Level{};
  table_spans_.clear();
  column_spans_.clear();
  alias_spans_.clear();
  cte_spans_.clear();

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
    if (first && token.kind == SqlTokenKind::kWord && keyword != SqlKeyword::kWith) {
      analysis_.verb = std::string_view(normalized_).substr(name_spans_[i].offset,
                                                            name_spans_[i].size);
    }

    if (level.expect_table) {
      if (IsName(i)) {
        const size_t end = EndOfQualifiedName(i);
        const bool call = end < n && IsPunct(tokens_[end], '(');
        const bool table_function = call && !level.copy_target;
        if (level.copy_target) {
          AddTable(i, end);
          if (!call) analysis_.select_star = true;  // COPY t TO: every column
        } else if (!call) {
          AddTable(i, end);
          level.table_state = TableState::kAfterTable;
        }
        level.expect_table = false;
        level.copy_target = false;
        i = end - 1;
        if (table_function && depth + 1 < kMaxDepth) {
          // FROM generate_series(1, 3) g: its arguments, then an alias as after a subquery.
          levels[++depth] = Level{};
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
        if (depth + 1 < kMaxDepth) {
          levels[++depth] = Level{};
          levels[depth].from_subquery = true;
        } else {
          ++overflow;
        }
        continue;
      }
    }

    if (level.table_state != TableState::kNone) {
      const TableState state = level.table_state;
      level.table_state = TableState::kNone;
      if (state == TableState::kAfterTable && keyword == SqlKeyword::kAs && i + 1 < n &&
          IsName(i + 1)) {
        alias_spans_.push_back({name_spans_[i + 1], static_cast<uint32_t>(i + 1)});
        level.table_state = TableState::kAfterAlias;
        ++i;
        continue;
      }
      if (state == TableState::kAfterTable && IsName(i)) {
        alias_spans_.push_back({name_spans_[i], static_cast<uint32_t>(i)});
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
        if (depth + 1 < kMaxDepth) {
          levels[++depth] = Level{};
          levels[depth].function_args = call;
        } else {
          ++overflow;
        }
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
        statement_start = true;
        in_with = false;
      } else if (IsPunct(token, '*') && level.clause == Clause::kSelectList && i > 0) {
        // SELECT *, SELECT DISTINCT *, SELECT SQL_NO_CACHE *, SELECT TOP 10 *, a.*, x, *;
        // not a * b, 2 * 3 or count(*).
        const SqlToken& previous = tokens_[i - 1];
        const bool after_keyword = previous.kind == SqlTokenKind::kWord &&
                                   keywords_[i - 1] != SqlKeyword::kNone;
        const auto is_top = [&](size_t j) {
          return tokens_[j].kind == SqlTokenKind::kWord &&
                 keywords_[j] == SqlKeyword::kTop;
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
          analysis_.verb = std::string_view(normalized_).substr(name_spans_[i].offset,
                                                                name_spans_[i].size);
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
        analysis_.has_where = true;
        break;
      case SqlKeyword::kLimit: {
        level.clause = Clause::kOther;
        if (i + 1 < n && tokens_[i + 1].kind == SqlTokenKind::kWord) break;  // LIMIT ALL
        analysis_.has_limit = true;
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
        analysis_.has_limit = true;
        if (const auto value = next_integer(i + 2); value && depth <= limit_depth) {
          limit_depth = depth;
          analysis_.limit = value;
        }
        break;
      case SqlKeyword::kTop: {  // SELECT TOP n / TOP (n)
        analysis_.has_limit = true;
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
        level.clause = Clause::kNone;
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

namespace leakhound {
namespace {

// Per byte: 0 nothing to check, 1 normalization changes it wherever it is (tab, newline,
// quote, bracket), 2 it matters next to its neighbour (a space in "  ", '-' in "--", '*'
// in "/*").
constexpr std::array<uint8_t, 256> MakeNormalFormClasses() {
  std::array<uint8_t, 256> classes{};
  for (int c : {'\t', '\n', '\r', '\f', '\v', '"', '`', '['}) classes[static_cast<size_t>(c)] = 1;
  for (int c : {' ', '-', '*'}) classes[static_cast<size_t>(c)] = 2;
  return classes;
}
constexpr std::array<uint8_t, 256> kNormalFormClasses = MakeNormalFormClasses();

}  // namespace

bool IsInNormalForm(std::string_view statement) {
  const size_t n = statement.size();
  if (n == 0) return true;
  if (statement.front() == ' ' || statement.back() == ' ') return false;
  const auto* bytes = reinterpret_cast<const unsigned char*>(statement.data());
  if (kNormalFormClasses[bytes[0]] == 1) return false;
  size_t i = 1;  // byte 0 is neither a space nor the end of a pair
#if defined(__SSE2__)
  // 16 bytes at a time: any tab, newline, quote or bracket, then the pairs "  ", "--" and
  // "/*" (each byte compared with its predecessor, read one byte back). Every statement
  // is checked, so this loop is on the hot path.
  const __m128i tab = _mm_set1_epi8('\t'), newline = _mm_set1_epi8('\n');
  const __m128i carriage = _mm_set1_epi8('\r'), feed = _mm_set1_epi8('\f');
  const __m128i vtab = _mm_set1_epi8('\v'), quote = _mm_set1_epi8('"');
  const __m128i backtick = _mm_set1_epi8('`'), bracket = _mm_set1_epi8('[');
  const __m128i space = _mm_set1_epi8(' '), dash = _mm_set1_epi8('-');
  const __m128i star = _mm_set1_epi8('*'), slash = _mm_set1_epi8('/');
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i));
    const __m128i before = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i - 1));
    __m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, newline)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, carriage), _mm_cmpeq_epi8(v, feed)));
    bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(v, vtab), _mm_cmpeq_epi8(v, quote)));
    bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(v, backtick), _mm_cmpeq_epi8(v, bracket)));
    const __m128i same = _mm_cmpeq_epi8(v, before);
    const __m128i doubled = _mm_and_si128(
        same, _mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, dash)));
    const __m128i comment = _mm_and_si128(_mm_cmpeq_epi8(v, star), _mm_cmpeq_epi8(before, slash));
    bad = _mm_or_si128(bad, _mm_or_si128(doubled, comment));
    if (_mm_movemask_epi8(bad) != 0) return false;
  }
#endif
  for (; i < n; ++i) {
    const uint8_t kind = kNormalFormClasses[bytes[i]];
    if (kind == 0) continue;
    if (kind == 1) return false;
    const unsigned char c = bytes[i];
    const unsigned char previous = bytes[i - 1];
    if ((c == previous && c != '*') || (c == '*' && previous == '/')) return false;
  }
  return true;
}

}  // namespace leakhound
