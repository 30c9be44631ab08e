#include "codec/flat_json_walker.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace leakhound {
namespace {

// Deeper records are rare and left to simdjson, which also bounds the recursion here.
constexpr int kMaxDepth = 64;

bool IsJsonSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Records are mostly written without whitespace between tokens: one compare settles that.
const char* SkipSpace(const char* p, const char* end) {
  if (p<end&& static_cast<unsigned char>(*p)> ' ') return p;
  while (p < end && IsJsonSpace(*p)) ++p;
  return p;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The first byte at or after `p` that ends a run of plain string bytes: '"', '\\' or a
// control byte (below 0x20, which JSON strings may not hold raw); `end` if none. Sets the
// high bit of `non_ascii` if a byte of 0x80 or above is among those read (or a few bytes
// after the stop): only then does the record need its UTF-8 validated.
[[gnu::always_inline]] inline const char* FindStringStop(const char* p, const char* end,
                                                         uint32_t& non_ascii) {
  // Accumulated locally and stored once: `non_ascii` may alias the bytes read, so a store
  // per step would be kept in memory.
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i last_control = _mm_set1_epi8(0x1f);
  __m128i high = _mm_setzero_si128();
  while (end - p >= 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    high = _mm_or_si128(high, bytes);
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(bytes, last_control), bytes);
    const __m128i stop = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)), control);
    const int mask = _mm_movemask_epi8(stop);
    if (mask != 0) {
      non_ascii |= static_cast<uint32_t>(_mm_movemask_epi8(high));
      return p + __builtin_ctz(static_cast<unsigned>(mask));
    }
    p += 16;
  }
  uint32_t seen = static_cast<uint32_t>(_mm_movemask_epi8(high));
#else
  uint32_t seen = 0;
#endif
  while (p < end && *p != '"' && *p != '\\' && static_cast<unsigned char>(*p) >= 0x20) {
    seen |= static_cast<unsigned char>(*p) & 0x80u;
    ++p;
  }
  non_ascii |= seen;
  return p;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The four hex digits at `p` (REQUIRES: p + 4 <= end), or -1.
int32_t ReadHex4(const char* p) {
  int32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    const int digit = HexValue(p[i]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

void AppendUtf8(uint32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xc0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xe0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  }
}

// Reads the escape at `p` (just after its backslash). Appends what it stands for to `out`
// when `out` is given, and returns the byte after it; nullptr for anything this walker
// leaves to simdjson: an unknown escape, bad hex, or a surrogate not in a proper pair.
const char* ReadEscape(const char* p, const char* end, std::string* out) {
  if (p >= end) return nullptr;
  char plain = 0;
  switch (*p) {
    case '"':
    case '\\':
    case '/':
      plain = *p;
      break;
    case 'b':
      plain = '\b';
      break;
    case 'f':
      plain = '\f';
      break;
    case 'n':
      plain = '\n';
      break;
    case 'r':
      plain = '\r';
      break;
    case 't':
      plain = '\t';
      break;
    case 'u': {
      if (end - p < 5) return nullptr;
      const int32_t unit = ReadHex4(p + 1);
      if (unit < 0 || (unit >= 0xdc00 && unit <= 0xdfff)) return nullptr;
      if (unit < 0xd800 || unit > 0xdbff) {
        if (out != nullptr) AppendUtf8(static_cast<uint32_t>(unit), *out);
        return p + 5;
      }
      // A high surrogate: a low one must follow as \uDC00-\uDFFF.
      if (end - p < 11 || p[5] != '\\' || p[6] != 'u') return nullptr;
      const int32_t low = ReadHex4(p + 7);
      if (low < 0xdc00 || low > 0xdfff) return nullptr;
      if (out != nullptr) {
        AppendUtf8(0x10000 + ((static_cast<uint32_t>(unit) - 0xd800) << 10) +
                       (static_cast<uint32_t>(low) - 0xdc00),
                   *out);
      }
      return p + 11;
    }
    default:
      return nullptr;
  }
  if (out != nullptr) *out += plain;
  return p + 1;
}

// The part of ReadString after the first escape at `p`; out of line, since most strings
// have none.
[[gnu::noinline]] const char* ReadEscapedString(const char* begin, const char* p, const char* end,
                                                std::string* buffer, std::string_view& content,
                                                uint32_t& non_ascii) {
  const size_t start = buffer != nullptr ? buffer->size() : 0;
  if (buffer != nullptr) buffer->append(begin, static_cast<size_t>(p - begin));
  while (p < end && *p == '\\') {
    p = ReadEscape(p + 1, end, buffer);
    if (p == nullptr) return nullptr;
    const char* const run = p;
    p = FindStringStop(p, end, non_ascii);
    if (buffer != nullptr) buffer->append(run, static_cast<size_t>(p - run));
  }
  if (p >= end || *p != '"') return nullptr;  // a control byte, or no closing quote
  if (buffer != nullptr) content = std::string_view(*buffer).substr(start);
  return p + 1;
}

// The string that began at `begin` and whose first stop byte (FindStringStop) is at `p`:
// sets `content` to its bytes (a view into the record when it has no escape, else
// unescaped into `buffer` when that is given) and returns the byte after the closing
// quote; nullptr to decline.
inline const char* FinishString(const char* begin, const char* p, const char* end,
                                std::string* buffer, std::string_view& content,
                                uint32_t& non_ascii) {
  if (p < end && *p == '"') {  // the usual case: no escape
    content = std::string_view(begin, static_cast<size_t>(p - begin));
    return p + 1;
  }
  // Through a local of its own: were `content` passed to the out-of-line call, it would
  // live in memory on the fast path too, written as two halves and read back whole by the
  // caller's copy, which stalls on store forwarding (perf, on the time field).
  std::string_view escaped;
  const char* const after = ReadEscapedString(begin, p, end, buffer, escaped, non_ascii);
  content = escaped;
  return after;
}

// Reads the string whose opening quote is at p[-1] (see FinishString).
inline const char* ReadString(const char* p, const char* end, std::string* buffer,
                              std::string_view& content, uint32_t& non_ascii) {
  return FinishString(p, FindStringStop(p, end, non_ascii), end, buffer, content, non_ascii);
}

// ReadString for a string expected to be `expected` bytes long, as it was at the same place
// in the previous record (a time, an address, an account name keep their size); updates
// `expected` when it was not. On a right guess the walk goes on from the guessed end while
// the search for the real one only confirms it: the next field's position then does not
// wait for that search, and a record's fields are read in parallel rather than one after
// the other.
inline const char* ReadStringExpecting(const char* p, const char* end, uint32_t& expected,
                                       std::string* buffer, std::string_view& content,
                                       uint32_t& non_ascii) {
  const char* const begin = p;
  const char* guess = begin + expected;
  p = FindStringStop(p, end, non_ascii);
  if (p == guess && p < end && *p == '"') {
    // From here on `guess` is not the search's result to the compiler either, which could
    // otherwise use the one for the other.
    asm("" : "+r"(guess));
    content = std::string_view(begin, expected);
    return guess + 1;
  }
  const char* const after = FinishString(begin, p, end, buffer, content, non_ascii);
  expected = after != nullptr ? static_cast<uint32_t>(after - begin - 1) : 0;
  return after;
}

// The end of the JSON number at `p`, or nullptr if no valid number starts there.
const char* ScanNumber(const char* p, const char* end) {
  if (p < end && *p == '-') ++p;
  if (p >= end || !IsDigit(*p)) return nullptr;
  if (*p == '0') {
    ++p;
  } else {
    while (p < end && IsDigit(*p)) ++p;
  }
  if (p < end && *p == '.') {
    ++p;
    if (p >= end || !IsDigit(*p)) return nullptr;
    while (p < end && IsDigit(*p)) ++p;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p < end && (*p == '+' || *p == '-')) ++p;
    if (p >= end || !IsDigit(*p)) return nullptr;
    while (p < end && IsDigit(*p)) ++p;
  }
  return p;
}

// Reads the JSON number at `p` in one pass, validating it as it goes: returns the byte
// after it with `value` set, or nullptr to leave it to simdjson (not a number, or one this
// walker does not read). A number of at most 15 significant digits and no exponent (row
// counts, durations) is its digits divided by a power of ten: both exact in a double, so
// the one division is correctly rounded, as simdjson would round it. The rest (an
// exponent, more digits) is simdjson's: where the exponent's range ends (0e900000,
// 1e-400) and on long fractions, from_chars and simdjson part ways, and the json_decoder
// fuzzer holds the two paths to one answer.
const char* ReadNumber(const char* p, const char* end, double& value) {
  static constexpr double kPowersOfTen[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                            1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  constexpr uint64_t kMaxDigits = 1'000'000'000'000'000;  // 10^15, the first with 16 digits
  const char* const begin = p;
  const bool negative = p < end && *p == '-';
  if (negative) ++p;
  if (p >= end || !IsDigit(*p)) return nullptr;
  uint64_t digits = 0;
  if (*p == '0') {
    ++p;  // JSON allows no other leading zero
  } else {
    for (; p < end && IsDigit(*p); ++p) digits = digits * 10 + static_cast<uint64_t>(*p - '0');
  }
  const char* const integer_end = p;
  ptrdiff_t fraction = 0;
  if (p < end && *p == '.') {
    ++p;
    const char* const fraction_begin = p;
    for (; p < end && IsDigit(*p); ++p) digits = digits * 10 + static_cast<uint64_t>(*p - '0');
    fraction = p - fraction_begin;
    if (fraction == 0) return nullptr;
  }
  if (p < end && (*p == 'e' || *p == 'E')) return nullptr;
  // `digits` holds the significant digits (leading zeros add nothing); at most 19 digits
  // read cannot have wrapped it, and an integer part of more than 15 is too many anyway.
  const ptrdiff_t read = (integer_end - begin) - (negative ? 1 : 0) + fraction;
  if (fraction > 15 || read > 19 || digits >= kMaxDigits) return nullptr;
  // A whole number (a row count) skips the division, whose latency the fields after it
  // would otherwise wait on.
  value = static_cast<double>(digits);
  if (fraction != 0) value /= kPowersOfTen[fraction];
  if (negative) value = -value;
  return p;
}

// The end of the literal at `p` if it is `word`, else nullptr.
const char* ScanLiteral(const char* p, const char* end, std::string_view word) {
  if (static_cast<size_t>(end - p) < word.size() || std::memcmp(p, word.data(), word.size()) != 0) {
    return nullptr;
  }
  return p + word.size();
}

using SeenKeys = std::vector<std::vector<FlatJsonWalker::SeenKey>>;

class ObjectWalk {
 public:
  ObjectWalk(const char* end, const FieldTrie& trie, FieldSlots& slots, std::string& buffer,
             SeenKeys& seen)
      : end_(end), trie_(trie), slots_(slots), buffer_(buffer), seen_(seen) {}

  // Whether a byte of 0x80 or above was read: every byte of an accepted record is either
  // structure, number or literal (all ASCII, checked) or inside a string (FindStringStop),
  // or a key equal to an ASCII one seen before (SeenKey remembers only those).
  bool read_non_ascii() const { return non_ascii_ != 0; }

  // Reads the object whose '{' is at `p` along trie `node`; returns the byte after its '}'.
  const char* Object(const char* p, uint32_t node, int depth) {
    if (depth > kMaxDepth) return nullptr;
    p = SkipSpace(p + 1, end_);
    if (p < end_ && *p == '}') return p + 1;
    std::vector<FlatJsonWalker::SeenKey>& seen = seen_[node];
    for (size_t position = 0;; ++position) {
      if (p >= end_ || *p != '"') return nullptr;
      const char* const key = p + 1;
      int child = -1;
      if (position < seen.size() && seen[position].Matches(key)) {
        // The same key as the previous record's, and its colon with it when it had one.
        const FlatJsonWalker::SeenKey& same = seen[position];
        child = same.child;
        p = key + same.token_size();
        if (p > end_) return nullptr;
        if (!same.with_colon) {
          p = SkipSpace(p, end_);
          if (p >= end_ || *p != ':') return nullptr;
          ++p;
        }
      } else {
        const char* const close = FindStringStop(key, end_, non_ascii_);
        if (close >= end_ || *close != '"') return nullptr;  // an escaped key: simdjson's
        const std::string_view text(key, static_cast<size_t>(close - key));
        child = trie_.Child(node, text);
        if (position >= seen.size()) seen.resize(position + 1);
        seen[position].Remember(text, close + 1 < end_ && close[1] == ':', child);
        p = SkipSpace(close + 1, end_);
        if (p >= end_ || *p != ':') return nullptr;
        ++p;
      }
      p = SkipSpace(p, end_);
      if (p >= end_) return nullptr;
      uint32_t& value_size = seen[position].value_size;
      if (child < 0) {
        if (*p == '"') {
          std::string_view ignored;
          p = ReadStringExpecting(p + 1, end_, value_size, nullptr, ignored, non_ascii_);
        } else {
          p = Skip(p, depth);
        }
      } else {
        const FieldTrie::Node& next = trie_.node(static_cast<uint32_t>(child));
        if (next.leaf()) {
          p = Leaf(p, next, depth, value_size);
        } else if (*p == '{') {
          p = Object(p, static_cast<uint32_t>(child), depth + 1);
        } else if (*p == '[') {
          return nullptr;  // a pointer through an array index: simdjson's
        } else {
          p = Skip(p, depth);  // a scalar where an object was expected: its fields are absent
        }
      }
      if (p == nullptr) return nullptr;
      // The next key right after the comma, as records are mostly written: one compare.
      if (end_ - p > 1 && p[0] == ',' && p[1] == '"') {
        ++p;
        continue;
      }
      p = SkipSpace(p, end_);
      if (p < end_ && *p == ',') {
        p = SkipSpace(p + 1, end_);
        continue;
      }
      if (p < end_ && *p == '}') return p + 1;
      return nullptr;
    }
  }

 private:
  // Reads the value at `p` for a leaf of the trie into the slots; `value_size` is the
  // size of the string there in the previous record (see ReadStringExpecting).
  const char* Leaf(const char* p, const FieldTrie::Node& leaf, int depth, uint32_t& value_size) {
    if (!slots_.Wants(leaf)) return Skip(p, depth);
    if (*p == '"') {  // the usual case: a string for a text field
      std::string_view text;
      const char* const after =
          ReadStringExpecting(p + 1, end_, value_size, &buffer_, text, non_ascii_);
      if (after == nullptr) return nullptr;
      if (slots_.SetIfText(leaf, text)) return after;
      JsonScalar value;
      value.kind = JsonScalar::Kind::kString;
      value.text = text;
      return slots_.Set(leaf, value, failure_) ? after : nullptr;
    }
    JsonScalar value;
    const char* after = nullptr;
    switch (*p) {
      case 't':
      case 'f':
        value.kind = JsonScalar::Kind::kBoolean;
        value.boolean = *p == 't';
        after = ScanLiteral(p, end_, value.boolean ? "true" : "false");
        break;
      case 'n':
        value.kind = JsonScalar::Kind::kNull;
        after = ScanLiteral(p, end_, "null");
        break;
      default: {
        value.kind = JsonScalar::Kind::kNumber;
        after = ReadNumber(p, end_, value.number);
        if (after == nullptr) return nullptr;  // an object, an array, not JSON: simdjson's
        value.text = std::string_view(p, static_cast<size_t>(after - p));
        break;
      }
    }
    if (after == nullptr) return nullptr;
    if (!slots_.Set(leaf, value, failure_)) return nullptr;  // simdjson reports it
    return after;
  }

  // Steps over the value at `p`, validating it; returns the byte after it.
  const char* Skip(const char* p, int depth) {
    std::string_view ignored;
    switch (*p) {
      case '"':
        return ReadString(p + 1, end_, nullptr, ignored, non_ascii_);
      case 't':
        return ScanLiteral(p, end_, "true");
      case 'f':
        return ScanLiteral(p, end_, "false");
      case 'n':
        return ScanLiteral(p, end_, "null");
      case '{':
      case '[':
        return Container(p, depth + 1);
      default:
        return ScanNumber(p, end_);
    }
  }

  // Steps over the object or array at `p`.
  const char* Container(const char* p, int depth) {
    if (depth > kMaxDepth) return nullptr;
    const bool object = *p == '{';
    const char close = object ? '}' : ']';
    p = SkipSpace(p + 1, end_);
    if (p < end_ && *p == close) return p + 1;
    for (;;) {
      if (object) {
        std::string_view ignored;
        if (p >= end_ || *p != '"') return nullptr;
        p = ReadString(p + 1, end_, nullptr, ignored, non_ascii_);
        if (p == nullptr) return nullptr;
        p = SkipSpace(p, end_);
        if (p >= end_ || *p != ':') return nullptr;
        p = SkipSpace(p + 1, end_);
      }
      if (p >= end_) return nullptr;
      p = Skip(p, depth);
      if (p == nullptr) return nullptr;
      p = SkipSpace(p, end_);
      if (p < end_ && *p == ',') {
        p = SkipSpace(p + 1, end_);
        continue;
      }
      if (p < end_ && *p == close) return p + 1;
      return nullptr;
    }
  }

  const char* const end_;
  const FieldTrie& trie_;
  FieldSlots& slots_;
  std::string& buffer_;
  SeenKeys& seen_;
  DecodeFailure failure_;   // only ever set when the walk declines
  uint32_t non_ascii_ = 0;  // FindStringStop's: nonzero once a byte >= 0x80 was read
};

}  // namespace

bool FlatJsonWalker::SeenKey::Matches(const char* key) const {
  if (!valid) return false;
  uint64_t read[2];
  std::memcpy(read, key, sizeof read);
  if (((read[0] ^ words[0]) & masks[0]) != 0 || ((read[1] ^ words[1]) & masks[1]) != 0) {
    return false;
  }
  // Byte by byte, stopping at the first difference: the record's key may be shorter.
  for (size_t i = 0; i < tail.size(); ++i) {
    if (key[16 + i] != tail[i]) return false;
  }
  return true;
}

void FlatJsonWalker::SeenKey::Remember(std::string_view key, bool colon_next, int trie_child) {
  // Only an ASCII key is matched from memory: the walk then reads every non-ASCII byte
  // itself, and knows to validate the record (ObjectWalk::read_non_ascii).
  valid = std::all_of(key.begin(), key.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  with_colon = colon_next;
  value_size = 0;
  size = static_cast<uint32_t>(key.size());
  child = trie_child;
  std::string token(key);
  token += with_colon ? "\":" : "\"";
  char bytes[16] = {};
  char ones[16] = {};
  for (size_t i = 0; i < token.size() && i < 16; ++i) {
    bytes[i] = token[i];
    ones[i] = static_cast<char>(0xff);
  }
  std::memcpy(words, bytes, sizeof bytes);
  std::memcpy(masks, ones, sizeof ones);
  tail.assign(token.size() > 16 ? std::string_view(token).substr(16) : std::string_view());
}

FlatJsonWalker::Outcome FlatJsonWalker::Walk(std::string_view record, const FieldTrie& trie,
                                             FieldSlots& slots) {
  const char* const end = record.data() + record.size();
  const char* p = SkipSpace(record.data(), end);
  if (p >= end || *p != '{') return Outcome::kDecline;
  // Unescaped strings are never longer than their escaped text: with this reserved, the
  // buffer does not move while views into it are handed out.
  unescaped_.clear();
  unescaped_.reserve(record.size());
  slots.Reset();
  if (trie_ != &trie) {
    trie_ = &trie;
    seen_.assign(trie.size(), {});
  }
  ObjectWalk walk(end, trie, slots, unescaped_, seen_);
  p = walk.Object(p, FieldTrie::kRoot, 0);
  if (p == nullptr || SkipSpace(p, end) != end) return Outcome::kDecline;
  // Most records are ASCII; a record with other bytes is validated whole, after the walk.
  if (walk.read_non_ascii() && !simdjson::validate_utf8(record.data(), record.size())) {
    return Outcome::kDecline;
  }
  return Outcome::kRead;
}

}  // namespace leakhound
