#include "core/time.h"

#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>

namespace leakhound {
namespace {

using std::chrono::days;
using std::chrono::duration_cast;
using std::chrono::floor;

// Reads exactly `count` decimal digits at `pos`, advancing it.
bool ReadDigits(std::string_view text, size_t& pos, int count, int& out) {
  if (pos + static_cast<size_t>(count) > text.size()) return false;
  int value = 0;
  for (int i = 0; i < count; ++i) {
    char c = text[pos + static_cast<size_t>(i)];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += static_cast<size_t>(count);
  out = value;
  return true;
}

bool Consume(std::string_view text, size_t& pos, char expected) {
  if (pos < text.size() && text[pos] == expected) {
    ++pos;
    return true;
  }
  return false;
}

// Zone abbreviations whose offset is unambiguous, as servers write them with %Z. Others
// (IST, CST in China, ...) mean different offsets in different places: not guessed.
constexpr std::pair<std::string_view, double> kZoneAbbreviations[] = {
    {"UT", 0},    {"WET", 0},    {"WEST", 1},  {"BST", 1},   {"CET", 1},  {"CEST", 2},
    {"MET", 1},   {"MEST", 2},   {"EET", 2},   {"EEST", 3},  {"MSK", 3},  {"EST", -5},
    {"EDT", -4},  {"CDT", -5},   {"MST", -7},  {"MDT", -6},  {"PST", -8}, {"PDT", -7},
    {"AKST", -9}, {"AKDT", -8},  {"HST", -10}, {"JST", 9},   {"KST", 9},  {"AEST", 10},
    {"AEDT", 11}, {"ACST", 9.5}, {"AWST", 8},  {"NZST", 12}, {"NZDT", 13}};

// Parses the zone designator that ends a timestamp; sets `offset` to local minus UTC.
bool ParseZone(std::string_view zone, Duration& offset) {
  offset = Duration::zero();
  if (zone.size() == 1 && (zone[0] == 'Z' || zone[0] == 'z')) return true;  // the usual case
  while (!zone.empty() && zone.front() == ' ') zone.remove_prefix(1);
  if (zone.empty() || zone == "Z" || zone == "z" || zone == "UTC" || zone == "GMT") return true;
  if (zone.front() != '+' && zone.front() != '-') {
    // PostgreSQL's csvlog and stderr write the server's zone by its abbreviation (%Z).
    for (const auto& [name, hours] : kZoneAbbreviations) {
      if (zone == name) {
        offset = std::chrono::minutes(static_cast<int>(hours * 60));
        return true;
      }
    }
    return false;
  }
  const int sign = zone.front() == '-' ? -1 : 1;
  size_t pos = 1;
  int hours = 0;
  int minutes = 0;
  if (!ReadDigits(zone, pos, 2, hours)) return false;
  Consume(zone, pos, ':');
  if (pos < zone.size() && !ReadDigits(zone, pos, 2, minutes)) return false;
  if (pos != zone.size() || hours > 23 || minutes > 59) return false;
  offset = std::chrono::hours(hours * sign) + std::chrono::minutes(minutes * sign);
  return true;
}

// Reads "yyyy-mm-dd" and then, unless the text ends there, "Thh:mm" (or "t", or " ").
// Returns that instant as written (in the timestamp's own zone) and leaves `pos` after it.
std::optional<TimePoint> ParseThroughMinute(std::string_view text, size_t& pos) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  if (!ReadDigits(text, pos, 4, year) || !Consume(text, pos, '-') ||
      !ReadDigits(text, pos, 2, month) || !Consume(text, pos, '-') ||
      !ReadDigits(text, pos, 2, day)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(year),
                                         std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return std::nullopt;
  const TimePoint midnight = std::chrono::sys_days(date);
  if (pos == text.size()) return midnight;

  if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') return std::nullopt;
  ++pos;
  if (!ReadDigits(text, pos, 2, hour) || !Consume(text, pos, ':') ||
      !ReadDigits(text, pos, 2, minute)) {
    return std::nullopt;
  }
  if (hour > 23 || minute > 59) return std::nullopt;
  return midnight + std::chrono::hours(hour) + std::chrono::minutes(minute);
}

// Eight bytes of text as one word, byte i in bits 8i to 8i + 7 (whatever the machine's
// byte order).
uint64_t LoadLittleEndian(const char* bytes) {
  uint64_t word;
  std::memcpy(&word, bytes, sizeof word);
  if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
  return word;
}

// Whether every byte of `word` under `digits` (0xff per byte to test) is '0'-'9': its high
// nibble is 3, and adding 6 to its low nibble does not carry into bit 4.
bool AllDigits(uint64_t word, uint64_t digits) {
  constexpr uint64_t kHighNibbles = 0xf0f0f0f0f0f0f0f0;
  constexpr uint64_t kThrees = 0x3030303030303030;
  constexpr uint64_t kLowNibbles = 0x0f0f0f0f0f0f0f0f;
  constexpr uint64_t kSixes = 0x0606060606060606;
  constexpr uint64_t kCarries = 0x1010101010101010;
  return (word & kHighNibbles & digits) == (kThrees & digits) &&
         (((word & kLowNibbles) + kSixes) & kCarries & digits) == 0;
}

// The value of the digit at byte `index` of `word` (AllDigits checked it).
unsigned DigitAt(uint64_t word, int index) {
  return static_cast<unsigned>(word >> (8 * index)) & 0xf;
}

// ":ss.fffZ" (kSize 8) or ":ss.ffffffZ" (kSize 11) at `tail`, the forms nearly every log
// writes: sets `micros` to the seconds and fraction it holds and returns true, or returns
// false for anything else, even a good tail of another form. Read as two words (the one at
// the start holds ":ss.", the one that ends at the end the fraction and the zone), with no
// branch per byte: this runs once a record.
template <size_t kSize>
[[gnu::always_inline]] inline bool ReadCommonTail(const char* tail, int64_t& micros) {
  static_assert(kSize == 8 || kSize == 11);
  const uint64_t head = LoadLittleEndian(tail);
  const uint64_t end = LoadLittleEndian(tail + kSize - 8);
  constexpr uint64_t kSecondDigits = 0x0000'0000'00ff'ff00;  // bytes 1 and 2 of `head`
  constexpr uint64_t kFractionDigits = kSize == 8 ? 0x00ff'ffff'0000'0000   // bytes 4-6
                                                  : 0x00ff'ffff'ffff'ff00;  // bytes 1-6
  if ((head & 0xff00'00ff) != (uint64_t{'.'} << 24 | ':') || end >> 56 != 'Z' ||
      !AllDigits(head, kSecondDigits) || !AllDigits(end, kFractionDigits)) {
    return false;
  }
  const unsigned second = DigitAt(head, 1) * 10 + DigitAt(head, 2);
  if (second > 60) return false;  // 60: a leap second
  int64_t fraction = 0;
  for (int i = kSize == 8 ? 4 : 1; i < 7; ++i) fraction = fraction * 10 + DigitAt(end, i);
  micros = int64_t{second} * 1'000'000 + (kSize == 8 ? fraction * 1000 : fraction);
  return true;
}

// ParseSecondsAndZone for every form; out of line, so that the common tails do not pay for
// the registers it needs.
[[gnu::noinline]] std::optional<TimePoint> ParseAnySecondsAndZone(std::string_view text, size_t pos,
                                                                  TimePoint minute) {
  int second = 0;
  if (!Consume(text, pos, ':') || !ReadDigits(text, pos, 2, second)) return std::nullopt;
  if (second > 60) return std::nullopt;  // 60: leap second
  int64_t micros = 0;
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 6) micros = micros * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 6; ++i) micros *= 10;
  }
  Duration offset;
  if (!ParseZone(text.substr(pos), offset)) return std::nullopt;
  return minute + std::chrono::seconds(second) + Duration(micros) - offset;
}

// The rest of a timestamp after "hh:mm": ":ss", an optional fraction and the zone, added to
// `minute` (the date, hour and minute as written).
std::optional<TimePoint> ParseSecondsAndZone(std::string_view text, size_t pos, TimePoint minute) {
  const size_t rest = text.size() - pos;
  int64_t micros = 0;
  if (rest == 8 && ReadCommonTail<8>(text.data() + pos, micros)) return minute + Duration(micros);
  if (rest == 11 && ReadCommonTail<11>(text.data() + pos, micros)) return minute + Duration(micros);
  return ParseAnySecondsAndZone(text, pos, minute);
}

// "yyyy-mm-ddThh:mm" is 16 bytes: the part TimestampParser remembers.
constexpr size_t kMinuteEnd = 16;

}  // namespace

std::optional<TimePoint> ParseTimestamp(std::string_view text) {
  size_t pos = 0;
  const std::optional<TimePoint> minute = ParseThroughMinute(text, pos);
  if (!minute || pos < kMinuteEnd) return minute;  // nullopt, or a plain date
  return ParseSecondsAndZone(text, pos, *minute);
}

std::optional<TimePoint> TimestampParser::Parse(std::string_view text) {
  if (has_minute_ && text.size() > kMinuteEnd &&
      std::memcmp(text.data(), minute_text_, kMinuteEnd) == 0) {
    return ParseSecondsAndZone(text, kMinuteEnd, minute_);
  }
  size_t pos = 0;
  const std::optional<TimePoint> minute = ParseThroughMinute(text, pos);
  if (!minute || pos < kMinuteEnd) return minute;  // nullopt, or a plain date
  // Read whole and valid up to here: the same 16 bytes always mean the same minute.
  std::memcpy(minute_text_, text.data(), kMinuteEnd);
  minute_ = *minute;
  has_minute_ = true;
  return ParseSecondsAndZone(text, pos, *minute);
}

std::optional<TimePoint> FromEpoch(double value, EpochUnit unit) {
  if (!std::isfinite(value)) return std::nullopt;
  double micros = value;
  switch (unit) {
    case EpochUnit::kSeconds:
      micros = value * 1e6;
      break;
    case EpochUnit::kMilliseconds:
      micros = value * 1e3;
      break;
    case EpochUnit::kMicroseconds:
      break;
    case EpochUnit::kNanoseconds:
      micros = value / 1e3;
      break;
  }
  // Keep well inside int64 and inside years 0..9999, which FormatTimestamp can print.
  if (micros < -62135596800e6 || micros > 253402300799e6) return std::nullopt;
  return TimePoint(Duration(static_cast<int64_t>(std::llround(micros))));
}

std::optional<TimePoint> FromEpochGuessingUnit(double value) {
  const double magnitude = std::fabs(value);
  if (magnitude < 1e11) return FromEpoch(value, EpochUnit::kSeconds);
  if (magnitude < 1e14) return FromEpoch(value, EpochUnit::kMilliseconds);
  if (magnitude < 1e17) return FromEpoch(value, EpochUnit::kMicroseconds);
  return FromEpoch(value, EpochUnit::kNanoseconds);
}

std::string FormatTimestamp(TimePoint time) {
  const auto day_point = floor<days>(time);
  const std::chrono::year_month_day date(day_point);
  const std::chrono::hh_mm_ss<Duration> clock(time - day_point);
  char buffer[48];
  const int year = static_cast<int>(date.year());
  const unsigned month = static_cast<unsigned>(date.month());
  const unsigned day = static_cast<unsigned>(date.day());
  const long hours = static_cast<long>(clock.hours().count());
  const long minutes = static_cast<long>(clock.minutes().count());
  const long seconds = static_cast<long>(clock.seconds().count());
  const long long micros = static_cast<long long>(clock.subseconds().count());
  if (micros == 0) {
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", year, month, day,
                  hours, minutes, seconds);
  } else if (micros % 1000 == 0) {  // milliseconds are what most logs carry
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03lldZ", year, month,
                  day, hours, minutes, seconds, micros / 1000);
  } else {
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%06lldZ", year, month,
                  day, hours, minutes, seconds, micros);
  }
  return buffer;
}

int HourOfDay(TimePoint time, Duration utc_offset) {
  const TimePoint local = time + utc_offset;
  const auto since_midnight = local - floor<days>(local);
  return static_cast<int>(duration_cast<std::chrono::hours>(since_midnight).count());
}

int Weekday(TimePoint time, Duration utc_offset) {
  const std::chrono::weekday weekday(floor<days>(time + utc_offset));
  return static_cast<int>(weekday.c_encoding());
}

std::optional<TimePoint> ParseMySqlLegacyTimestamp(std::string_view text) {
  if (text.size() < 14 || text[6] != ' ') return std::nullopt;
  std::string iso = "20";
  iso.append(text.substr(0, 2)).push_back('-');
  iso.append(text.substr(2, 2)).push_back('-');
  iso.append(text.substr(4, 2)).push_back(' ');
  std::string_view clock = text.substr(7);
  while (!clock.empty() && clock.front() == ' ') clock.remove_prefix(1);
  clock = clock.substr(0, clock.find(' '));
  if (clock.size() == 7) iso.push_back('0');  // " 0:55:24"
  iso.append(clock);
  return ParseTimestamp(iso);
}

std::optional<Duration> DurationFromSeconds(double seconds) {
  constexpr double kCentury = 100.0 * 365.25 * 86400.0;
  if (!std::isfinite(seconds) || seconds < 0 || seconds > kCentury) return std::nullopt;
  return Duration(static_cast<int64_t>(seconds * 1e6));
}

}  // namespace leakhound
