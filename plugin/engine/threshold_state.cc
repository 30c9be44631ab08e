#include "engine/threshold_state.h"

#include "core/hash.h"
#include "core/ip_network.h"

namespace leakhound {
ThresholdState::ThresholdState(const Threshold& threshold, Limits limits)
    : threshold_(threshold), limits_(limits) {}

size_t ThresholdState::entries() const {
  size_t total = 0;
  for (const auto& [key, group] : groups_) total += group.window.size();
  return total;
}

bool ThresholdState::Observe(const EventFields& fields, Duration utc_offset,
                             const PackedSourceRef& source, Firing& firing) {
  const auto group_value = [&](Field field) {
    std::string value = fields.Text(field, utc_offset);
    if (field == Field::kClient) value = std::string(AddressHost(value));  // not per port
    return value;
  };
  key_.clear();
  for (Field field : threshold_.group_by) {
    key_ += group_value(field);
    key_ += '\x1f';  // unit separator: cannot be confused with a value boundary
  }
  auto it = groups_.find(std::string_view(key_));
  if (it == groups_.end()) {
    // Full: forget the groups that no longer matter before refusing a new one (at most
    // once per 1024 refusals, so that a flood of new groups costs no sweep per event).
    if (groups_.size() >= limits_.max_groups && overflow_total_ % 1024 == 0) Sweep(fields.time());
    if (groups_.size() >= limits_.max_groups) {
      ++overflow_total_;
      return false;
    }
    it = groups_.emplace(key_, Group(threshold_.window, limits_.max_entries_per_group)).first;
    for (Field field : threshold_.group_by) {
      it->second.values.emplace_back(GetFieldInfo(field).name, group_value(field));
    }
  }
  Group& group = it->second;
  const TimePoint time = fields.time();

  SlidingWindow::Entry entry;
  entry.time = time;
  entry.source = source;
  bool added = true;
  switch (threshold_.aggregate) {
    case Threshold::Aggregate::kCount:
      added = group.window.Add(entry);
      break;
    case Threshold::Aggregate::kSum:
      entry.value = fields.Number(*threshold_.field, utc_offset).value_or(0);
      added = group.window.Add(entry);
      break;
    case Threshold::Aggregate::kDistinct: {
      const Field field = *threshold_.field;
      if (GetFieldInfo(field).type == FieldType::kStringList) {
        bool first = true;
        fields.AnyOf(field, [&](std::string_view value) {
          entry.key = Fnv1a64(value);
          entry.starts_event = first;
          first = false;
          added = group.window.Add(entry) && added;
          return false;
        });
        if (first) return false;  // no value: nothing to count
      } else {
        const std::string value = fields.Text(field, utc_offset);
        if (value.empty()) return false;
        entry.key = Fnv1a64(value);
        added = group.window.Add(entry);
      }
      break;
    }
  }
  if (!added) {
    ++late_total_;
    return false;
  }

  double value = 0;
  switch (threshold_.aggregate) {
    case Threshold::Aggregate::kCount:
      value = static_cast<double>(group.window.events());
      break;
    case Threshold::Aggregate::kSum:
      value = group.window.sum();
      break;
    case Threshold::Aggregate::kDistinct:
      value = static_cast<double>(group.window.distinct());
      break;
  }
  const bool crossed =
      threshold_.strictly_greater ? value > threshold_.limit : value >= threshold_.limit;
  if (!crossed) return false;
  if (group.suppressing && time < group.suppressed_until) {
    ++group.suppressed;
    ++suppressed_total_;
    return false;
  }

  ThresholdEvidence& evidence = firing.evidence;
  evidence.aggregate = AggregateName(threshold_.aggregate);
  evidence.field = threshold_.field ? std::string(GetFieldInfo(*threshold_.field).name) : "";
  evidence.value = value;
  evidence.op = threshold_.strictly_greater ? "gt" : "gte";
  evidence.threshold = threshold_.limit;
  evidence.window = threshold_.window;
  evidence.window_start = group.window.oldest();
  evidence.window_end = group.window.watermark();
  evidence.events = group.window.events();
  evidence.group = group.values;
  evidence.suppressed = group.suppressed;
  firing.sources.clear();
  for (const SlidingWindow::Entry& contributing : group.window.entries()) {
    if (!firing.sources.empty() && firing.sources.back() == contributing.source) continue;
    firing.sources.push_back(contributing.source);
  }
  group.suppressing = true;
  group.suppressed_until = time + threshold_.suppress;
  group.suppressed = 0;
  return true;
}

void ThresholdState::Sweep(TimePoint watermark) {
  for (auto it = groups_.begin(); it != groups_.end();) {
    const Group& group = it->second;
    const bool window_over = group.window.watermark() + threshold_.window <= watermark;
    const bool suppression_over = !group.suppressing || group.suppressed_until <= watermark;
    // Firings a swept group had suppressed stay counted in suppressed_total().
    if (window_over && suppression_over) {
      it = groups_.erase(it);
    } else {
      ++it;
    }
  }
}

bool ThresholdState::SameWindows(const Threshold& a, const Threshold& b) {
  return a.aggregate == b.aggregate && a.field == b.field && a.window == b.window &&
         a.group_by == b.group_by;
}

void ThresholdState::Save(ByteWriter& out) const {
  out.Put<uint32_t>(static_cast<uint32_t>(groups_.size()));
  for (const auto& [key, group] : groups_) {
    out.PutString(key);
    out.Put<uint32_t>(static_cast<uint32_t>(group.values.size()));
    for (const auto& [field, value] : group.values) {
      out.PutString(field);
      out.PutString(value);
    }
    out.Put<int64_t>(group.suppressed_until.time_since_epoch().count());
    out.Put<uint8_t>(group.suppressing ? 1 : 0);
    out.Put<uint64_t>(group.suppressed);
    const std::deque<SlidingWindow::Entry>& entries = group.window.entries();
    out.Put<uint32_t>(static_cast<uint32_t>(entries.size()));
    for (const SlidingWindow::Entry& entry : entries) {
      out.Put<int64_t>(entry.time.time_since_epoch().count());
      out.Put<double>(entry.value);
      out.Put<uint64_t>(entry.key);
      out.Put<uint32_t>(entry.source.origin);
      out.Put<int32_t>(entry.source.partition);
      out.Put<int64_t>(entry.source.offset);
      out.Put<uint32_t>(entry.source.index);
      out.Put<uint8_t>(entry.starts_event ? 1 : 0);
    }
  }
}

bool ThresholdState::Restore(ByteReader& in, std::span<const uint32_t> origin_ids) {
  constexpr size_t kEntryBytes = 8 + 8 + 8 + 4 + 4 + 8 + 4 + 1;
  uint32_t group_count = 0;
  if (!in.GetCount(group_count, 4 + 4 + 8 + 1 + 8 + 4)) return false;
  for (uint32_t g = 0; g < group_count; ++g) {
    std::string key;
    uint32_t value_count = 0;
    if (!in.GetString(key) || !in.GetCount(value_count, 8)) return false;
    Group group(threshold_.window, limits_.max_entries_per_group);
    for (uint32_t v = 0; v < value_count; ++v) {
      std::string field, value;
      if (!in.GetString(field) || !in.GetString(value)) return false;
      group.values.emplace_back(std::move(field), std::move(value));
    }
    int64_t suppressed_until = 0;
    uint8_t suppressing = 0;
    uint32_t entry_count = 0;
    if (!in.Get(suppressed_until) || !in.Get(suppressing) || !in.Get(group.suppressed) ||
        !in.GetCount(entry_count, kEntryBytes)) {
      return false;
    }
    group.suppressed_until = TimePoint(Duration(suppressed_until));
    group.suppressing = suppressing != 0;
    for (uint32_t e = 0; e < entry_count; ++e) {
      SlidingWindow::Entry entry;
      int64_t time = 0;
      uint8_t starts_event = 0;
      if (!in.Get(time) || !in.Get(entry.value) || !in.Get(entry.key) ||
          !in.Get(entry.source.origin) || !in.Get(entry.source.partition) ||
          !in.Get(entry.source.offset) || !in.Get(entry.source.index) || !in.Get(starts_event)) {
        return false;
      }
      if (entry.source.origin >= origin_ids.size()) return false;
      entry.source.origin = origin_ids[entry.source.origin];
      entry.time = TimePoint(Duration(time));
      entry.starts_event = starts_event != 0;
      // Entries were saved in time order: adding them again rebuilds the sum, the event
      // count and the distinct values exactly.
      group.window.Add(entry);
    }
    if (groups_.size() >= limits_.max_groups) {
      ++overflow_total_;
      continue;
    }
    groups_.insert_or_assign(std::move(key), std::move(group));
  }
  return true;
}

}  // namespace leakhound
