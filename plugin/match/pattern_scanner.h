// PatternScanner: scans a statement against a PatternDatabase and reports which patterns
// matched. Owns the Hyperscan scratch space, which must not be shared between threads.
//
// Thread-safety: one scanner per thread. The database it scans is shared and immutable.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "match/pattern_database.h"

struct hs_database;
struct hs_scratch;

namespace leakhound {

// Which patterns matched one statement: a bitset for O(1) tests plus the list of set bits
// for iteration; Clear() costs the number of matches, not the number of patterns.
class MatchSet {
 public:
  explicit MatchSet(size_t pattern_count = 0) { Resize(pattern_count); }
  void Resize(size_t pattern_count) { bits_.assign((pattern_count + 63) / 64, 0); }
  // The number of pattern ids the set can hold.
  size_t capacity() const { return bits_.size() * 64; }

  bool Contains(uint32_t id) const {
    const size_t word = id >> 6;
    return word < bits_.size() && ((bits_[word] >> (id & 63)) & 1) != 0;
  }
  void Insert(uint32_t id) {
    uint64_t& word = bits_[id >> 6];
    const uint64_t bit = uint64_t{1} << (id & 63);
    if ((word & bit) == 0) {
      word |= bit;
      ids_.push_back(id);
    }
  }
  void Clear() {
    for (uint32_t id : ids_) bits_[id >> 6] = 0;
    ids_.clear();
  }
  std::span<const uint32_t> ids() const { return ids_; }
  bool empty() const { return ids_.empty(); }

 private:
  std::vector<uint64_t> bits_;
  std::vector<uint32_t> ids_;
};

class PatternScanner {
 public:
  // The scanner keeps `database` alive for as long as it exists.
  static Result<std::unique_ptr<PatternScanner>> Create(
      std::shared_ptr<const PatternDatabase> database);
  ~PatternScanner();
  PatternScanner(const PatternScanner&) = delete;
  PatternScanner& operator=(const PatternScanner&) = delete;

  // Clears `matches` and fills it with the patterns of `stage` that match `text`; grows
  // `matches` first if it was sized for fewer patterns than the database holds.
  Status Scan(std::string_view text, MatchSet& matches, PatternStage stage = PatternStage::kAll);
  // Adds the patterns of `stage` that match `text` to `matches` without clearing it first:
  // for a statement scanned in two readings, or in its second stage.
  Status ScanMore(std::string_view text, MatchSet& matches,
                  PatternStage stage = PatternStage::kAll);

 private:
  explicit PatternScanner(std::shared_ptr<const PatternDatabase> database)
      : database_(std::move(database)) {}

  Status ScanDatabase(const hs_database* database, std::string_view text, MatchSet& matches);

  std::shared_ptr<const PatternDatabase> database_;
  hs_scratch* scratch_ = nullptr;  // big enough for both stages
};

}  // namespace leakhound
