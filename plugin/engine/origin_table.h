// OriginTable: interns source origins (file paths, topic names) so that window state keeps
// a 4-byte id per entry instead of a string.
//
// Thread-safety: one table per worker.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/ascii.h"
#include "core/sliding_window.h"
#include "core/source_ref.h"

namespace leakhound {

class OriginTable {
 public:
  uint32_t Intern(std::string_view origin) {
    if (last_ != nullptr && *last_ == origin) return last_id_;  // records come in runs
    auto it = ids_.find(origin);
    if (it == ids_.end()) {
      it = ids_.emplace(std::string(origin), static_cast<uint32_t>(names_.size())).first;
      names_.push_back(it->first);
    }
    last_ = &it->first;
    last_id_ = it->second;
    return it->second;
  }

  PackedSourceRef Pack(const SourceRef& ref) {
    return {Intern(ref.origin), ref.partition, ref.offset, ref.index};
  }

  std::string_view Name(uint32_t id) const { return names_[id]; }
  size_t size() const { return names_.size(); }

  StoredSourceRef Unpack(const PackedSourceRef& ref) const {
    return {std::string(names_[ref.origin]), ref.partition, ref.offset, ref.index};
  }

 private:
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> ids_;
  std::vector<std::string_view> names_;  // views of the map's keys, which never move
  const std::string* last_ = nullptr;
  uint32_t last_id_ = 0;
};

}  // namespace leakhound
