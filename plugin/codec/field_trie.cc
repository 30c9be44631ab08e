#include "codec/field_trie.h"

#include <cstring>

namespace leakhound {

Result<FieldTrie> FieldTrie::Build(const FieldMap& map) {
  FieldTrie trie;
  trie.nodes_.emplace_back();  // the root
  for (size_t field = 0; field < kInputFieldCount; ++field) {
    const std::vector<std::string>& pointers = map.pointers[field];
    for (size_t priority = 0; priority < pointers.size(); ++priority) {
      Result<std::vector<std::string>> tokens = ParseJsonPointer(pointers[priority]);
      if (!tokens.ok()) return tokens.status();
      uint32_t node = kRoot;
      for (const std::string& token : *tokens) {
        if (token.find_first_of("\"\\") != std::string::npos) {
          return InvalidArgument("pointer " + pointers[priority] +
                                 " names a key with a quote or a backslash, which leakhound "
                                 "does not support");
        }
        if (trie.nodes_[node].leaf()) {
          return InvalidArgument("pointer " + pointers[priority] + " goes inside " +
                                 trie.nodes_[node].pointer + ", which is already a field");
        }
        int child = trie.ChildSlow(node, token);
        if (child < 0) {
          child = static_cast<int>(trie.nodes_.size());
          trie.nodes_[node].children.push_back(static_cast<uint32_t>(child));
          Node next;
          next.key = token;
          trie.nodes_.push_back(std::move(next));
        }
        node = static_cast<uint32_t>(child);
      }
      Node& leaf = trie.nodes_[node];
      if (leaf.leaf() || !leaf.children.empty() || node == kRoot) {
        return InvalidArgument("pointer " + pointers[priority] + " (for " +
                               std::string(InputFieldName(static_cast<InputField>(field))) +
                               ") overlaps another pointer");
      }
      leaf.field = static_cast<int>(field);
      leaf.priority = static_cast<int>(priority);
      leaf.pointer = pointers[priority];
    }
  }
  trie.IndexChildKeys();
  return trie;
}

void FieldTrie::IndexChildKeys() {
  lookups_.assign(nodes_.size(), {});
  for (size_t parent = 0; parent < nodes_.size(); ++parent) {
    for (uint32_t child : nodes_[parent].children) {
      const std::string& key = nodes_[child].key;
      // The empty key ("/a//b") is found by ChildSlow only; callers check for it.
      if (key.empty()) continue;
      ChildKey lookup;
      lookup.size = static_cast<uint32_t>(key.size());
      lookup.node = child;
      char bytes[16] = {};
      char ones[16] = {};
      for (size_t i = 0; i < key.size() && i < 16; ++i) {
        bytes[i] = key[i];
        ones[i] = static_cast<char>(0xff);
      }
      std::memcpy(lookup.words, bytes, sizeof bytes);
      std::memcpy(lookup.masks, ones, sizeof ones);
      lookups_[parent].push_back(lookup);
    }
  }
  tables_.assign(nodes_.size(), {});
  for (size_t parent = 0; parent < nodes_.size(); ++parent) {
    if (lookups_[parent].empty()) continue;
    ChildTable& table = tables_[parent];
    size_t capacity = 4;
    while (capacity < 2 * lookups_[parent].size()) capacity *= 2;
    table.slots.assign(capacity, ChildKey{});
    table.mask = static_cast<uint32_t>(capacity - 1);
    for (const ChildKey& child : lookups_[parent]) {
      uint32_t at = KeyHash(nodes_[child.node].key) & table.mask;
      while (table.slots[at].size != 0) at = (at + 1) & table.mask;
      table.slots[at] = child;
    }
  }
}

uint32_t FieldTrie::KeyHash(std::string_view key) {
  const uint32_t mixed = static_cast<uint32_t>(key.size()) |
                         static_cast<uint32_t>(static_cast<unsigned char>(key.front())) << 8 |
                         static_cast<uint32_t>(static_cast<unsigned char>(key.back())) << 16;
  return (mixed * 0x9e3779b1u) >> 16;
}

bool FieldTrie::KeyMatches(const ChildKey& child, const char* text) const {
  uint64_t read[2];
  std::memcpy(read, text, sizeof read);
  if (((read[0] ^ child.words[0]) & child.masks[0]) != 0 ||
      ((read[1] ^ child.words[1]) & child.masks[1]) != 0) {
    return false;
  }
  // A byte loop, which stops at the first difference: the record's key may be shorter.
  const std::string& key = nodes_[child.node].key;
  for (size_t i = 16; i < key.size(); ++i) {
    if (text[i] != key[i]) return false;
  }
  return true;
}

int FieldTrie::Child(uint32_t node, std::string_view key) const {
  if (key.empty()) return ChildSlow(node, key);
  const ChildTable& table = tables_[node];
  if (table.slots.empty()) return -1;
  for (uint32_t at = KeyHash(key) & table.mask;; at = (at + 1) & table.mask) {
    const ChildKey& child = table.slots[at];
    if (child.size == 0) return -1;
    if (child.size == key.size() && KeyMatches(child, key.data())) {
      return static_cast<int>(child.node);
    }
  }
}

int FieldTrie::ChildOfQuotedKey(uint32_t node, const char* text) const {
  if (text[0] == '"') return ChildSlow(node, std::string_view());
  // Pointer tokens hold no '"' (Build checks), so equal bytes followed by the closing
  // quote are the same key. The bytes are compared first: a mismatch stops inside the
  // record's own key, so nothing past the record's padding is read.
  for (const ChildKey& child : lookups_[node]) {
    if (KeyMatches(child, text) && text[child.size] == '"') return static_cast<int>(child.node);
  }
  return -1;
}

int FieldTrie::ChildSlow(uint32_t node, std::string_view key) const {
  for (uint32_t child : nodes_[node].children) {
    if (nodes_[child].key == key) return static_cast<int>(child);
  }
  return -1;
}

}  // namespace leakhound
