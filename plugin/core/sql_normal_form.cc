#include "core/sql_normal_form.h"

#include <array>
#include <cstdint>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace leakhound {
namespace {

// Per byte: 0 nothing to check, 1 normalization changes it wherever it is (tab, newline,
// quote, bracket), 2 it matters next to its neighbour (a space in "  ", '-' in "--", '*'
// in "/*").
constexpr std::array<uint8_t, 256> MakeNormalFormClasses() {
  std::array<uint8_t, 256> classes{};
  for (int c : {'\t', '\n', '\r', '\f', '\v', '"', '`', '['}) classes[static_cast<size_t>(c)] = 1;
  for (int c : {' ', '-', '*'}) classes[static_cast<size_t>(c)] = 2;
  return classes;
}
constexpr std::array<uint8_t, 256> kNormalFormClasses = MakeNormalFormClasses();

}  // namespace

bool IsInNormalForm(std::string_view statement) {
  const size_t n = statement.size();
  if (n == 0) return true;
  if (statement.front() == ' ' || statement.back() == ' ') return false;
  const auto* bytes = reinterpret_cast<const unsigned char*>(statement.data());
  if (kNormalFormClasses[bytes[0]] == 1) return false;
  size_t i = 1;  // byte 0 is neither a space nor the end of a pair
#if defined(__SSE2__)
  // 16 bytes at a time: any tab, newline, quote or bracket, then the pairs "  ", "--" and
  // "/*" (each byte compared with its predecessor, read one byte back). Every statement
  // is checked, so this loop is on the hot path. \t \n \v \f \r are the bytes 0x09-0x0d:
  // v is one of them iff clamping it into that range leaves it unchanged (three operations
  // for five compares).
  const __m128i tab = _mm_set1_epi8('\t'), carriage = _mm_set1_epi8('\r');
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backtick = _mm_set1_epi8('`'), bracket = _mm_set1_epi8('[');
  const __m128i space = _mm_set1_epi8(' '), dash = _mm_set1_epi8('-');
  const __m128i star = _mm_set1_epi8('*'), slash = _mm_set1_epi8('/');
  const auto block_ok = [&](const unsigned char* at) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    const __m128i before = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at - 1));
    const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(_mm_min_epu8(v, carriage), tab), v);
    __m128i bad = _mm_or_si128(control, _mm_cmpeq_epi8(v, quote));
    bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(v, backtick), _mm_cmpeq_epi8(v, bracket)));
    const __m128i same = _mm_cmpeq_epi8(v, before);
    const __m128i doubled =
        _mm_and_si128(same, _mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, dash)));
    const __m128i comment = _mm_and_si128(_mm_cmpeq_epi8(v, star), _mm_cmpeq_epi8(before, slash));
    bad = _mm_or_si128(bad, _mm_or_si128(doubled, comment));
    return _mm_movemask_epi8(bad) == 0;
  };
  if (n >= 17) {
    // Blocks from byte 1 on; the last one ends at the last byte, overlapping the block before
    // it (bytes checked twice give the same answer), so no byte-by-byte tail is left.
    for (size_t block = 1;; block += 16) {
      if (block > n - 16) block = n - 16;
      if (!block_ok(bytes + block)) return false;
      if (block == n - 16) return true;
    }
  }
#endif
  for (; i < n; ++i) {
    const uint8_t kind = kNormalFormClasses[bytes[i]];
    if (kind == 0) continue;
    if (kind == 1) return false;
    const unsigned char c = bytes[i];
    const unsigned char previous = bytes[i - 1];
    if ((c == previous && c != '*') || (c == '*' && previous == '/')) return false;
  }
  return true;
}

}  // namespace leakhound
