// ExpandedPatternSize: how many positions a statement pattern unrolls to once its bounded
// repeats are written out, the quantity Hyperscan's compile time and memory follow.
//
// Why: Hyperscan compiles `(ab|cd){2000}` by writing the repeat out (1.2 s), a long run of
// optional parts such as `x*y*x*y*...` builds a dense graph (2.5 s for 800 of them), a large
// enough one fails only then with "Pattern is too large", and hs_expression_info does not see
// it coming. One typo in a rule pack (an extra zero in a bound) would stall a start or a hot
// reload, and under ASan each of those costs ten times as much. Estimating the size first
// lets the loader refuse such a pattern in microseconds, with a message that says what to
// change.
//
// The estimate: every literal, escape, class or dot counts 1; a group counts the sum of its
// alternatives; `{m}`, `{m,n}` and `{m,}` multiply what they follow by n (or m when
// unbounded); `*` and `?` double what they follow (runs of optional positions make the
// graph dense); `+` and the lazy and possessive marks add nothing. It is a cost model
// calibrated by measurement, not an exact count of what Hyperscan builds, and it never reads
// past the expression whatever its bytes.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string_view>

namespace leakhound {

// How far patterns may expand before the loader refuses them. Measured with the engine's
// flags on the 2-core reference machine: patterns just under the per-pattern default compile
// in 0.15 s at worst (`(ab|cd){250}` 0.14 s, `a(x*y*)` written out 249 times 0.15 s), where
// 2000 positions take 1.2 s and 800 optional ones 2.5 s; ten patterns at the limit compile
// together in 1.2 s. The shipped pack's 27 patterns expand to 879 positions, 122 at most.
struct PatternBudget {
  size_t per_pattern = 1000;
  size_t per_database = 100'000;  // all of a pack's patterns together
};

// Saturates at kSaturatedPatternSize rather than overflowing.
inline constexpr size_t kSaturatedPatternSize = size_t{1} << 40;
size_t ExpandedPatternSize(std::string_view expression);

}  // namespace leakhound
