// FlatJsonWalker: the decoder's fast path. One pass over a record that is a JSON object,
// reading the keys on the FieldTrie into FieldSlots and validating everything else it
// steps over, with no structural index built first.
//
// Why: simdjson builds a structural index of the whole record (stage 1) before On-Demand
// walks it; for the small flat records of query logs (200-500 bytes, ten fields) that fixed
// cost is most of the decode. This walker reads such a record in about a third of the
// instructions (bench/, README "Performance").
//
// It never decides that a record is bad. Anything outside the plain case (a top-level
// array, an escaped key, a lone surrogate, invalid UTF-8, a value of the wrong type, deep
// nesting, any syntax error) makes it decline, and simdjson On-Demand reads the record
// instead: errors and their messages come from one place. When it accepts a record, the
// slots hold what the On-Demand walk would have put there; the json_decoder fuzzer checks
// exactly that, record by record, against simdjson.
//
// Thread-safety: one per decoder (it owns the unescape buffer).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "codec/field_slots.h"
#include "codec/field_trie.h"

namespace leakhound {

class FlatJsonWalker {
 public:
  enum class Outcome {
    kRead,     // the record is one valid JSON object; `slots` hold its fields
    kDecline,  // let simdjson read it; `slots` hold nothing useful
  };

  // REQUIRES: kRecordPadding bytes are readable after `record` (the trie compares keys
  // sixteen bytes at a time). String views in `slots` point into `record` or into this
  // walker's buffer, valid until the next Walk().
  Outcome Walk(std::string_view record, const FieldTrie& trie, FieldSlots& slots);

  // A key of the previous record at one position of one object: records of a source repeat
  // their layout, so the i-th key of an object is first compared with the i-th key of the
  // previous record's object (one masked compare, no scan for its closing quote, no trie
  // lookup). Internal to the walk.
  //
  // What is compared is the key's token: its bytes and closing quote, and the colon when
  // it came right after the quote (as nearly every writer puts it), so that one compare
  // also steps over the colon.
  struct SeenKey {
    bool valid = false;       // false until remembered, and for a key with non-ASCII bytes
    bool with_colon = false;  // the token ends with '":', else with '"'
    uint32_t size = 0;        // of the key alone
    int child = -1;           // the trie child it named, or -1 for a key on no pointer
    uint32_t value_size = 0;  // of the string value after it, when it had one
    uint64_t words[2] = {0, 0};
    uint64_t masks[2] = {0, 0};
    std::string tail;  // the token's bytes after the first 16

    // The token's length: the bytes a match steps over.
    uint32_t token_size() const { return size + (with_colon ? 2 : 1); }
    // Whether the token starting at `key` (16 bytes readable) is this one. It may read past
    // the record's end: the first 16 bytes from the padding, the rest byte by byte up to
    // the first difference, which comes at the newline or '\0' padding after a record
    // (no token holds a control byte). The walk uses a match only if the token lies
    // inside the record.
    bool Matches(const char* key) const;
    // `colon_next`: the key's closing quote is followed by its colon.
    void Remember(std::string_view key, bool colon_next, int trie_child);
  };

 private:
  std::string unescaped_;
  const FieldTrie* trie_ = nullptr;         // the trie seen_ was filled for
  std::vector<std::vector<SeenKey>> seen_;  // per trie node, per position in the object
};

}  // namespace leakhound
