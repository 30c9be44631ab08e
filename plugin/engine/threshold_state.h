// ThresholdState: the windows of one threshold rule, one per group (e.g. per principal),
// and the suppression that keeps a sustained campaign from raising one detection per
// event: after a group fires, its further crossings within `suppress` are counted and
// reported by the group's next detection instead.
//
// Idle groups are swept once nothing in them can matter any more, so memory follows the
// active principals, not all principals ever seen.
//
// Thread-safety: none; owned by the worker of the partition that feeds it.
#pragma once

#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/ascii.h"
#include "core/byte_codec.h"
#include "core/detection.h"
#include "core/sliding_window.h"
#include "engine/event_fields.h"
#include "rules/rule.h"

namespace leakhound {

class ThresholdState {
 public:
  struct Limits {
    size_t max_groups = 1'000'000;
    size_t max_entries_per_group = 1'000'000;
  };

  struct Firing {
    ThresholdEvidence evidence;
    std::vector<PackedSourceRef> sources;  // every contributing record, oldest first
  };

  ThresholdState(const Threshold& threshold, Limits limits);

  // Adds the event to its group's window. Returns true and fills `firing` when the group
  // crosses the threshold and is not suppressed.
  bool Observe(const EventFields& fields, Duration utc_offset, const PackedSourceRef& source,
               Firing& firing);

  // Forgets groups whose windows and suppression ended before `watermark`.
  void Sweep(TimePoint watermark);

  // Checkpoints: every group with its window entries and suppression. Entries keep their
  // interned origin ids; the engine writes the origin names beside them.
  void Save(ByteWriter& out) const;
  // Adds the groups of a Save(), with origin ids renumbered through `origin_ids` (saved id
  // -> this engine's id). False, with the state left partly restored, on malformed input.
  bool Restore(ByteReader& in, std::span<const uint32_t> origin_ids);

  // Hot reload of a rule whose windows are kept: the new limit and suppression apply from
  // the next event on. REQUIRES: SameWindows(threshold(), replacement).
  void set_threshold(const Threshold& replacement) { threshold_ = replacement; }
  const Threshold& threshold() const { return threshold_; }
  // Whether the windows of one threshold still mean the same under another: the same
  // aggregate of the same field over the same window, grouped by the same fields.
  static bool SameWindows(const Threshold& a, const Threshold& b);

  size_t groups() const { return groups_.size(); }
  size_t entries() const;
  uint64_t suppressed_total() const { return suppressed_total_; }
  uint64_t late_total() const { return late_total_; }
  uint64_t overflow_total() const { return overflow_total_; }

 private:
  struct Group {
    Group(Duration length, size_t max_entries) : window(length, max_entries) {}
    SlidingWindow window;
    TimePoint suppressed_until{};
    bool suppressing = false;
    uint64_t suppressed = 0;                                  // since the group's last detection
    std::vector<std::pair<std::string, std::string>> values;  // group_by field = value
  };

  Threshold threshold_;
  Limits limits_;
  std::unordered_map<std::string, Group, StringHash, std::equal_to<>> groups_;
  std::string key_;  // reused buffer for the group key
  uint64_t suppressed_total_ = 0;
  uint64_t late_total_ = 0;
  uint64_t overflow_total_ = 0;
};

}  // namespace leakhound
