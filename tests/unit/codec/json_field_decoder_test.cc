#include "codec/json_field_decoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <string>
#include <vector>

namespace leakhound {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

// 2026-02-02T10:00:00Z
constexpr int64_t kEpochSeconds = 1770026400;
const TimePoint kTime = TimePoint(std::chrono::seconds(kEpochSeconds));

// An event that owns its strings, so that it outlives the decode callback.
struct OwnedEvent {
  std::optional<TimePoint> time;
  std::string principal, client, application, database, statement, session_id, status;
  std::optional<int64_t> rows;
  std::optional<Duration> duration;
  StoredSourceRef source;
};

OwnedEvent Own(const QueryEvent& event) {
  OwnedEvent owned;
  owned.time = event.time;
  owned.principal = event.principal;
  owned.client = event.client;
  owned.application = event.application;
  owned.database = event.database;
  owned.statement = event.statement;
  owned.session_id = event.session_id;
  owned.status = event.status;
  owned.rows = event.rows;
  owned.duration = event.duration;
  owned.source = Store(event.source);
  return owned;
}

struct Decoded {
  DecodeResult result;
  std::vector<OwnedEvent> events;
};

const SourceRef kSource{"topic-a", 3, 42, 0};

// Decodes `text`; by default with simdjson's padding after it (the zero-copy path).
Decoded Decode(JsonFieldDecoder& decoder, std::string_view text, bool padded = true,
               const SourceRef& source = kSource) {
  std::string storage(text);
  const size_t size = storage.size();
  storage.append(kRecordPadding, ' ');
  RecordView record{std::string_view(storage.data(), size), padded ? kRecordPadding : 0};
  Decoded decoded;
  decoded.result = decoder.Decode(
      record, source, [&](const QueryEvent& event) { decoded.events.push_back(Own(event)); });
  return decoded;
}

std::unique_ptr<JsonFieldDecoder> MakeDecoder(const FieldMap& map,
                                              JsonFieldDecoder::Options options = {}) {
  Result<std::unique_ptr<JsonFieldDecoder>> decoder = JsonFieldDecoder::Create(map, options);
  EXPECT_TRUE(decoder.ok()) << decoder.status().ToString();
  return decoder.ok() ? std::move(*decoder) : nullptr;
}

std::unique_ptr<JsonFieldDecoder> Native() { return MakeDecoder(FieldMap::Native()); }

// Decodes one record that must give exactly one event.
OwnedEvent DecodeOne(JsonFieldDecoder& decoder, std::string_view text, bool padded = true) {
  Decoded decoded = Decode(decoder, text, padded);
  EXPECT_TRUE(decoded.result.ok())
      << RejectReasonName(decoded.result.reason) << ": " << decoded.result.detail << " in " << text;
  EXPECT_EQ(decoded.result.events, 1u);
  EXPECT_EQ(decoded.events.size(), 1u);
  return decoded.events.empty() ? OwnedEvent{} : decoded.events.front();
}

// --- The native map --------------------------------------------------------------------

constexpr std::string_view kFullRecord = R"({
  "time": "2026-02-02T10:00:00Z",
  "principal": "alice",
  "client": "10.1.2.3:5432",
  "application": "psql",
  "database": "shop",
  "statement": "select * from passengers",
  "session_id": "s-17",
  "status": "0",
  "rows": 1200,
  "duration_ms": 15,
  "unrelated": {"deep": [1, 2, {"x": "y"}]}
})";

TEST(JsonFieldDecoderTest, NativeRecordWithEveryField) {
  auto decoder = Native();
  const OwnedEvent event = DecodeOne(*decoder, kFullRecord);
  ASSERT_TRUE(event.time.has_value());
  EXPECT_EQ(*event.time, kTime);
  EXPECT_EQ(event.principal, "alice");
  EXPECT_EQ(event.client, "10.1.2.3:5432");
  EXPECT_EQ(event.application, "psql");
  EXPECT_EQ(event.database, "shop");
  EXPECT_EQ(event.statement, "select * from passengers");
  EXPECT_EQ(event.session_id, "s-17");
  EXPECT_EQ(event.status, "0");
  EXPECT_EQ(event.rows, 1200);
  EXPECT_EQ(event.duration, Duration(15000));
  EXPECT_EQ(event.source, (StoredSourceRef{"topic-a", 3, 42, 0}));
}

TEST(JsonFieldDecoderTest, CopyPathWithoutPaddingGivesTheSameEvent) {
  auto decoder = Native();
  const OwnedEvent padded = DecodeOne(*decoder, kFullRecord, true);
  const OwnedEvent copied = DecodeOne(*decoder, kFullRecord, false);
  EXPECT_EQ(copied.time, padded.time);
  EXPECT_EQ(copied.principal, "alice");
  EXPECT_EQ(copied.statement, "select * from passengers");
  EXPECT_EQ(copied.rows, 1200);
  EXPECT_EQ(copied.duration, Duration(15000));
}

TEST(JsonFieldDecoderTest, CopyPathWithRecordEndingAtBufferEnd) {
  // A record whose bytes end exactly where its buffer ends: readable_after = 0 must not
  // read past it.
  auto decoder = Native();
  const std::string exact = R"({"statement":"select 1","user":"bob"})";
  std::vector<char> buffer(exact.begin(), exact.end());
  Decoded decoded;
  decoded.result = decoder->Decode({std::string_view(buffer.data(), buffer.size()), 0}, kSource,
                                   [&](const QueryEvent& e) { decoded.events.push_back(Own(e)); });
  ASSERT_TRUE(decoded.result.ok()) << decoded.result.detail;
  ASSERT_EQ(decoded.events.size(), 1u);
  EXPECT_EQ(decoded.events[0].statement, "select 1");
  EXPECT_EQ(decoded.events[0].principal, "bob");
}

TEST(JsonFieldDecoderTest, EscapedStringsAreUnescaped) {
  auto decoder = Native();
  const OwnedEvent event =
      DecodeOne(*decoder, R"({"statement":"select 'a\"b' from t\nwhere x = '\u00e9'"})");
  EXPECT_EQ(event.statement, "select 'a\"b' from t\nwhere x = '\xc3\xa9'");
}

TEST(JsonFieldDecoderTest, AbsentFieldsStayEmpty) {
  auto decoder = Native();
  const OwnedEvent event = DecodeOne(*decoder, R"({"statement":"select 1"})");
  EXPECT_FALSE(event.time.has_value());
  EXPECT_EQ(event.principal, "");
  EXPECT_EQ(event.client, "");
  EXPECT_FALSE(event.rows.has_value());
  EXPECT_FALSE(event.duration.has_value());
}

TEST(JsonFieldDecoderTest, UserIsTheSecondCandidateForPrincipal) {
  auto decoder = Native();
  EXPECT_EQ(DecodeOne(*decoder, R"({"statement":"s","user":"bob"})").principal, "bob");
  EXPECT_EQ(DecodeOne(*decoder, R"({"user":"bob","statement":"s","principal":"alice"})").principal,
            "alice");
  EXPECT_EQ(DecodeOne(*decoder, R"({"principal":"alice","statement":"s","user":"bob"})").principal,
            "alice");
}

TEST(JsonFieldDecoderTest, NullIsAbsent) {
  auto decoder = Native();
  const OwnedEvent event = DecodeOne(
      *decoder,
      R"({"statement":"s","principal":null,"user":"bob","rows":null,"time":null,"client":null})");
  EXPECT_EQ(event.principal, "bob");  // the null first candidate does not hide the second
  EXPECT_FALSE(event.rows.has_value());
  EXPECT_FALSE(event.time.has_value());
  EXPECT_EQ(event.client, "");
}

TEST(JsonFieldDecoderTest, NullStatementIsMissing) {
  auto decoder = Native();
  const Decoded decoded = Decode(*decoder, R"({"statement":null})");
  EXPECT_EQ(decoded.result.reason, RejectReason::kMissingField);
  EXPECT_TRUE(decoded.events.empty());
}

TEST(JsonFieldDecoderTest, DecoderStateDoesNotLeakBetweenRecords) {
  auto decoder = Native();
  const OwnedEvent first = DecodeOne(*decoder, R"({"statement":"a","principal":"p","rows":5})");
  EXPECT_EQ(first.principal, "p");
  const OwnedEvent second = DecodeOne(*decoder, R"({"statement":"b"})");
  EXPECT_EQ(second.statement, "b");
  EXPECT_EQ(second.principal, "");
  EXPECT_FALSE(second.rows.has_value());
}

// --- Coercions ---------------------------------------------------------------------------

TEST(JsonFieldDecoderTest, RowsAsStringIsANumber) {
  auto decoder = Native();
  EXPECT_EQ(DecodeOne(*decoder, R"({"statement":"s","rows":"1200"})").rows, 1200);
  EXPECT_EQ(DecodeOne(*decoder, R"({"statement":"s","rows":" 77 "})").rows, 77);
}

TEST(JsonFieldDecoderTest, RowsAsFloatIsRounded) {
  auto decoder = Native();
  EXPECT_EQ(DecodeOne(*decoder, R"({"statement":"s","rows":12.6})").rows, 13);
  EXPECT_EQ(DecodeOne(*decoder, R"({"statement":"s","rows":1e3})").rows, 1000);
  EXPECT_EQ(DecodeOne(*decoder, R"({"statement":"s","rows":"2.4"})").rows, 2);
}

// Rounding is std::llround's (halves away from zero) without the call: the largest double
// below one half stays 0, where adding 0.5 and truncating would give 1; whole numbers past
// 2^52 and up to the 9e18 bound are kept exactly.
TEST(JsonFieldDecoderTest, RowsAndDurationsRoundAsLlroundDoes) {
  auto decoder = Native();
  const auto rows = [&](const std::string& number) {
    return DecodeOne(*decoder, R"({"statement":"s","rows":)" + number + "}").rows;
  };
  for (const std::string number :
       {"0.5", "2.5", "3.5", "0.49999999999999994", "0.5000000000000001", "4503599627370495.5",
        "4503599627370497", "9007199254740993", "8999999999999999000", "9e18"}) {
    EXPECT_EQ(rows(number), std::llround(std::stod(number))) << number;
  }
  EXPECT_EQ(rows("0.49999999999999994"), 0);
  EXPECT_EQ(rows("2.5"), 3);
  const auto micros = [&](const std::string& milliseconds) {
    return DecodeOne(*decoder, R"({"statement":"s","duration_ms":)" + milliseconds + "}")
        .duration->count();
  };
  for (const std::string milliseconds : {"0.0005", "0.0015", "0.0004999", "1.2345", "7"}) {
    EXPECT_EQ(micros(milliseconds), std::llround(std::stod(milliseconds) * 1e3)) << milliseconds;
  }
}

TEST(JsonFieldDecoderTest, NegativeRowsAreAbsent) {
  auto decoder = Native();
  EXPECT_FALSE(DecodeOne(*decoder, R"({"statement":"s","rows":-1})").rows.has_value());
  EXPECT_FALSE(DecodeOne(*decoder, R"({"statement":"s","rows":"-5"})").rows.has_value());
  EXPECT_EQ(DecodeOne(*decoder, R"({"statement":"s","rows":0})").rows, 0);
}

TEST(JsonFieldDecoderTest, RowsThatAreNotANumberAreRejected) {
  auto decoder = Native();
  for (std::string_view record :
       {R"({"statement":"s","rows":"many"})", R"({"statement":"s","rows":""})",
        R"({"statement":"s","rows":"12abc"})"}) {
    const Decoded decoded = Decode(*decoder, record);
    EXPECT_EQ(decoded.result.reason, RejectReason::kWrongType) << record;
    EXPECT_THAT(decoded.result.detail, HasSubstr("field /rows: expected a number")) << record;
    EXPECT_TRUE(decoded.events.empty());
  }
}

TEST(JsonFieldDecoderTest, RowsAsObjectOrBooleanAreWrongType) {
  auto decoder = Native();
  Decoded decoded = Decode(*decoder, R"({"statement":"s","rows":{"a":1}})");
  EXPECT_EQ(decoded.result.reason, RejectReason::kWrongType);
  EXPECT_EQ(decoded.result.detail, "field /rows: expected a number, found an object");
  EXPECT_EQ(decoded.result.events, 0u);
  decoded = Decode(*decoder, R"({"statement":"s","rows":true})");
  EXPECT_EQ(decoded.result.reason, RejectReason::kWrongType);
  EXPECT_EQ(decoded.result.detail, "field /rows: expected a number, found a boolean");
  decoded = Decode(*decoder, R"({"statement":"s","rows":[1]})");
  EXPECT_EQ(decoded.result.detail, "field /rows: expected a number, found an array");
}

TEST(JsonFieldDecoderTest, DurationUnits) {
  FieldMap map = FieldMap::Native();
  EXPECT_EQ(DecodeOne(*MakeDecoder(map), R"({"statement":"s","duration_ms":1500})").duration,
            Duration(1'500'000));
  EXPECT_EQ(DecodeOne(*MakeDecoder(map), R"({"statement":"s","duration_ms":"2.5"})").duration,
            Duration(2'500));
  map.duration_unit = EpochUnit::kSeconds;
  EXPECT_EQ(DecodeOne(*MakeDecoder(map), R"({"statement":"s","duration_ms":2.5})").duration,
            Duration(2'500'000));
  map.duration_unit = EpochUnit::kMicroseconds;
  EXPECT_EQ(DecodeOne(*MakeDecoder(map), R"({"statement":"s","duration_ms":7})").duration,
            Duration(7));
  map.duration_unit = EpochUnit::kNanoseconds;
  EXPECT_EQ(DecodeOne(*MakeDecoder(map), R"({"statement":"s","duration_ms":4000})").duration,
            Duration(4));
}

TEST(JsonFieldDecoderTest, NegativeDurationIsAbsent) {
  auto decoder = Native();
  EXPECT_FALSE(DecodeOne(*decoder, R"({"statement":"s","duration_ms":-1})").duration.has_value());
}

TEST(JsonFieldDecoderTest, TimeAsRfc3339) {
  auto decoder = Native();
  EXPECT_EQ(DecodeOne(*decoder, R"({"statement":"s","time":"2026-02-02T10:00:00Z"})").time, kTime);
  EXPECT_EQ(DecodeOne(*decoder, R"({"statement":"s","time":"2026-02-02T12:00:00+02:00"})").time,
            kTime);
  EXPECT_EQ(DecodeOne(*decoder, R"({"statement":"s","time":"2026-02-02T10:00:00.250Z"})").time,
            kTime + 250ms);
}

TEST(JsonFieldDecoderTest, TimeAsEpochGuessesTheUnit) {
  auto decoder = Native();
  EXPECT_EQ(DecodeOne(*decoder, R"({"statement":"s","time":1770026400})").time, kTime);
  EXPECT_EQ(DecodeOne(*decoder, R"({"statement":"s","time":1770026400.5})").time, kTime + 500ms);
  EXPECT_EQ(DecodeOne(*decoder, R"({"statement":"s","time":1770026400123})").time, kTime + 123ms);
  EXPECT_EQ(DecodeOne(*decoder, R"({"statement":"s","time":1770026400000007})").time, kTime + 7us);
  EXPECT_EQ(DecodeOne(*decoder, R"({"statement":"s","time":1770026400000000000})").time, kTime);
}

TEST(JsonFieldDecoderTest, TimeWithAConfiguredUnit) {
  FieldMap map = FieldMap::Native();
  map.time_unit = EpochUnit::kMilliseconds;
  auto decoder = MakeDecoder(map);
  // Without the unit this would be read as seconds.
  EXPECT_EQ(DecodeOne(*decoder, R"({"statement":"s","time":1770026400})").time,
            TimePoint(std::chrono::milliseconds(kEpochSeconds)));
}

TEST(JsonFieldDecoderTest, UnreadableTimeIsWrongType) {
  auto decoder = Native();
  Decoded decoded = Decode(*decoder, R"({"statement":"s","time":"soon"})");
  EXPECT_EQ(decoded.result.reason, RejectReason::kWrongType);
  EXPECT_EQ(decoded.result.detail,
            "field /time: not a time leakhound can read (use RFC 3339 or an epoch number)");
  decoded = Decode(*decoder, R"({"statement":"s","time":true})");
  EXPECT_EQ(decoded.result.reason, RejectReason::kWrongType);
  EXPECT_EQ(decoded.result.detail,
            "field /time: expected an RFC 3339 string or an epoch number, found a boolean");
  decoded = Decode(*decoder, R"({"statement":"s","time":{"sec":1}})");
  EXPECT_EQ(decoded.result.reason, RejectReason::kWrongType);
}

TEST(JsonFieldDecoderTest, NumbersAndBooleansIntoStringFields) {
  auto decoder = Native();
  const OwnedEvent event = DecodeOne(
      *decoder,
      R"({"statement":"s","principal":42,"status":true,"session_id":12345678901234567890,"database":-1.5 })");
  EXPECT_EQ(event.principal, "42");
  EXPECT_EQ(event.status, "true");
  EXPECT_EQ(event.session_id, "12345678901234567890");
  EXPECT_EQ(event.database, "-1.5");
  EXPECT_EQ(DecodeOne(*decoder, R"({"statement":"s","status":false})").status, "false");
}

TEST(JsonFieldDecoderTest, StatementAsArrayIsWrongType) {
  auto decoder = Native();
  const Decoded decoded = Decode(*decoder, R"({"statement":["select 1"]})");
  EXPECT_EQ(decoded.result.reason, RejectReason::kWrongType);
  EXPECT_EQ(decoded.result.detail, "field /statement: expected a string, found an array");
  EXPECT_TRUE(decoded.events.empty());
}

TEST(JsonFieldDecoderTest, PrincipalAsObjectIsWrongType) {
  auto decoder = Native();
  const Decoded decoded = Decode(*decoder, R"({"statement":"s","principal":{"name":"x"}})");
  EXPECT_EQ(decoded.result.reason, RejectReason::kWrongType);
  EXPECT_EQ(decoded.result.detail, "field /principal: expected a string, found an object");
}

// --- Custom maps -------------------------------------------------------------------------

TEST(JsonFieldDecoderTest, CustomPointersIntoNestedObjectsAndArrays) {
  FieldMap map;
  map.PointersFor(InputField::kStatement) = {"/query/text"};
  map.PointersFor(InputField::kPrincipal) = {"/actors/0/name"};
  map.PointersFor(InputField::kClient) = {"/actors/1/addr"};
  map.PointersFor(InputField::kRows) = {"/stats/rows"};
  map.PointersFor(InputField::kTime) = {"/@timestamp"};
  auto decoder = MakeDecoder(map);
  const OwnedEvent event = DecodeOne(*decoder, R"({
      "@timestamp": "2026-02-02T10:00:00Z",
      "actors": [{"name": "carol", "addr": "ignored"}, {"name": "x", "addr": "192.0.2.1"}],
      "query": {"lang": "sql", "text": "select 2"},
      "stats": {"rows": "9"}})");
  EXPECT_EQ(event.statement, "select 2");
  EXPECT_EQ(event.principal, "carol");
  EXPECT_EQ(event.client, "192.0.2.1");
  EXPECT_EQ(event.rows, 9);
  EXPECT_EQ(event.time, kTime);
}

TEST(JsonFieldDecoderTest, ArrayIndexOutOfRangeIsAbsent) {
  FieldMap map;
  map.PointersFor(InputField::kStatement) = {"/q"};
  map.PointersFor(InputField::kPrincipal) = {"/a/3/b"};
  auto decoder = MakeDecoder(map);
  EXPECT_EQ(DecodeOne(*decoder, R"({"q":"s","a":[{"b":"x"}]})").principal, "");
}

TEST(JsonFieldDecoderTest, ScalarWhereAnObjectWasExpectedIsAbsent) {
  FieldMap map;
  map.PointersFor(InputField::kStatement) = {"/q"};
  map.PointersFor(InputField::kPrincipal) = {"/user/name"};
  auto decoder = MakeDecoder(map);
  EXPECT_EQ(DecodeOne(*decoder, R"({"q":"s","user":"flat"})").principal, "");
}

TEST(JsonFieldDecoderTest, TildeEscapesInPointers) {
  FieldMap map;
  map.PointersFor(InputField::kStatement) = {"/a~1b"};
  map.PointersFor(InputField::kPrincipal) = {"/m~0n"};
  auto decoder = MakeDecoder(map);
  const OwnedEvent event = DecodeOne(*decoder, R"({"m~n":"tilde","a/b":"slash","ab":"no"})");
  EXPECT_EQ(event.statement, "slash");
  EXPECT_EQ(event.principal, "tilde");
}

TEST(JsonFieldDecoderTest, EscapedKeysInTheRecordMatch) {
  FieldMap map;
  map.PointersFor(InputField::kStatement) = {"/stmt"};
  auto decoder = MakeDecoder(map);
  EXPECT_EQ(DecodeOne(*decoder, R"({"st\u006dt":"escaped key"})").statement, "escaped key");
}

TEST(JsonFieldDecoderTest, FirstCandidateWinsRegardlessOfRecordOrder) {
  FieldMap map;
  map.PointersFor(InputField::kStatement) = {"/q"};
  map.PointersFor(InputField::kPrincipal) = {"/user/name", "/principal", "/login"};
  auto decoder = MakeDecoder(map);
  EXPECT_EQ(
      DecodeOne(*decoder, R"({"q":"s","principal":"p","login":"l","user":{"name":"u"}})").principal,
      "u");
  EXPECT_EQ(
      DecodeOne(*decoder, R"({"user":{"name":"u"},"login":"l","principal":"p","q":"s"})").principal,
      "u");
  EXPECT_EQ(DecodeOne(*decoder, R"({"login":"l","q":"s","principal":"p"})").principal, "p");
  EXPECT_EQ(DecodeOne(*decoder, R"({"q":"s","login":"l"})").principal, "l");
  EXPECT_EQ(DecodeOne(*decoder, R"({"q":"s","user":{},"login":"l"})").principal, "l");
}

TEST(JsonFieldDecoderTest, StatementNotRequired) {
  FieldMap map = FieldMap::Native();
  map.statement_required = false;
  auto decoder = MakeDecoder(map);
  const OwnedEvent event = DecodeOne(*decoder, R"({"principal":"alice","rows":3})");
  EXPECT_EQ(event.statement, "");
  EXPECT_EQ(event.principal, "alice");
  EXPECT_EQ(event.rows, 3);
}

TEST(JsonFieldDecoderTest, MissingStatementNamesEveryPointer) {
  FieldMap map;
  map.PointersFor(InputField::kStatement) = {"/query", "/sql/text"};
  auto decoder = MakeDecoder(map);
  const Decoded decoded = Decode(*decoder, R"({"principal":"alice"})");
  EXPECT_EQ(decoded.result.reason, RejectReason::kMissingField);
  EXPECT_EQ(decoded.result.detail, "no statement at /query /sql/text");
  EXPECT_EQ(decoded.result.events, 0u);
  EXPECT_TRUE(decoded.events.empty());
}

// --- Arrays of records -------------------------------------------------------------------

TEST(JsonFieldDecoderTest, ArrayOfObjectsGivesOneEventPerElement) {
  auto decoder = Native();
  const Decoded decoded = Decode(*decoder, R"([
      {"statement":"select 1","principal":"a","rows":1},
      {"statement":"select 2","principal":"b"},
      {"statement":"select 3","user":"c","rows":3}])");
  ASSERT_TRUE(decoded.result.ok()) << decoded.result.detail;
  EXPECT_EQ(decoded.result.events, 3u);
  ASSERT_EQ(decoded.events.size(), 3u);
  EXPECT_EQ(decoded.events[0].statement, "select 1");
  EXPECT_EQ(decoded.events[1].statement, "select 2");
  EXPECT_EQ(decoded.events[2].statement, "select 3");
  EXPECT_EQ(decoded.events[2].principal, "c");
  EXPECT_FALSE(decoded.events[1].rows.has_value());  // not carried over from element 0
  for (uint32_t i = 0; i < 3; ++i) {
    EXPECT_EQ(decoded.events[i].source, (StoredSourceRef{"topic-a", 3, 42, i}));
  }
}

TEST(JsonFieldDecoderTest, EmptyArrayGivesNoEvents) {
  auto decoder = Native();
  const Decoded decoded = Decode(*decoder, "[]");
  EXPECT_TRUE(decoded.result.ok());
  EXPECT_EQ(decoded.result.events, 0u);
}

TEST(JsonFieldDecoderTest, ArrayElementThatIsNotAnObject) {
  auto decoder = Native();
  const Decoded decoded = Decode(*decoder, R"([{"statement":"a"}, 3])");
  EXPECT_EQ(decoded.result.reason, RejectReason::kNotAnObject);
  EXPECT_EQ(decoded.result.detail, "element 1 of the array is not an object");
  // Nothing of a rejected record is handed on, not even the good elements before the bad
  // one: a replay of the dead letters must not count them twice.
  EXPECT_EQ(decoded.result.events, 0u);
  EXPECT_TRUE(decoded.events.empty());
}

TEST(JsonFieldDecoderTest, ArrayElementWithoutStatement) {
  auto decoder = Native();
  const Decoded decoded = Decode(*decoder, R"([{"statement":"a"},{"principal":"b"}])");
  EXPECT_EQ(decoded.result.reason, RejectReason::kMissingField);
  EXPECT_EQ(decoded.result.detail, "element 1: no statement at /statement");
  EXPECT_EQ(decoded.result.events, 0u);
  EXPECT_TRUE(decoded.events.empty());
}

// --- Rejections --------------------------------------------------------------------------

struct RejectCase {
  std::string record;
  RejectReason reason;
  std::string detail;  // a fragment of it
};

void PrintTo(const RejectCase& c, std::ostream* os) { *os << c.record; }

class JsonFieldDecoderRejectTest : public ::testing::TestWithParam<RejectCase> {};

TEST_P(JsonFieldDecoderRejectTest, RejectsWithReason) {
  const RejectCase& c = GetParam();
  for (bool padded : {true, false}) {
    auto decoder = MakeDecoder(FieldMap::Native(), {.max_record_bytes = 64});
    const Decoded decoded = Decode(*decoder, c.record, padded);
    EXPECT_EQ(RejectReasonName(decoded.result.reason), RejectReasonName(c.reason))
        << "padded=" << padded << " detail: " << decoded.result.detail;
    EXPECT_FALSE(decoded.result.ok());
    EXPECT_THAT(decoded.result.detail, HasSubstr(c.detail)) << "padded=" << padded;
    EXPECT_TRUE(decoded.events.empty());
    EXPECT_EQ(decoded.result.events, 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Reasons, JsonFieldDecoderRejectTest,
    ::testing::Values(
        RejectCase{"", RejectReason::kEmpty, "the record is empty"},
        RejectCase{" \t\r\n ", RejectReason::kEmpty, "the record is empty"},
        RejectCase{R"({"statement":")" + std::string(60, 'x') + "\"}", RejectReason::kTooLarge,
                   "record of 76 bytes exceeds the limit of 64"},
        RejectCase{"hello", RejectReason::kNotJson, ""},
        RejectCase{"{statement: 1}", RejectReason::kNotJson, ""},
        RejectCase{R"({"statement":"sel)", RejectReason::kTruncated, ""},
        RejectCase{R"({"statement":"select 1")", RejectReason::kTruncated, "ends early"},
        RejectCase{R"({"statement":"select 1",)", RejectReason::kTruncated, ""},
        RejectCase{"{\"statement\":\"caf\xe9\"}", RejectReason::kInvalidUtf8, "not valid UTF-8"},
        RejectCase{"{\"statement\":\"ok\",\"x\":\"\xff\xfe\"}", RejectReason::kInvalidUtf8,
                   "not valid UTF-8"},
        RejectCase{"42", RejectReason::kNotAnObject, "a JSON scalar, not an object"},
        RejectCase{"\"select 1\"", RejectReason::kNotAnObject, "not an object"},
        RejectCase{"null", RejectReason::kNotAnObject, "not an object"},
        RejectCase{"[1, 2]", RejectReason::kNotAnObject, "element 0 of the array is not an object"},
        RejectCase{R"({"principal":"alice"})", RejectReason::kMissingField,
                   "no statement at /statement"},
        RejectCase{R"({"statement":"s","rows":{"a":1}})", RejectReason::kWrongType,
                   "field /rows: expected a number, found an object"},
        RejectCase{R"({"statement":["a"]})", RejectReason::kWrongType,
                   "field /statement: expected a string, found an array"},
        RejectCase{R"({"statement":"s","time":"soon"})", RejectReason::kWrongType, "field /time"},
        RejectCase{R"({"statement":"s"} trailing)", RejectReason::kNotJson,
                   "content after the JSON value"},
        RejectCase{R"({"statement":"s"}})", RejectReason::kNotJson, "content after the JSON value"},
        RejectCase{R"({"statement":"s"} {"statement":"t"})", RejectReason::kNotJson,
                   "content after the JSON value"},
        RejectCase{R"({"statement":"s"} 42)", RejectReason::kNotJson,
                   "content after the JSON value"}));

TEST(JsonFieldDecoderTest, TrailingWhitespaceIsFine) {
  auto decoder = Native();
  EXPECT_EQ(DecodeOne(*decoder, "{\"statement\":\"s\"}  \r\n\t").statement, "s");
  EXPECT_EQ(DecodeOne(*decoder, "  {\"statement\":\"s\"}\n", false).statement, "s");
}

TEST(JsonFieldDecoderTest, TrailingContentAfterAnArray) {
  auto decoder = Native();
  for (std::string_view record :
       {R"([{"statement":"a"}] x)", R"([{"statement":"a"}]])", R"([{"statement":"a"}] [])"}) {
    const Decoded decoded = Decode(*decoder, record);
    EXPECT_EQ(decoded.result.reason, RejectReason::kNotJson) << record;
    EXPECT_EQ(decoded.result.detail, "content after the JSON value") << record;
  }
}

TEST(JsonFieldDecoderTest, RecordAtTheSizeLimitIsAccepted) {
  auto decoder = MakeDecoder(FieldMap::Native(), {.max_record_bytes = 20});
  const std::string record = R"({"statement":"abc"})";  // 19 bytes
  ASSERT_LE(record.size(), 20u);
  EXPECT_EQ(DecodeOne(*decoder, record).statement, "abc");
}

TEST(RejectReasonTest, Names) {
  EXPECT_EQ(RejectReasonName(RejectReason::kNone), "none");
  EXPECT_EQ(RejectReasonName(RejectReason::kEmpty), "empty");
  EXPECT_EQ(RejectReasonName(RejectReason::kTooLarge), "too_large");
  EXPECT_EQ(RejectReasonName(RejectReason::kNotJson), "not_json");
  EXPECT_EQ(RejectReasonName(RejectReason::kTruncated), "truncated");
  EXPECT_EQ(RejectReasonName(RejectReason::kInvalidUtf8), "invalid_utf8");
  EXPECT_EQ(RejectReasonName(RejectReason::kNotAnObject), "not_an_object");
  EXPECT_EQ(RejectReasonName(RejectReason::kMissingField), "missing_field");
  EXPECT_EQ(RejectReasonName(RejectReason::kWrongType), "wrong_type");
}

// --- Create ------------------------------------------------------------------------------

TEST(JsonFieldDecoderCreateTest, RefusesMalformedPointers) {
  FieldMap map = FieldMap::Native();
  map.PointersFor(InputField::kPrincipal) = {"user"};
  Result<std::unique_ptr<JsonFieldDecoder>> decoder = JsonFieldDecoder::Create(map);
  ASSERT_FALSE(decoder.ok());
  EXPECT_EQ(decoder.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(decoder.status().message(), HasSubstr("'user' must start with '/'"));

  map = FieldMap::Native();
  map.PointersFor(InputField::kClient) = {"/a~2"};
  decoder = JsonFieldDecoder::Create(map);
  ASSERT_FALSE(decoder.ok());
  EXPECT_THAT(decoder.status().message(), HasSubstr("'~' that is not ~0 or ~1"));
}

TEST(JsonFieldDecoderCreateTest, RefusesAPointerInsideAnotherField) {
  FieldMap map;
  map.PointersFor(InputField::kStatement) = {"/q"};
  map.PointersFor(InputField::kPrincipal) = {"/user"};
  map.PointersFor(InputField::kClient) = {"/user/addr"};
  Result<std::unique_ptr<JsonFieldDecoder>> decoder = JsonFieldDecoder::Create(map);
  ASSERT_FALSE(decoder.ok());
  EXPECT_EQ(decoder.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(decoder.status().message(),
            "pointer /user/addr goes inside /user, which is already a field");
}

TEST(JsonFieldDecoderCreateTest, RefusesAPointerThatIsAPrefixOfAnEarlierOne) {
  FieldMap map;
  map.PointersFor(InputField::kTime) = {"/meta/time"};
  map.PointersFor(InputField::kPrincipal) = {"/meta"};
  map.PointersFor(InputField::kStatement) = {"/q"};
  Result<std::unique_ptr<JsonFieldDecoder>> decoder = JsonFieldDecoder::Create(map);
  ASSERT_FALSE(decoder.ok());
  EXPECT_EQ(decoder.status().message(), "pointer /meta (for principal) overlaps another pointer");
}

TEST(JsonFieldDecoderCreateTest, RefusesTheSamePointerTwice) {
  FieldMap map;
  map.PointersFor(InputField::kStatement) = {"/s"};
  map.PointersFor(InputField::kStatus) = {"/s"};
  Result<std::unique_ptr<JsonFieldDecoder>> decoder = JsonFieldDecoder::Create(map);
  ASSERT_FALSE(decoder.ok());
  EXPECT_EQ(decoder.status().message(), "pointer /s (for status) overlaps another pointer");

  map = FieldMap();
  map.PointersFor(InputField::kStatement) = {"/s", "/s"};
  decoder = JsonFieldDecoder::Create(map);
  ASSERT_FALSE(decoder.ok());
  EXPECT_THAT(decoder.status().message(), HasSubstr("overlaps another pointer"));
}

TEST(JsonFieldDecoderCreateTest, SiblingPointersShareAPrefix) {
  FieldMap map;
  map.PointersFor(InputField::kStatement) = {"/q/text"};
  map.PointersFor(InputField::kDatabase) = {"/q/db"};
  auto decoder = MakeDecoder(map);
  const OwnedEvent event = DecodeOne(*decoder, R"({"q":{"db":"shop","text":"select 1"}})");
  EXPECT_EQ(event.statement, "select 1");
  EXPECT_EQ(event.database, "shop");
}

}  // namespace
}  // namespace leakhound
