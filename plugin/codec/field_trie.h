// FieldTrie: a FieldMap's JSON pointers compiled into a trie of object keys, so that one
// walk over a record visits only the keys on some pointer and skips everything else
// unparsed. A leaf names the input field it fills and the pointer's priority among that
// field's candidates (the first present wins).
//
// Thread-safety: immutable once built; shared by the decoder's two walkers (the fast flat
// walk and simdjson On-Demand).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "codec/field_map.h"
#include "core/result.h"

namespace leakhound {

class FieldTrie {
 public:
  struct Node {
    std::string key;
    std::vector<uint32_t> children;
    int field = -1;       // InputField index, for leaves
    int priority = 0;     // position of the pointer among the field's candidates
    std::string pointer;  // the pointer as written, for messages

    bool leaf() const { return field >= 0; }
  };
  static constexpr uint32_t kRoot = 0;

  // Fails if a pointer is malformed, names a key with a quote or a backslash, or one
  // pointer is a prefix of another.
  static Result<FieldTrie> Build(const FieldMap& map);

  const Node& node(uint32_t index) const { return nodes_[index]; }
  size_t size() const { return nodes_.size(); }

  // The child of `node` named `key`, or -1. REQUIRES: 16 bytes are readable at key.data()
  // (the record's padding guarantees it); nothing past key.size() is compared.
  int Child(uint32_t node, std::string_view key) const;
  // The same for a key in a record given by its first byte after the opening quote, whose
  // length is not known yet: it ends at the next '"'. REQUIRES: the key holds no escape and
  // 16 bytes are readable at `text`.
  int ChildOfQuotedKey(uint32_t node, const char* text) const;
  // The same for any key, by plain comparison (escaped keys, array indexes).
  int ChildSlow(uint32_t node, std::string_view key) const;

 private:
  // A child laid out for the lookup: its key's first 16 bytes are compared as two masked
  // 8-byte words without touching the child node (only a longer key's tail is read there).
  struct ChildKey {
    uint32_t size = 0;
    uint32_t node = 0;
    uint64_t words[2] = {0, 0};  // the key's first 16 bytes, zero-filled
    uint64_t masks[2] = {0, 0};  // ones over the key's bytes among those 16
  };
  // Whether the bytes at `text` start with `child`'s key.
  bool KeyMatches(const ChildKey& child, const char* text) const;

  // A node's children with a non-empty key, hashed by length, first and last byte into an
  // open-addressed table at most half full (a slot of size 0 is empty).
  struct ChildTable {
    std::vector<ChildKey> slots;
    uint32_t mask = 0;
  };
  static uint32_t KeyHash(std::string_view key);

  FieldTrie() = default;
  void IndexChildKeys();

  std::vector<Node> nodes_;                     // nodes_[kRoot] is the root
  std::vector<std::vector<ChildKey>> lookups_;  // per node, its children with a non-empty key
  std::vector<ChildTable> tables_;              // per node, the same children hashed
};

}  // namespace leakhound
