#include "core/sql_keywords.h"

#include <array>

#include "core/ascii.h"

namespace leakhound {
namespace {

struct Entry {
  std::string_view word;
  SqlKeyword keyword;
};

// Reserved or structural words in the common dialects. Words that are often column names
// (name, date, year, user, type, status, key, comment) are deliberately absent.
constexpr Entry kEntries[] = {
    {"select", SqlKeyword::kSelect},
    {"from", SqlKeyword::kFrom},
    {"join", SqlKeyword::kJoin},
    {"straight_join", SqlKeyword::kJoin},
    {"where", SqlKeyword::kWhere},
    {"limit", SqlKeyword::kLimit},
    {"offset", SqlKeyword::kOffset},
    {"fetch", SqlKeyword::kFetch},
    {"top", SqlKeyword::kTop},
    {"with", SqlKeyword::kWith},
    {"as", SqlKeyword::kAs},
    {"copy", SqlKeyword::kCopy},
    {"to", SqlKeyword::kTo},
    {"table", SqlKeyword::kTable},
    {"into", SqlKeyword::kInto},
    {"values", SqlKeyword::kValues},
    {"in", SqlKeyword::kIn},
    {"union", SqlKeyword::kUnion},
    {"group", SqlKeyword::kGroup},
    {"order", SqlKeyword::kOrder},
    {"having", SqlKeyword::kHaving},
    {"on", SqlKeyword::kOn},
    {"using", SqlKeyword::kUsing},
    {"distinct", SqlKeyword::kDistinct},
    {"distinctrow", SqlKeyword::kDistinct},
    {"all", SqlKeyword::kAll},
    {"only", SqlKeyword::kOnly},
    {"lateral", SqlKeyword::kLateral},
    {"insert", SqlKeyword::kInsert},  // not "replace": also a string function
    {"update", SqlKeyword::kUpdate},
    {"delete", SqlKeyword::kDelete},
    {"set", SqlKeyword::kSet},
    {"returning", SqlKeyword::kReturning},
    {"window", SqlKeyword::kWindow},
    {"for", SqlKeyword::kFor},
    {"explain", SqlKeyword::kExplain},
    {"intersect", SqlKeyword::kIntersect},
    {"except", SqlKeyword::kExcept},
    {"minus", SqlKeyword::kExcept},
    {"like", SqlKeyword::kLike},
    {"ilike", SqlKeyword::kIlike},
    {"similar", SqlKeyword::kSimilar},
    {"percent", SqlKeyword::kPercent},
    {"row", SqlKeyword::kRow},
    {"rows", SqlKeyword::kRows},
    {"first", SqlKeyword::kFirst},
    {"next", SqlKeyword::kNext},
    // Structural words the analyzer does not act on but must not take for names.
    {"and", SqlKeyword::kOther},
    {"or", SqlKeyword::kOther},
    {"not", SqlKeyword::kOther},
    {"null", SqlKeyword::kOther},
    {"is", SqlKeyword::kOther},
    {"between", SqlKeyword::kOther},
    {"case", SqlKeyword::kOther},
    {"when", SqlKeyword::kOther},
    {"then", SqlKeyword::kOther},
    {"else", SqlKeyword::kOther},
    {"end", SqlKeyword::kOther},
    {"exists", SqlKeyword::kOther},
    {"true", SqlKeyword::kOther},
    {"false", SqlKeyword::kOther},
    {"asc", SqlKeyword::kOther},
    {"desc", SqlKeyword::kOther},
    {"by", SqlKeyword::kOther},
    {"inner", SqlKeyword::kOther},
    {"left", SqlKeyword::kOther},
    {"right", SqlKeyword::kOther},
    {"full", SqlKeyword::kOther},
    {"outer", SqlKeyword::kOther},
    {"cross", SqlKeyword::kOther},
    {"natural", SqlKeyword::kOther},
    {"stdout", SqlKeyword::kOther},
    {"stdin", SqlKeyword::kOther},
    {"program", SqlKeyword::kOther},
    {"outfile", SqlKeyword::kOther},
    {"dumpfile", SqlKeyword::kOther},
    {"create", SqlKeyword::kOther},
    {"drop", SqlKeyword::kOther},
    {"alter", SqlKeyword::kOther},
    {"grant", SqlKeyword::kOther},
    {"revoke", SqlKeyword::kOther},
    {"analyze", SqlKeyword::kOther},
    {"show", SqlKeyword::kOther},
    {"describe", SqlKeyword::kOther},
    {"call", SqlKeyword::kOther},
    {"begin", SqlKeyword::kOther},
    {"commit", SqlKeyword::kOther},
    {"rollback", SqlKeyword::kOther},
    {"any", SqlKeyword::kOther},
    {"some", SqlKeyword::kOther},
    {"escape", SqlKeyword::kOther},
    {"collate", SqlKeyword::kOther},
    {"interval", SqlKeyword::kOther},
    {"cast", SqlKeyword::kOther},
    {"over", SqlKeyword::kOther},
    {"partition", SqlKeyword::kOther},
    {"range", SqlKeyword::kOther},
    {"ties", SqlKeyword::kOther},
    {"default", SqlKeyword::kOther},
    {"recursive", SqlKeyword::kOther},
    {"materialized", SqlKeyword::kOther},
    {"share", SqlKeyword::kOther},
    {"nowait", SqlKeyword::kOther},
    {"skip", SqlKeyword::kOther},
    {"locked", SqlKeyword::kOther},
    {"of", SqlKeyword::kOther},
    {"sql_calc_found_rows", SqlKeyword::kOther},
    {"sql_no_cache", SqlKeyword::kOther},
    {"high_priority", SqlKeyword::kOther},
    {"ignore", SqlKeyword::kOther},
    {"delayed", SqlKeyword::kOther},
    {"low_priority", SqlKeyword::kOther},
    {"current_date", SqlKeyword::kOther},
    {"current_timestamp", SqlKeyword::kOther},
    {"current_user", SqlKeyword::kOther},
    {"session_user", SqlKeyword::kOther},
    {"localtimestamp", SqlKeyword::kOther},
    {"localtime", SqlKeyword::kOther},
    {"unknown", SqlKeyword::kOther},
    {"array", SqlKeyword::kOther},
    {"conflict", SqlKeyword::kOther},
    {"nothing", SqlKeyword::kOther},
    {"do", SqlKeyword::kOther},
    {"duplicate", SqlKeyword::kOther},
    {"header", SqlKeyword::kOther},
    {"csv", SqlKeyword::kOther},
    {"format", SqlKeyword::kOther},
    {"delimiter", SqlKeyword::kOther},
    {"fields", SqlKeyword::kOther},
    {"terminated", SqlKeyword::kOther},
    {"enclosed", SqlKeyword::kOther},
    {"lines", SqlKeyword::kOther},
    {"optionally", SqlKeyword::kOther},
};

// Open addressing over a power-of-two table. The hash reads only the length and three
// bytes (first, middle, last), lowercased: every word of a statement is looked up, most are
// not keywords, and a full-length hash cost more than the rare probe it saves.
constexpr size_t kSlots = 512;

constexpr uint32_t HashLower(std::string_view word) {
  // c | 0x20 lowercases ASCII letters without a branch (and maps other bytes consistently).
  const auto byte = [&](size_t i) {
    return static_cast<uint32_t>(static_cast<unsigned char>(word[i]) | 0x20u);
  };
  const size_t n = word.size();
  return static_cast<uint32_t>(n) * 0x9e3779b1u ^ byte(0) * 0x85ebca6bu ^
         byte(n / 2) * 0xc2b2ae35u ^ byte(n - 1) * 0x27d4eb2fu;
}

struct Table {
  std::array<int16_t, kSlots> slots{};
};

constexpr Table BuildTable() {
  Table table{};
  for (auto& slot : table.slots) slot = -1;
  for (size_t i = 0; i < std::size(kEntries); ++i) {
    size_t slot = HashLower(kEntries[i].word) & (kSlots - 1);
    while (table.slots[slot] >= 0) {
      if (kEntries[static_cast<size_t>(table.slots[slot])].word == kEntries[i].word) break;
      slot = (slot + 1) & (kSlots - 1);
    }
    if (table.slots[slot] < 0) table.slots[slot] = static_cast<int16_t>(i);
  }
  return table;
}

constexpr Table kTable = BuildTable();
constexpr size_t kLongestKeyword = 19;  // "sql_calc_found_rows"

// The table must not degrade into long probe runs: checked when it is built.
constexpr size_t LongestProbe() {
  size_t longest = 0;
  for (const Entry& entry : kEntries) {
    size_t slot = HashLower(entry.word) & (kSlots - 1);
    size_t probes = 1;
    while (kEntries[static_cast<size_t>(kTable.slots[slot])].word != entry.word) {
      slot = (slot + 1) & (kSlots - 1);
      ++probes;
    }
    longest = probes > longest ? probes : longest;
  }
  return longest;
}
static_assert(LongestProbe() <= 4, "keyword hash clusters; change HashLower");

}  // namespace

SqlKeyword LookupSqlKeyword(std::string_view word) {
  if (word.size() < 2 || word.size() > kLongestKeyword) return SqlKeyword::kNone;
  size_t slot = HashLower(word) & (kSlots - 1);
  while (kTable.slots[slot] >= 0) {
    const Entry& entry = kEntries[static_cast<size_t>(kTable.slots[slot])];
    if (entry.word.size() == word.size() &&
        static_cast<unsigned char>(entry.word.back()) ==
            (static_cast<unsigned char>(word.back()) | 0x20u) &&
        EqualsIgnoreCase(entry.word, word)) {
      return entry.keyword;
    }
    slot = (slot + 1) & (kSlots - 1);
  }
  return SqlKeyword::kNone;
}

}  // namespace leakhound
