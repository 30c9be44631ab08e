// The SQL words that structure a statement. Identifiers that are not among them are taken
// as names of tables, columns or aliases. Lookup ignores ASCII case and never allocates.
//
// Thread-safety: immutable after static initialisation.
#pragma once

#include <cstdint>
#include <string_view>

namespace leakhound {

// The keywords the analyzer acts on; all other keywords are kOther.
enum class SqlKeyword : uint8_t {
  kNone,  // not a keyword: a name
  kOther,
  kSelect,
  kFrom,
  kJoin,
  kWhere,
  kLimit,
  kOffset,
  kFetch,
  kTop,
  kWith,
  kAs,
  kCopy,
  kTo,
  kTable,
  kInto,
  kValues,
  kIn,
  kUnion,
  kGroup,
  kOrder,
  kHaving,
  kOn,
  kUsing,
  kDistinct,
  kAll,
  kOnly,
  kLateral,
  kInsert,
  kUpdate,
  kDelete,
  kSet,
  kReturning,
  kWindow,
  kFor,
  kExplain,
  kIntersect,
  kExcept,
  kLike,
  kIlike,
  kSimilar,
  kPercent,
  kRow,
  kRows,
  kFirst,
  kNext,
};

SqlKeyword LookupSqlKeyword(std::string_view word);

}  // namespace leakhound
