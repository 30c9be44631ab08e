#include "core/duration.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace leakhound {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

Duration ParseOk(std::string_view text) {
  const Result<Duration> result = ParseDuration(text);
  EXPECT_TRUE(result.ok()) << text << ": " << result.status().ToString();
  return result.ok() ? *result : Duration(-1);
}

TEST(ParseDurationTest, SingleTerms) {
  EXPECT_EQ(ParseOk("500ms"), milliseconds(500));
  EXPECT_EQ(ParseOk("30s"), seconds(30));
  EXPECT_EQ(ParseOk("10m"), minutes(10));
  EXPECT_EQ(ParseOk("2h"), hours(2));
  EXPECT_EQ(ParseOk("7d"), hours(24 * 7));
}

TEST(ParseDurationTest, CompoundTerms) {
  EXPECT_EQ(ParseOk("1h30m"), minutes(90));
  EXPECT_EQ(ParseOk("1d12h"), hours(36));
  EXPECT_EQ(ParseOk("1m30s250ms"), milliseconds(90250));
  EXPECT_EQ(ParseOk("30m1h"), minutes(90));  // order is not enforced
}

TEST(ParseDurationTest, MillisecondsAreNotMinutesThenSeconds) {
  EXPECT_EQ(ParseOk("1ms"), milliseconds(1));
  EXPECT_EQ(ParseOk("5m5s"), seconds(305));
}

TEST(ParseDurationTest, ZeroTermsAreAllowedInsideAPositiveTotal) {
  EXPECT_EQ(ParseOk("1h0m"), hours(1));
}

TEST(ParseDurationTest, ExactlyTheMaximumIsAccepted) {
  EXPECT_EQ(ParseOk("31d"), hours(24 * 31));
  const Result<Duration> custom = ParseDuration("1h", hours(1));
  ASSERT_TRUE(custom.ok());
  EXPECT_EQ(*custom, hours(1));
}

void ExpectInvalid(std::string_view text, std::string_view fragment,
                   Duration max = hours(24 * 31)) {
  const Result<Duration> result = ParseDuration(text, max);
  ASSERT_FALSE(result.ok()) << "'" << text << "' parsed as " << result->count() << "us";
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument) << text;
  EXPECT_NE(result.status().message().find(fragment), std::string::npos)
      << text << ": " << result.status().message();
}

TEST(ParseDurationTest, RejectsEmpty) { ExpectInvalid("", "empty duration"); }

TEST(ParseDurationTest, RejectsMissingUnit) {
  ExpectInvalid("10", "missing or unknown unit");
  ExpectInvalid("1h30", "missing or unknown unit at ''");
}

TEST(ParseDurationTest, RejectsUnknownUnit) {
  ExpectInvalid("5x", "missing or unknown unit at 'x'");
  ExpectInvalid("5 m", "missing or unknown unit");
  ExpectInvalid("5M", "missing or unknown unit");
  ExpectInvalid("5w", "missing or unknown unit");
  ExpectInvalid("5us", "missing or unknown unit");
  ExpectInvalid("1.5h", "missing or unknown unit at '.5h'");
}

TEST(ParseDurationTest, RejectsMissingNumber) {
  ExpectInvalid("m", "expected a number");
  ExpectInvalid("1hm", "expected a number");
  ExpectInvalid("-5m", "expected a number");
  ExpectInvalid(" 5m", "expected a number");
}

TEST(ParseDurationTest, RejectsZero) {
  ExpectInvalid("0s", "must be positive");
  ExpectInvalid("0ms", "must be positive");
  ExpectInvalid("0h0m", "must be positive");
}

TEST(ParseDurationTest, RejectsBeyondTheMaximum) {
  ExpectInvalid("32d", "exceeds the maximum of 31d");
  ExpectInvalid("31d1ms", "exceeds the maximum of 31d");
  ExpectInvalid("2h", "exceeds the maximum of 1h", hours(1));
  ExpectInvalid("61m", "exceeds the maximum of 1h", hours(1));
}

TEST(ParseDurationTest, RejectsHugeNumbers) {
  ExpectInvalid("99999999999999999999s", "too long");
  ExpectInvalid("9223372036854775807ms", "too long");
}

// Numbers that fit the digit limit but whose product with the unit overflows int64: each one
// times its unit wraps to a small positive count of microseconds (about 10 s, 58 min and 16 h).
TEST(ParseDurationTest, RejectsNumbersWhoseProductWithTheUnitOverflows) {
  ExpectInvalid("307445734562m", "exceeds the maximum");
  ExpectInvalid("5124095577h", "exceeds the maximum");
  ExpectInvalid("213503983d", "exceeds the maximum");
  ExpectInvalid("1h213503983d", "exceeds the maximum");
}

TEST(ParseDurationTest, UnboundedMaximumStopsAtTheEdgeOfInt64) {
  const Result<Duration> edge = ParseDuration("106751991d4h", Duration::max());
  ASSERT_TRUE(edge.ok()) << edge.status().ToString();
  EXPECT_EQ(*edge, hours(24 * 106751991LL + 4));
  ExpectInvalid("106751992d", "exceeds the maximum", Duration::max());
  ExpectInvalid("106751991d5h", "exceeds the maximum", Duration::max());
}

TEST(FormatDurationTest, ShortestSpelling) {
  EXPECT_EQ(FormatDuration(minutes(90)), "1h30m");
  EXPECT_EQ(FormatDuration(minutes(10)), "10m");
  EXPECT_EQ(FormatDuration(milliseconds(500)), "500ms");
  EXPECT_EQ(FormatDuration(hours(24 * 7)), "7d");
  EXPECT_EQ(FormatDuration(hours(25) + milliseconds(1)), "1d1h1ms");
  EXPECT_EQ(FormatDuration(seconds(61)), "1m1s");
}

TEST(FormatDurationTest, NonPositiveAndSubMillisecond) {
  EXPECT_EQ(FormatDuration(Duration::zero()), "0s");
  EXPECT_EQ(FormatDuration(-seconds(5)), "0s");
  EXPECT_EQ(FormatDuration(Duration(250)), "250us");
}

TEST(FormatDurationTest, RoundTripsThroughParse) {
  for (const Duration duration :
       {Duration(milliseconds(1)), Duration(milliseconds(1500)), Duration(minutes(90)),
        Duration(hours(24 * 31)), Duration(hours(49) + minutes(1) + seconds(1))}) {
    const std::string text = FormatDuration(duration);
    EXPECT_EQ(ParseOk(text), duration) << text;
  }
}

}  // namespace
}  // namespace leakhound
