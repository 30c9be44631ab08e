#include "core/sliding_window.h"

#include <algorithm>

namespace leakhound {

void SlidingWindow::Evict(const Entry& entry) {
  sum_ -= entry.value;
  if (entry.starts_event) --events_;
  const auto it = key_counts_.find(entry.key);
  if (it != key_counts_.end() && --it->second == 0) key_counts_.erase(it);
}

bool SlidingWindow::Add(const Entry& entry) {
  if (has_watermark_ && entry.time <= watermark_ - length_) {
    ++late_;
    return false;
  }
  if (!has_watermark_ || entry.time > watermark_) {
    watermark_ = entry.time;
    has_watermark_ = true;
  }
  if (entries_.empty() || entry.time >= entries_.back().time) {
    entries_.push_back(entry);
  } else {
    const auto position = std::upper_bound(
        entries_.begin(), entries_.end(), entry.time,
        [](TimePoint time, const Entry& existing) { return time < existing.time; });
    entries_.insert(position, entry);
  }
  sum_ += entry.value;
  if (entry.starts_event) ++events_;
  ++key_counts_[entry.key];

  const TimePoint horizon = watermark_ - length_;
  while (!entries_.empty() && entries_.front().time <= horizon) {
    Evict(entries_.front());
    entries_.pop_front();
  }
  while (entries_.size() > max_entries_) {
    Evict(entries_.front());
    entries_.pop_front();
    ++dropped_;
  }
  if (events_ == 0 && entries_.empty()) sum_ = 0;  // no drift once empty
  return true;
}

}  // namespace leakhound
