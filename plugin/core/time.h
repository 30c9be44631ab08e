// Event time: parsing the timestamp spellings that database logs use, and formatting
// RFC 3339 for output. All times are UTC microseconds since the Unix epoch.
//
// Thread-safety: pure functions, but for TimestampParser (one per thread).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leakhound {

using Duration = std::chrono::microseconds;
using TimePoint = std::chrono::sys_time<Duration>;

// Parses "2026-01-31T23:59:59Z", "2026-01-31 23:59:59.123 GMT", "2026-01-31T23:59:59+02:00",
// "2026-01-31 23:59:59.123456+00" and plain "2026-01-31" (midnight). A missing zone means
// UTC; the zone may be Z, UTC, GMT, a numeric offset (+hh, +hhmm, +hh:mm) or an unambiguous
// abbreviation such as EDT or CEST (what PostgreSQL writes for %Z). Fractions
// beyond microseconds are truncated. Returns nullopt for anything else.
std::optional<TimePoint> ParseTimestamp(std::string_view text);

// ParseTimestamp with a memo of the last "yyyy-mm-ddThh:mm" it read: consecutive records of
// a log share their minute, so most timestamps cost only their seconds, fraction and zone.
// Gives exactly what ParseTimestamp gives for every input.
//
// Thread-safety: one per thread (it holds the memo).
class TimestampParser {
 public:
  std::optional<TimePoint> Parse(std::string_view text);

 private:
  char minute_text_[16] = {};
  TimePoint minute_{};  // minute_text_ read with second zero and no zone
  bool has_minute_ = false;
};

// A duration logged as a number of seconds (MySQL's Query_time, 0.003464), or nullopt when
// it is negative, not finite or longer than a century (a corrupt record, not a statement).
std::optional<Duration> DurationFromSeconds(double seconds);

// MySQL's legacy log time, "061226 15:42:36" or "100211  0:55:24" (yymmdd, an hour of one
// or two digits; what follows a space after it is ignored), without a zone: read as UTC.
std::optional<TimePoint> ParseMySqlLegacyTimestamp(std::string_view text);

enum class EpochUnit { kSeconds, kMilliseconds, kMicroseconds, kNanoseconds };

// A numeric epoch in the given unit. Non-finite or out-of-range values give nullopt.
std::optional<TimePoint> FromEpoch(double value, EpochUnit unit);

// Guesses the unit of an epoch number by its magnitude (seconds up to 1e11, then
// milliseconds, microseconds, nanoseconds), which is unambiguous for dates after 1973.
std::optional<TimePoint> FromEpochGuessingUnit(double value);

// "2026-01-31T23:59:59Z", with ".fff" or ".ffffff" when the time has a sub-second part.
std::string FormatTimestamp(TimePoint time);

// Hour of day 0-23 and weekday 0-6 (0 = Sunday) of `time` shifted by `utc_offset`.
int HourOfDay(TimePoint time, Duration utc_offset = Duration::zero());
int Weekday(TimePoint time, Duration utc_offset = Duration::zero());

}  // namespace leakhound
