#include "core/time.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace leakhound {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::seconds;

TimePoint Utc(int year, unsigned month, unsigned day, int hour = 0, int minute = 0, int second = 0,
              int64_t micros = 0) {
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                         std::chrono::day(day)};
  return TimePoint(std::chrono::sys_days(date)) + hours(hour) + minutes(minute) + seconds(second) +
         microseconds(micros);
}

// 2026-01-31T23:59:59Z, a Saturday.
constexpr int64_t kEpochSeconds = 1769903999;

TEST(ParseTimestampTest, ZuluSuffix) {
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:59Z"), Utc(2026, 1, 31, 23, 59, 59));
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:59z"), Utc(2026, 1, 31, 23, 59, 59));
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:59Z")->time_since_epoch(), seconds(kEpochSeconds));
}

TEST(ParseTimestampTest, NamedUtcZones) {
  EXPECT_EQ(ParseTimestamp("2026-01-31 23:59:59 UTC"), Utc(2026, 1, 31, 23, 59, 59));
  EXPECT_EQ(ParseTimestamp("2026-01-31 23:59:59.123 GMT"), Utc(2026, 1, 31, 23, 59, 59, 123000));
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:59UTC"), Utc(2026, 1, 31, 23, 59, 59));
}

TEST(ParseTimestampTest, MissingZoneMeansUtc) {
  EXPECT_EQ(ParseTimestamp("2026-01-31 23:59:59"), Utc(2026, 1, 31, 23, 59, 59));
  EXPECT_EQ(ParseTimestamp("2026-01-31t08:00:00"), Utc(2026, 1, 31, 8));
}

TEST(ParseTimestampTest, NumericOffsetsInAllThreeSpellings) {
  const TimePoint expected = Utc(2026, 1, 31, 21, 59, 59);
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:59+02:00"), expected);
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:59+0200"), expected);
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:59+02"), expected);
  EXPECT_EQ(ParseTimestamp("2026-01-31 23:59:59 +02:00"), expected);
}

TEST(ParseTimestampTest, NegativeAndHalfHourOffsets) {
  EXPECT_EQ(ParseTimestamp("2026-01-31T20:00:00-05:00"), Utc(2026, 2, 1, 1));
  EXPECT_EQ(ParseTimestamp("2026-01-31T12:00:00+05:30"), Utc(2026, 1, 31, 6, 30));
  EXPECT_EQ(ParseTimestamp("2026-01-31T12:00:00-0930"), Utc(2026, 1, 31, 21, 30));
  EXPECT_EQ(ParseTimestamp("2026-01-01T01:00:00+02"), Utc(2025, 12, 31, 23));
}

TEST(ParseTimestampTest, ZeroOffsetWithMicroseconds) {
  EXPECT_EQ(ParseTimestamp("2026-01-31 23:59:59.123456+00"), Utc(2026, 1, 31, 23, 59, 59, 123456));
}

TEST(ParseTimestampTest, Fractions) {
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:59.5Z"), Utc(2026, 1, 31, 23, 59, 59, 500000));
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:59.000001Z"), Utc(2026, 1, 31, 23, 59, 59, 1));
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:59,25Z"), Utc(2026, 1, 31, 23, 59, 59, 250000));
}

TEST(ParseTimestampTest, FractionsBeyondMicrosecondsAreTruncated) {
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:59.123456789Z"), Utc(2026, 1, 31, 23, 59, 59, 123456));
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:59.9999999Z"), Utc(2026, 1, 31, 23, 59, 59, 999999));
}

TEST(ParseTimestampTest, DateOnlyIsMidnight) {
  EXPECT_EQ(ParseTimestamp("2026-01-31"), Utc(2026, 1, 31));
  EXPECT_EQ(ParseTimestamp("1970-01-01")->time_since_epoch(), microseconds(0));
}

TEST(ParseTimestampTest, LeapDay) {
  EXPECT_EQ(ParseTimestamp("2024-02-29T00:00:00Z"), Utc(2024, 2, 29));
  EXPECT_EQ(ParseTimestamp("2026-02-29"), std::nullopt);
}

TEST(ParseTimestampTest, UnambiguousZoneAbbreviations) {
  // What PostgreSQL's csvlog writes for a server in New York in summer, and in Berlin.
  EXPECT_EQ(ParseTimestamp("2025-04-21 03:27:13.543 EDT"),
            ParseTimestamp("2025-04-21T07:27:13.543Z"));
  EXPECT_EQ(ParseTimestamp("2025-07-01 12:00:00 CEST"), ParseTimestamp("2025-07-01T10:00:00Z"));
  EXPECT_EQ(ParseTimestamp("2025-01-01 12:00:00 ACST"), ParseTimestamp("2025-01-01T02:30:00Z"));
}

TEST(DurationFromSecondsTest, RefusesWhatNoStatementTakes) {
  EXPECT_EQ(DurationFromSeconds(0.003464), Duration(3464));
  EXPECT_EQ(DurationFromSeconds(999999999999999.0), std::nullopt);  // a fuzzer's find
  EXPECT_EQ(DurationFromSeconds(-1), std::nullopt);
  EXPECT_EQ(DurationFromSeconds(std::nan("")), std::nullopt);
}

TEST(ParseMySqlLegacyTimestampTest, TwoDigitYearsAndOneDigitHours) {
  EXPECT_EQ(ParseMySqlLegacyTimestamp("061226 15:42:36"), ParseTimestamp("2006-12-26T15:42:36Z"));
  EXPECT_EQ(ParseMySqlLegacyTimestamp("100211  0:55:24"), ParseTimestamp("2010-02-11T00:55:24Z"));
  EXPECT_EQ(ParseMySqlLegacyTimestamp("071218 11:48:27 # User@Host: x"),
            ParseTimestamp("2007-12-18T11:48:27Z"));
  EXPECT_EQ(ParseMySqlLegacyTimestamp("2006-12-26 15:42:36"), std::nullopt);
  EXPECT_EQ(ParseMySqlLegacyTimestamp("061226"), std::nullopt);
}

TEST(ParseTimestampTest, RejectsGarbage) {
  for (const char* text : {
           "",
           "garbage",
           "2026",
           "2026-01",
           "2026-1-31",
           "26-01-31",
           "2026/01/31",
           "2026-13-01",
           "2026-00-10",
           "2026-01-32",
           "2026-01-00",
           "2026-01-31T",
           "2026-01-31T23",
           "2026-01-31T23:59",
           "2026-01-31T24:00:00Z",
           "2026-01-31T23:60:00Z",
           "2026-01-31T23:59:61Z",
           "2026-01-31T23:59:59.Z",
           "2026-01-31T23:59:59Zjunk",
           "2026-01-31T23:59:59 IST",  // India, Ireland or Israel: not guessed
           "2026-01-31T23:59:59 XYZ",
           "2026-01-31T23:59:59+2",
           "2026-01-31T23:59:59+24:00",
           "2026-01-31T23:59:59+02:60",
           "2026-01-31T23:59:59+02:00:00",
           "2026-01-31X23:59:59",
           "2026-01-31 garbage",
           "x2026-01-31",
       }) {
    EXPECT_EQ(ParseTimestamp(text), std::nullopt) << text;
  }
}

TEST(FormatTimestampTest, WholeSeconds) {
  EXPECT_EQ(FormatTimestamp(Utc(2026, 1, 31, 23, 59, 59)), "2026-01-31T23:59:59Z");
  EXPECT_EQ(FormatTimestamp(TimePoint{}), "1970-01-01T00:00:00Z");
}

TEST(FormatTimestampTest, WholeMillisecondsAsThreeDigits) {
  EXPECT_EQ(FormatTimestamp(Utc(2026, 1, 31, 23, 59, 59, 123000)), "2026-01-31T23:59:59.123Z");
  EXPECT_EQ(FormatTimestamp(Utc(2026, 1, 31, 0, 0, 0, 1000)), "2026-01-31T00:00:00.001Z");
}

TEST(FormatTimestampTest, OtherSubSecondsAsSixDigits) {
  EXPECT_EQ(FormatTimestamp(Utc(2026, 1, 31, 23, 59, 59, 123456)), "2026-01-31T23:59:59.123456Z");
  EXPECT_EQ(FormatTimestamp(Utc(2026, 1, 31, 0, 0, 0, 1)), "2026-01-31T00:00:00.000001Z");
  EXPECT_EQ(FormatTimestamp(Utc(2026, 1, 31, 0, 0, 0, 1500)), "2026-01-31T00:00:00.001500Z");
}

TEST(FormatTimestampTest, BeforeTheEpoch) {
  EXPECT_EQ(FormatTimestamp(Utc(1969, 12, 31, 23, 59, 59, 500000)), "1969-12-31T23:59:59.500Z");
  EXPECT_EQ(FormatTimestamp(TimePoint(microseconds(-1))), "1969-12-31T23:59:59.999999Z");
}

TEST(FormatTimestampTest, RoundTripsThroughParse) {
  for (const TimePoint time : {Utc(2026, 1, 31, 23, 59, 59), Utc(2000, 2, 29, 12, 0, 0, 999999),
                               Utc(2026, 1, 31, 8, 0, 0, 250000), Utc(1999, 12, 31)}) {
    EXPECT_EQ(ParseTimestamp(FormatTimestamp(time)), time) << FormatTimestamp(time);
  }
}

TEST(FromEpochTest, EachUnit) {
  const TimePoint expected = Utc(2026, 1, 31, 23, 59, 59);
  EXPECT_EQ(FromEpoch(1769903999.0, EpochUnit::kSeconds), expected);
  EXPECT_EQ(FromEpoch(1769903999000.0, EpochUnit::kMilliseconds), expected);
  EXPECT_EQ(FromEpoch(1769903999000000.0, EpochUnit::kMicroseconds), expected);
  EXPECT_EQ(FromEpoch(1769903999000000000.0, EpochUnit::kNanoseconds), expected);
  EXPECT_EQ(FromEpoch(1.5, EpochUnit::kSeconds), TimePoint(microseconds(1500000)));
  EXPECT_EQ(FromEpoch(-1.0, EpochUnit::kSeconds), TimePoint(microseconds(-1000000)));
}

TEST(FromEpochTest, RejectsNonFiniteAndOutOfRange) {
  EXPECT_EQ(FromEpoch(std::numeric_limits<double>::quiet_NaN(), EpochUnit::kSeconds), std::nullopt);
  EXPECT_EQ(FromEpoch(std::numeric_limits<double>::infinity(), EpochUnit::kSeconds), std::nullopt);
  EXPECT_EQ(FromEpoch(-std::numeric_limits<double>::infinity(), EpochUnit::kMilliseconds),
            std::nullopt);
  EXPECT_EQ(FromEpoch(1e300, EpochUnit::kSeconds), std::nullopt);
  EXPECT_EQ(FromEpoch(-1e300, EpochUnit::kNanoseconds), std::nullopt);
  // Year 10000 cannot be formatted.
  EXPECT_EQ(FromEpoch(253402300800.0, EpochUnit::kSeconds), std::nullopt);
  EXPECT_NE(FromEpoch(253402300799.0, EpochUnit::kSeconds), std::nullopt);
}

TEST(FromEpochGuessingUnitTest, GuessesByMagnitude) {
  const TimePoint expected = Utc(2026, 1, 31, 23, 59, 59);
  EXPECT_EQ(FromEpochGuessingUnit(1769903999.0), expected);           // seconds
  EXPECT_EQ(FromEpochGuessingUnit(1769903999000.0), expected);        // milliseconds
  EXPECT_EQ(FromEpochGuessingUnit(1769903999000000.0), expected);     // microseconds
  EXPECT_EQ(FromEpochGuessingUnit(1769903999000000000.0), expected);  // nanoseconds
  EXPECT_EQ(FromEpochGuessingUnit(1769903999.25), expected + microseconds(250000));
  EXPECT_EQ(FromEpochGuessingUnit(0.0), TimePoint{});
}

TEST(FromEpochGuessingUnitTest, UnitBoundaries) {
  // Just below 1e11 is still seconds (year 5138); 1e11 is read as milliseconds (1973).
  EXPECT_EQ(FromEpochGuessingUnit(99999999999.0), TimePoint(seconds(99999999999)));
  EXPECT_EQ(FromEpochGuessingUnit(1e11), TimePoint(std::chrono::milliseconds(100000000000)));
  EXPECT_EQ(FromEpochGuessingUnit(1e14), TimePoint(microseconds(100000000000000)));
  EXPECT_EQ(FromEpochGuessingUnit(1e17), TimePoint(microseconds(100000000000000)));
  EXPECT_EQ(FromEpochGuessingUnit(std::numeric_limits<double>::quiet_NaN()), std::nullopt);
}

TEST(HourOfDayTest, UtcAndOffsets) {
  const TimePoint time = Utc(2026, 1, 31, 23, 59, 59);
  EXPECT_EQ(HourOfDay(time), 23);
  EXPECT_EQ(HourOfDay(time, hours(2)), 1);
  EXPECT_EQ(HourOfDay(time, -hours(5)), 18);
  EXPECT_EQ(HourOfDay(Utc(2026, 1, 31, 0, 30), -hours(1)), 23);
  EXPECT_EQ(HourOfDay(Utc(2026, 1, 31, 0, 30), minutes(30)), 1);
  EXPECT_EQ(HourOfDay(Utc(1969, 12, 31, 22, 15)), 22);
}

TEST(WeekdayTest, SundayIsZero) {
  EXPECT_EQ(Weekday(Utc(2026, 1, 31, 23, 59, 59)), 6);  // Saturday
  EXPECT_EQ(Weekday(Utc(2026, 2, 1)), 0);               // Sunday
  EXPECT_EQ(Weekday(Utc(2026, 2, 2)), 1);               // Monday
  EXPECT_EQ(Weekday(TimePoint{}), 4);                   // 1970-01-01 was a Thursday
  EXPECT_EQ(Weekday(Utc(1969, 12, 31, 12)), 3);         // Wednesday, before the epoch
}

TEST(WeekdayTest, OffsetsCrossMidnight) {
  const TimePoint saturday_late = Utc(2026, 1, 31, 23, 0);
  EXPECT_EQ(Weekday(saturday_late, hours(2)), 0);           // already Sunday east of UTC
  EXPECT_EQ(Weekday(Utc(2026, 2, 1, 1, 0), -hours(3)), 6);  // still Saturday west of UTC
}

}  // namespace
}  // namespace leakhound

namespace leakhound {
namespace {

// ParseTimestamp computes days by hand (for speed); it must agree with std::chrono on every
// valid date, leap days and century years included, and refuse the invalid ones.
TEST(TimeParseTest, DatesAgreeWithStdChrono) {
  char text[32];
  for (int year : {1, 4, 100, 400, 1600, 1899, 1900, 1970, 1999, 2000, 2024, 2100, 2400, 9999}) {
    for (int month = 1; month <= 12; ++month) {
      for (int day = 1; day <= 31; ++day) {
        std::snprintf(text, sizeof text, "%04d-%02d-%02dT00:00:00Z", year, month, day);
        const std::chrono::year_month_day date{std::chrono::year(year),
                                               std::chrono::month(static_cast<unsigned>(month)),
                                               std::chrono::day(static_cast<unsigned>(day))};
        const std::optional<TimePoint> parsed = ParseTimestamp(text);
        if (!date.ok()) {
          EXPECT_FALSE(parsed.has_value()) << text;
          continue;
        }
        ASSERT_TRUE(parsed.has_value()) << text;
        EXPECT_EQ(*parsed, TimePoint(std::chrono::sys_days(date))) << text;
      }
    }
  }
}

// The common tails (":ss.fffZ", ":ss.ffffffZ") are read by a path of their own: exact
// values, the leap second, and every near miss of their shape read as the general path
// reads it (or refused).
TEST(TimestampTest, CommonSecondsTailsReadExactly) {
  const TimePoint minute = std::chrono::sys_days(std::chrono::year(2026) / 1 / 31) +
                           std::chrono::hours(23) + std::chrono::minutes(59);
  const auto at = [&](int second, int64_t micros) {
    return minute + std::chrono::seconds(second) + Duration(micros);
  };
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:59.123Z"), at(59, 123000));
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:07.000Z"), at(7, 0));
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:59.123456Z"), at(59, 123456));
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:00.999999Z"), at(0, 999999));
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:60.000Z"), at(60, 0));  // a leap second
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:59,123Z"), at(59, 123000));
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:59.123z"), at(59, 123000));
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:59.1234Z"), at(59, 123400));
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:59.12345Z"), at(59, 123450));
  EXPECT_EQ(ParseTimestamp("2026-01-31T23:59:59.123+01:00"),
            at(59, 123000) - std::chrono::hours(1));
  for (const char* refused :
       {"2026-01-31T23:59:61.000Z", "2026-01-31T23:59:5x.123Z", "2026-01-31T23:59:59.12xZ",
        "2026-01-31T23:59:/9.123Z", "2026-01-31T23:59:59.12:Z", "2026-01-31T23:59:59:123Z",
        "2026-01-31T23:59:59.123X", "2026-01-31T23:59:59.12345xZ", "2026-01-31T23:59;59.123Z"}) {
    EXPECT_FALSE(ParseTimestamp(refused).has_value()) << refused;
  }
}

// The word-at-a-time reading of the common tails against a plain reading of what the
// general path accepts (":ss", an optional fraction after '.' or ',', spaces and an optional
// Z), for every byte value at every position of both tails: no near miss is read as a good
// tail, and no good tail is misread.
TEST(TimestampTest, CommonSecondsTailsAgreeWithAPlainReadingUnderEveryByteChange) {
  const TimePoint minute = std::chrono::sys_days(std::chrono::year(2026) / 1 / 31) +
                           std::chrono::hours(23) + std::chrono::minutes(59);
  const std::regex plain(R"(:(\d\d)(?:[.,](\d+))? *[Zz]?)");
  const auto expected = [&](const std::string& tail) -> std::optional<TimePoint> {
    std::smatch parts;
    if (!std::regex_match(tail, parts, plain)) return std::nullopt;
    const int second = std::stoi(parts[1]);
    if (second > 60) return std::nullopt;
    std::string fraction = parts[2].str().substr(0, 6);
    fraction.resize(6, '0');
    return minute + std::chrono::seconds(second) + Duration(std::stoll(fraction));
  };
  int accepted = 0;
  for (const std::string good : {":58.123Z", ":58.123456Z"}) {
    for (size_t position = 0; position < good.size(); ++position) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string tail = good;
        tail[position] = static_cast<char>(byte);
        const std::string text = "2026-01-31T23:59" + tail;
        EXPECT_EQ(ParseTimestamp(text), expected(tail)) << text;
        accepted += expected(tail).has_value();
      }
    }
  }
  // Per tail: ':' itself; six tens of seconds (x8 up to 58); ten of every other digit, and
  // a space too for the last one; '.' or ','; 'Z', 'z', ' ' or a digit for 'Z'. So the
  // plain reading is not vacuous: 63 + 93 changes are good tails.
  EXPECT_EQ(accepted, 63 + 93);
}

// The memo changes nothing: every text gives what ParseTimestamp gives, whatever was read
// before it (the same minute with other tails, garbage after a good prefix, plain dates).
TEST(TimestampParserTest, AgreesWithParseTimestampInAnyOrder) {
  const std::vector<std::string> texts = {
      "2026-01-31T23:59:59Z",      "2026-01-31T23:59:00.5Z",  "2026-01-31T23:59:59.123456+02:00",
      "2026-01-31T23:59:61Z",      "2026-01-31T23:59",        "2026-01-31T23:59:",
      "2026-01-31T23:59:59 GMT",   "2026-01-31T23:59:59junk", "2026-01-31",
      "2026-01-31T23:58:59Z",      "2026-01-31 23:59:59",     "2026-01-31t23:59:59z",
      "2026-02-30T23:59:59Z",      "2026-01-31T24:59:59Z",    "2026-01-31T23:59:59.Z",
      "2026-01-31T23:59:59-05:30", "garbage garbage garbage", "2026-01-31T23:59:59+24",
  };
  TimestampParser parser;
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i < texts.size(); ++i) {
      // A different order each round, so that every text follows several others.
      const std::string& text = texts[(i * (2 * round + 1)) % texts.size()];
      EXPECT_EQ(parser.Parse(text), ParseTimestamp(text)) << text;
    }
  }
}

}  // namespace
}  // namespace leakhound
