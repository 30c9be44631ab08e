#include "core/sql_normal_form.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace leakhound {
namespace {

// Per byte: 0 nothing to check, 1 normalization may change it wherever it is (tab,
// newline, quote, bracket, and '#', which starts a comment in MySQL's reading), 2 it
// matters next to its neighbour (a space in "  ", '-' in "--", '*'
// in "/*").
constexpr std::array<uint8_t, 256> MakeNormalFormClasses() {
  std::array<uint8_t, 256> classes{};
  for (int c : {'\t', '\n', '\r', '\f', '\v', '"', '`', '[', '#'})
    classes[static_cast<size_t>(c)] = 1;
  for (int c : {' ', '-', '*'}) classes[static_cast<size_t>(c)] = 2;
  return classes;
}
constexpr std::array<uint8_t, 256> kNormalFormClasses = MakeNormalFormClasses();

#if defined(__x86_64__)
// The SIMD check over bytes [1, n) of a statement of n >= sizeof(Vector) + 1 bytes: any tab,
// newline, quote, bracket or '#', then the pairs "  ", "--" and "/*" (each byte compared with its
// predecessor, read one byte back). Written once over GCC's generic vectors and compiled
// twice, for SSE2 and AVX2 (`Vector` of 16 and 32 bytes): every statement is checked, so
// this loop is on the hot path, and AVX2 halves its steps on the machines that have it.
// \t \n \v \f \r are the bytes 0x09-0x0d: v is one of them iff v - 0x09, wrapping, is at
// most 4 (two operations for five compares).
template <typename Vector>
[[gnu::always_inline]] inline bool BlocksInNormalForm(const unsigned char* bytes, size_t n) {
  constexpr size_t kWidth = sizeof(Vector);
  const Vector zero{};  // a scalar added to a vector is added to each of its bytes
  const Vector tab = zero + '\t', four = zero + 4, quote = zero + '"';
  const Vector backtick = zero + '`', bracket = zero + '[', hash = zero + '#';
  const Vector space = zero + ' ';
  const Vector dash = zero + '-', star = zero + '*', slash = zero + '/';
  // Blocks from byte 1 on; the last one ends at the last byte, overlapping the block before
  // it (bytes checked twice give the same answer), so no byte-by-byte tail is left.
  for (size_t block = 1;; block += kWidth) {
    if (block > n - kWidth) block = n - kWidth;
    Vector v, before;
    std::memcpy(&v, bytes + block, kWidth);
    std::memcpy(&before, bytes + block - 1, kWidth);
    const auto control = (v - tab) <= four;  // bytes wrap: below '\t' is far above 4
    const auto doubled = (v == before) & ((v == space) | (v == dash));
    const auto comment = (v == star) & (before == slash);
    const auto bad =
        control | (v == quote) | (v == backtick) | (v == bracket) | (v == hash) | doubled | comment;
    uint64_t words[kWidth / 8];
    std::memcpy(words, &bad, kWidth);
    uint64_t any = 0;
    for (uint64_t word : words) any |= word;
    if (any != 0) return false;
    if (block == n - kWidth) return true;
  }
}

typedef unsigned char Bytes16 __attribute__((vector_size(16)));
typedef unsigned char Bytes32 __attribute__((vector_size(32)));

bool BlocksInNormalFormSse2(const unsigned char* bytes, size_t n) {
  return BlocksInNormalForm<Bytes16>(bytes, n);
}

[[gnu::target("avx2")]] bool BlocksInNormalFormAvx2(const unsigned char* bytes, size_t n) {
  return BlocksInNormalForm<Bytes32>(bytes, n);
}

bool DetectAvx2() {
  __builtin_cpu_init();  // needed before __builtin_cpu_supports in a static initializer
  return __builtin_cpu_supports("avx2");
}
const bool kHasAvx2 = DetectAvx2();
#endif

}  // namespace

bool NormalFormPathAvailable(NormalFormPath path) {
  switch (path) {
    case NormalFormPath::kBytes:
      return true;
#if defined(__x86_64__)
    case NormalFormPath::kSse2:
      return true;
    case NormalFormPath::kAvx2:
      return kHasAvx2;
#else
    case NormalFormPath::kSse2:
    case NormalFormPath::kAvx2:
      return false;
#endif
  }
  return false;
}

bool IsInNormalForm(std::string_view statement, NormalFormPath path) {
  const size_t n = statement.size();
  if (n == 0) return true;
  if (statement.front() == ' ' || statement.back() == ' ') return false;
  const auto* bytes = reinterpret_cast<const unsigned char*>(statement.data());
  if (kNormalFormClasses[bytes[0]] == 1) return false;
#if defined(__x86_64__)
  if (path == NormalFormPath::kAvx2 && kHasAvx2 && n >= 33) {
    return BlocksInNormalFormAvx2(bytes, n);
  }
  if (path != NormalFormPath::kBytes && n >= 17) return BlocksInNormalFormSse2(bytes, n);
#endif
  for (size_t i = 1; i < n; ++i) {  // byte 0 is neither a space nor the end of a pair
    const uint8_t kind = kNormalFormClasses[bytes[i]];
    if (kind == 0) continue;
    if (kind == 1) return false;
    const unsigned char c = bytes[i];
    const unsigned char previous = bytes[i - 1];
    if ((c == previous && c != '*') || (c == '*' && previous == '/')) return false;
  }
  return true;
}

bool IsInNormalForm(std::string_view statement) {
  // The widest path: where the CPU (or the build) lacks it, it falls back by itself.
  return IsInNormalForm(statement, NormalFormPath::kAvx2);
}

}  // namespace leakhound
