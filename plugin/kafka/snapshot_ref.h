// SnapshotRef: where the window-state snapshot of an input partition is kept in the state
// topic, written into the offset commit's metadata so that whoever is assigned the
// partition next (this process after a restart, another member after a rebalance) finds
// the state that goes with the committed offset.
//
//   leakhound/1 state=none                                   no window state at this offset
//   leakhound/1 state=P:O:N:B:H:ID                           N parts from offset O of state
//                                                            partition P, B bytes, FNV-1a H
//
// Thread-safety: values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leakhound {

struct SnapshotRef {
  int32_t partition = -1;  // of the state topic
  int64_t first_offset = -1;
  uint32_t parts = 0;
  uint64_t bytes = 0;
  uint64_t checksum = 0;  // Fnv1a64 of the whole snapshot
  std::string id;         // shared by the parts, in their key: "<topic>/<partition>@<offset>"

  friend bool operator==(const SnapshotRef&, const SnapshotRef&) = default;
};

// The commit metadata for a checkpoint with a snapshot, or with none.
std::string FormatCommitMetadata(const std::optional<SnapshotRef>& ref);

// What a commit's metadata says. nullopt when it is not leakhound's (empty, or written by
// another tool): the partition then starts with empty windows. An inner nullopt is
// "state=none".
std::optional<std::optional<SnapshotRef>> ParseCommitMetadata(std::string_view metadata);

}  // namespace leakhound
