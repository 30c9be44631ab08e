#include "engine/sql_analysis_cache.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace leakhound {

SqlAnalysisCache::SqlAnalysisCache(Options options)
    : max_statement_bytes_(options.max_statement_bytes) {
  if (options.entries == 0) return;
  slots_.resize(std::bit_ceil(options.entries));
  ways_ = slots_.size() >= 2 ? 2 : 1;
  recent_way_.assign(slots_.size() / ways_, 0);
}

uint64_t SqlAnalysisCache::Hash(std::string_view statement) {
  // Eight bytes a step, multiply and fold: statements are a few hundred bytes, and the
  // slot is picked from the high bits, which mix every byte.
  constexpr uint64_t kMultiplier = 0x9e3779b97f4a7c15ull;
  uint64_t hash = (statement.size() + 1) * kMultiplier;
  const char* p = statement.data();
  size_t left = statement.size();
  for (; left >= 8; p += 8, left -= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    hash = (hash ^ word) * kMultiplier;
    hash ^= hash >> 29;
  }
  if (left > 0) {
    uint64_t word = 0;
    std::memcpy(&word, p, left);
    hash = (hash ^ word) * kMultiplier;
    hash ^= hash >> 29;
  }
  return hash * kMultiplier;
}

const SqlAnalysis* SqlAnalysisCache::Find(std::string_view statement, uint64_t hash) {
  if (slots_.empty()) return nullptr;
  const size_t set = SetOf(hash);
  for (size_t way = 0; way < ways_; ++way) {
    Entry& entry = slots_[set * ways_ + way];
    if (entry.used && entry.hash == hash && entry.statement == statement) {
      recent_way_[set] = static_cast<uint8_t>(way);
      last_ = &entry;
      return &entry.analysis;
    }
  }
  return nullptr;
}

const SqlAnalysis& SqlAnalysisCache::Insert(std::string_view statement, uint64_t hash,
                                            const SqlAnalysis& analysis) {
  const size_t set = SetOf(hash);
  // The first way while it is empty (and the only one, in a cache of one entry), else the
  // one not used last.
  const size_t way = ways_ == 2 && slots_[set * ways_].used ? 1 - recent_way_[set] : 0;
  recent_way_[set] = static_cast<uint8_t>(way);
  Entry& entry = slots_[set * ways_ + way];
  last_ = &entry;
  entry.used = true;
  entry.hash = hash;
  entry.pii.reset();
  entry.statement.assign(statement);

  // Sized first: the views made below must not move with a reallocation.
  size_t bytes = analysis.normalized.size() + analysis.alternate_normalized.size() +
                 analysis.fingerprint.size() + analysis.verb.size();
  for (const TableRef& table : analysis.tables) bytes += table.schema.size() + table.name.size();
  for (std::string_view column : analysis.columns) bytes += column.size();
  for (std::string_view aggregate : analysis.aggregates) bytes += aggregate.size();
  entry.text.clear();
  entry.text.reserve(bytes);
  const auto keep = [&](std::string_view view) -> std::string_view {
    const size_t at = entry.text.size();
    entry.text.append(view);
    return std::string_view(entry.text).substr(at, view.size());
  };

  SqlAnalysis& kept = entry.analysis;
  kept = analysis;  // the flags and numbers; every view is replaced below
  kept.normalized = keep(analysis.normalized);
  kept.alternate_normalized = keep(analysis.alternate_normalized);
  kept.fingerprint = keep(analysis.fingerprint);
  kept.verb = keep(analysis.verb);
  entry.tables.clear();
  for (const TableRef& table : analysis.tables) {
    entry.tables.push_back({keep(table.schema), keep(table.name)});
  }
  entry.columns.clear();
  for (std::string_view column : analysis.columns) entry.columns.push_back(keep(column));
  entry.aggregates.clear();
  for (std::string_view aggregate : analysis.aggregates) {
    entry.aggregates.push_back(keep(aggregate));
  }
  kept.tables = entry.tables;
  kept.columns = entry.columns;
  kept.aggregates = entry.aggregates;
  return kept;
}

void SqlAnalysisCache::ForgetPiiFacts() {
  for (Entry& entry : slots_) entry.pii.reset();
}

void SqlAnalysisCache::Clear() {
  for (Entry& entry : slots_) {
    entry.used = false;
    entry.pii.reset();
  }
  std::fill(recent_way_.begin(), recent_way_.end(), 0);
  last_ = nullptr;
}

}  // namespace leakhound
