// SlidingWindow: the events of one group (one principal, say) over the last `length` of
// event time, with their count, sum and distinct-value count kept up to date as events
// arrive and fall out.
//
// The window ends at the group's watermark (the latest event time seen) and is half-open:
// it holds events with time in (watermark - length, watermark]. Events that arrive out of
// order are inserted in time order; events already older than the window are refused and
// counted as late. Memory is bounded: past `max_entries` the oldest entry is dropped and
// counted, so the aggregate may undercount but never grows without bound.
//
// Thread-safety: none; a window belongs to the worker that owns its partition.
#pragma once

#include <cstdint>
#include <deque>
#include <unordered_map>

#include "core/time.h"

namespace leakhound {

// A source reference whose origin is interned by the owner of the window (24 bytes, not
// a string per entry).
struct PackedSourceRef {
  uint32_t origin = 0;
  int32_t partition = -1;
  int64_t offset = 0;
  uint32_t index = 0;

  friend bool operator==(const PackedSourceRef&, const PackedSourceRef&) = default;
};

class SlidingWindow {
 public:
  struct Entry {
    TimePoint time;
    double value = 0;  // summed
    uint64_t key = 0;  // distinct-counted (a hash of the value)
    PackedSourceRef source;
    bool starts_event = true;  // false for the 2nd+ value of a multi-valued field
  };

  explicit SlidingWindow(Duration length, size_t max_entries = 1'000'000)
      : length_(length), max_entries_(max_entries) {}

  // Adds one entry. Returns false (and counts it late) if the entry is already older than
  // the window and was not added.
  bool Add(const Entry& entry);

  double sum() const { return sum_; }
  uint64_t events() const { return events_; }
  size_t distinct() const { return key_counts_.size(); }
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  TimePoint watermark() const { return watermark_; }
  TimePoint oldest() const { return entries_.empty() ? watermark_ : entries_.front().time; }
  uint64_t late() const { return late_; }
  uint64_t dropped() const { return dropped_; }
  const std::deque<Entry>& entries() const { return entries_; }

 private:
  void Evict(const Entry& entry);

  Duration length_;
  size_t max_entries_;
  std::deque<Entry> entries_;  // ordered by time
  std::unordered_map<uint64_t, uint32_t> key_counts_;
  double sum_ = 0;
  uint64_t events_ = 0;
  TimePoint watermark_{};
  bool has_watermark_ = false;
  uint64_t late_ = 0;
  uint64_t dropped_ = 0;
};

}  // namespace leakhound
