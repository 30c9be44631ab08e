#include "kafka/partition_progress.h"

#include <algorithm>

namespace leakhound {

PartitionProgress::Record* PartitionProgress::Find(int64_t offset) {
  // Records finish in order, so the one asked for is nearly always the oldest.
  if (!records_.empty() && records_.front().offset == offset) return &records_.front();
  const auto it =
      std::lower_bound(records_.begin(), records_.end(), offset,
                       [](const Record& record, int64_t o) { return record.offset < o; });
  return it != records_.end() && it->offset == offset ? &*it : nullptr;
}

void PartitionProgress::Trim() {
  while (!records_.empty() && records_.front().processed && records_.front().pending <= 0) {
    records_.pop_front();
  }
}

int64_t PartitionProgress::FirstUnfinished() const {
  return records_.empty() ? position_ : records_.front().offset;
}

void PartitionProgress::Consumed(std::span<const int64_t> offsets) {
  if (offsets.empty()) return;
  std::lock_guard lock(mutex_);
  for (const int64_t offset : offsets) records_.push_back({offset, 0, false});
  position_ = offsets.back() + 1;
}

void PartitionProgress::Processed(std::span<const Finished> records) {
  std::lock_guard lock(mutex_);
  for (const Finished& finished : records) {
    if (Record* record = Find(finished.offset)) {
      // Deliveries may have come back before this call: pending can be below zero here.
      record->pending += finished.outputs;
      record->processed = true;
    }
    Trim();  // keeps the next one at the front, where Find() looks first
  }
}

void PartitionProgress::Delivered(int64_t offset) {
  std::lock_guard lock(mutex_);
  if (Record* record = Find(offset)) --record->pending;
  Trim();
}

uint64_t PartitionProgress::AddCheckpoint(int64_t offset, int snapshot_parts,
                                          std::string metadata) {
  std::lock_guard lock(mutex_);
  const uint64_t id = next_checkpoint_++;
  checkpoints_.push_back({id, offset, snapshot_parts, false, std::move(metadata)});
  return id;
}

void PartitionProgress::CheckpointStored(uint64_t id, std::optional<std::string> metadata) {
  std::lock_guard lock(mutex_);
  for (Checkpoint& checkpoint : checkpoints_) {
    if (checkpoint.id != id) continue;
    --checkpoint.pending;
    if (metadata) checkpoint.metadata = std::move(*metadata);
  }
}

void PartitionProgress::CheckpointFailed(uint64_t id) {
  std::lock_guard lock(mutex_);
  for (Checkpoint& checkpoint : checkpoints_) {
    if (checkpoint.id == id) checkpoint.failed = true;
  }
}

std::optional<PartitionProgress::Commit> PartitionProgress::TakeCommittable() {
  std::lock_guard lock(mutex_);
  const int64_t first_unfinished = FirstUnfinished();
  std::optional<size_t> newest;
  for (size_t i = 0; i < checkpoints_.size(); ++i) {
    const Checkpoint& checkpoint = checkpoints_[i];
    if (checkpoint.offset > first_unfinished) break;  // a record before it is still open
    if (!checkpoint.failed && checkpoint.pending <= 0) newest = i;
  }
  if (!newest) return std::nullopt;
  Commit commit{checkpoints_[*newest].offset, std::move(checkpoints_[*newest].metadata)};
  checkpoints_.erase(checkpoints_.begin(), checkpoints_.begin() + static_cast<long>(*newest) + 1);
  return commit;
}

bool PartitionProgress::Idle() const {
  std::lock_guard lock(mutex_);
  if (!records_.empty()) return false;
  return std::all_of(checkpoints_.begin(), checkpoints_.end(), [](const Checkpoint& checkpoint) {
    return checkpoint.failed || checkpoint.pending <= 0;
  });
}

size_t PartitionProgress::in_flight() const {
  std::lock_guard lock(mutex_);
  return records_.size();
}

int64_t PartitionProgress::position() const {
  std::lock_guard lock(mutex_);
  return position_;
}

}  // namespace leakhound
