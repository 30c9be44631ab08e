// IsInNormalForm: whether a statement can be scanned by caseless patterns as it is, without
// running the SQL analyzer to normalize it first.
//
// Thread-safety: a pure function.
#pragma once

#include <string_view>

namespace leakhound {

// True when `statement` is already in the analyzer's normal form, in both dialects'
// readings, but for ASCII case: no comment (nor a '#', which opens one in MySQL), quoted
// identifier, tab, newline, run of spaces or leading/trailing space. Conservative: a "--",
// a '#' or two spaces inside a string literal also answer false.
bool IsInNormalForm(std::string_view statement);

// The ways IsInNormalForm can go, every one with the same answer: byte by byte, or 16 or
// 32 bytes a step (SSE2, AVX2; IsInNormalForm takes the widest the CPU has). Exposed so
// that tests run each path whatever the machine. An unavailable path falls back to a
// narrower one.
enum class NormalFormPath { kBytes, kSse2, kAvx2 };
bool NormalFormPathAvailable(NormalFormPath path);
bool IsInNormalForm(std::string_view statement, NormalFormPath path);

}  // namespace leakhound
