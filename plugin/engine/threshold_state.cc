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

}  // namespace leakhound
