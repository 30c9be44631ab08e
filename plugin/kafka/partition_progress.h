// PartitionProgress: how far one input partition may be committed.
//
// At-least-once means an offset is committed only when every record before it has been
// processed and everything those records produced (detections, dead letters) has been
// acknowledged by the broker, and the window state the engine held at that point is safe
// in a snapshot. So the progress of a partition is: the records consumed and not yet done
// (processed, with a count of outputs still in flight), and the checkpoints taken (the
// offset the engine had reached, and whether its state snapshot has been acknowledged).
// The committable point is the newest checkpoint that is complete and has no unfinished
// record before it.
//
// No librdkafka here: the consumer thread calls Consumed(), workers Processed() and
// AddCheckpoint(), the producer's delivery reports Delivered() and CheckpointStored().
//
// Thread-safety: every method locks; safe from any thread.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <span>
#include <string>

namespace leakhound {

class PartitionProgress {
 public:
  // A point the partition may be committed at: records before `offset` are done once
  // `pending_outputs` is zero, and `metadata` (the snapshot reference) goes with the commit.
  struct Commit {
    int64_t offset = 0;
    std::string metadata;
  };

  // The consumer handed the records at `offsets` to a worker. Offsets only grow.
  void Consumed(std::span<const int64_t> offsets);
  // The worker finished a record and produced `outputs` records for it, whose deliveries
  // will each call Delivered(offset).
  struct Finished {
    int64_t offset = 0;
    int outputs = 0;
  };
  void Processed(std::span<const Finished> records);
  void Delivered(int64_t offset);

  // The worker checkpointed at `offset` (every record before it processed). `snapshot_parts`
  // state records are in flight; each acknowledgement calls CheckpointStored(id). Returns
  // the checkpoint's id. With no parts the checkpoint is complete at once.
  uint64_t AddCheckpoint(int64_t offset, int snapshot_parts, std::string metadata);
  // A part was stored. The metadata of a snapshot names where its first part landed, which
  // only that part's delivery report tells: it passes the final metadata here.
  void CheckpointStored(uint64_t id, std::optional<std::string> metadata = std::nullopt);
  // A snapshot part could not be stored: the checkpoint is abandoned (an older one, or the
  // next, is committed instead).
  void CheckpointFailed(uint64_t id);

  // The newest complete checkpoint not yet committed that no unfinished record precedes,
  // with every older checkpoint dropped; nullopt when there is none.
  std::optional<Commit> TakeCommittable();

  // Whether every consumed record is done and every checkpoint complete or abandoned.
  bool Idle() const;
  // Consumed records not done yet.
  size_t in_flight() const;
  // The next offset to consume (one past the last consumed), or -1 before the first.
  int64_t position() const;

 private:
  struct Record {
    int64_t offset = 0;
    int pending = 0;  // outputs not yet delivered
    bool processed = false;
  };
  struct Checkpoint {
    uint64_t id = 0;
    int64_t offset = 0;
    int pending = 0;  // snapshot parts not yet stored
    bool failed = false;
    std::string metadata;
  };

  // The record entry for `offset`, or nullptr (already done and dropped).
  Record* Find(int64_t offset);
  // Drops finished records from the front.
  void Trim();
  // The first offset that is not done: the oldest unfinished record, or one past the last
  // consumed.
  int64_t FirstUnfinished() const;

  mutable std::mutex mutex_;
  std::deque<Record> records_;          // by offset, ascending
  std::deque<Checkpoint> checkpoints_;  // by offset, ascending
  int64_t position_ = -1;
  uint64_t next_checkpoint_ = 1;
};

}  // namespace leakhound
