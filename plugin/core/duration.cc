#include "core/duration.h"

#include <cstdint>
#include <limits>

namespace leakhound {
namespace {

struct Unit {
  std::string_view suffix;
  Duration length;
};

// Longest suffix first so that "ms" is not read as "m" followed by "s".
constexpr Unit kUnits[] = {
    {"ms", std::chrono::milliseconds(1)}, {"d", std::chrono::hours(24)},
    {"h", std::chrono::hours(1)},         {"m", std::chrono::minutes(1)},
    {"s", std::chrono::seconds(1)},
};

}  // namespace

Result<Duration> ParseDuration(std::string_view text, Duration max) {
  const std::string quoted = "'" + std::string(text) + "'";
  if (text.empty()) return InvalidArgument("empty duration; write e.g. 10m, 1h or 1h30m");
  Duration total = Duration::zero();
  size_t pos = 0;
  while (pos < text.size()) {
    int64_t number = 0;
    size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (number > std::numeric_limits<int64_t>::max() / 10 / 1000000) {
        return InvalidArgument("duration " + quoted + " is too long");
      }
      number = number * 10 + (text[pos] - '0');
      ++pos;
      ++digits;
    }
    if (digits == 0) {
      return InvalidArgument("bad duration " + quoted +
                             ": expected a number followed by ms, s, m, h or d (e.g. 1h30m)");
    }
    const Unit* unit = nullptr;
    for (const Unit& candidate : kUnits) {
      if (text.substr(pos, candidate.suffix.size()) == candidate.suffix) {
        unit = &candidate;
        break;
      }
    }
    if (unit == nullptr) {
      return InvalidArgument("bad duration " + quoted + ": missing or unknown unit at '" +
                             std::string(text.substr(pos)) + "' (use ms, s, m, h or d)");
    }
    pos += unit->suffix.size();
    // Compared before multiplying: a 12-digit count of minutes, hours or days overflows
    // int64 microseconds and could wrap around to a small length that passes a later check.
    if (number > (max - total) / unit->length) {
      return InvalidArgument("duration " + quoted + " exceeds the maximum of " +
                             FormatDuration(max));
    }
    total += unit->length * number;
  }
  if (total <= Duration::zero()) return InvalidArgument("duration " + quoted + " must be positive");
  return total;
}

std::string FormatDuration(Duration duration) {
  if (duration <= Duration::zero()) return "0s";
  std::string out;
  int64_t micros = duration.count();
  constexpr int64_t kMs = 1000, kS = 1000 * kMs, kM = 60 * kS, kH = 60 * kM, kD = 24 * kH;
  for (auto [size, suffix] : {std::pair{kD, "d"}, std::pair{kH, "h"}, std::pair{kM, "m"},
                              std::pair{kS, "s"}, std::pair{kMs, "ms"}}) {
    if (micros >= size) {
      out += std::to_string(micros / size) + suffix;
      micros %= size;
    }
  }
  if (out.empty()) out = std::to_string(micros) + "us";
  return out;
}

}  // namespace leakhound
