// Window and suppression lengths as rule authors write them: "30s", "10m", "1h30m", "7d".
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace leakhound {

// Accepts one or more <integer><unit> terms, units ms, s, m, h, d (e.g. "1h30m"). Zero and
// negative lengths are refused; so is anything longer than `max`.
Result<Duration> ParseDuration(std::string_view text, Duration max = std::chrono::hours(24 * 31));

// The shortest spelling ParseDuration reads back: "1h30m", "10m", "500ms".
std::string FormatDuration(Duration duration);

}  // namespace leakhound
