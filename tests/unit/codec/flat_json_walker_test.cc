#include "codec/flat_json_walker.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "codec/json_field_decoder.h"

namespace leakhound {
namespace {

// Walks `text` (padded as the decoder pads records) with the native field map.
class FlatJsonWalkerTest : public ::testing::Test {
 protected:
  FlatJsonWalker::Outcome Walk(std::string_view text) {
    storage_ = std::string(text) + std::string(kRecordPadding, ' ');
    return walker_.Walk(std::string_view(storage_.data(), text.size()), trie_, slots_);
  }
  QueryEvent Event() const { return slots_.MakeEvent(SourceRef{}, 0); }

  FieldMap map_ = FieldMap::Native();
  FieldTrie trie_ = std::move(*FieldTrie::Build(map_));
  FieldSlots slots_{map_};
  FlatJsonWalker walker_;
  std::string storage_;
};

TEST_F(FlatJsonWalkerTest, ReadsAPlainRecordAsViewsIntoIt) {
  ASSERT_EQ(Walk(R"({"time":"2026-02-02T10:00:00Z","principal":"mallory","client":"10.0.0.1",)"
                 R"("statement":"select * from passengers","rows":412000,"duration_ms":12.5,)"
                 R"("unknown":{"deep":[1,2,{"x":null}]},"status":"0"})"),
            FlatJsonWalker::Outcome::kRead);
  const QueryEvent event = Event();
  EXPECT_EQ(event.principal, "mallory");
  EXPECT_EQ(event.client, "10.0.0.1");
  EXPECT_EQ(event.statement, "select * from passengers");
  EXPECT_EQ(event.status, "0");
  EXPECT_EQ(event.rows, 412000);
  EXPECT_EQ(event.duration, Duration(12500));
  ASSERT_TRUE(event.time.has_value());
  EXPECT_EQ(*event.time, TimePoint(std::chrono::seconds(1770026400)));
  // No copy: the statement is a view into the record.
  EXPECT_GE(event.statement.data(), storage_.data());
  EXPECT_LT(event.statement.data(), storage_.data() + storage_.size());
}

TEST_F(FlatJsonWalkerTest, UnescapesStringsItReads) {
  ASSERT_EQ(Walk(R"({"statement":"select \"N\"\n\tfrom t \\ \/ \u00e9 \ud83d\ude00 \b\f\r",)"
                 R"("principal":"a\u0000b"})"),
            FlatJsonWalker::Outcome::kRead);
  const QueryEvent event = Event();
  EXPECT_EQ(event.statement, "select \"N\"\n\tfrom t \\ / \xc3\xa9 \xf0\x9f\x98\x80 \b\f\r");
  EXPECT_EQ(event.principal, std::string_view("a\0b", 3));
}

TEST_F(FlatJsonWalkerTest, ReadsNumbersAsFromCharsWould) {
  for (const char* number :
       {"0", "-0", "7", "412000", "12.5", "0.1", "0.000001", "9.55", "12.75", "123456789012345",
        "12345678901234.5", "999999999999999", "0.000000000000001", "0.100000000000000"}) {
    SCOPED_TRACE(number);
    ASSERT_EQ(Walk(std::string(R"({"statement":"s","principal":)") + number + "}"),
              FlatJsonWalker::Outcome::kRead);
    EXPECT_EQ(Event().principal, number);  // a number where text goes: as written
    ASSERT_EQ(Walk(std::string(R"({"statement":"s","duration_ms":)") + number + "}"),
              FlatJsonWalker::Outcome::kRead);
    double expected = 0;
    std::from_chars(number, number + std::strlen(number), expected);
    const std::optional<Duration> duration = Event().duration;
    if (expected * 1e3 <= 9e18) {
      ASSERT_TRUE(duration.has_value());
      EXPECT_EQ(duration->count(), static_cast<int64_t>(std::llround(expected * 1e3)));
    }
  }
}

// Where a number's exponent takes it, or past 15 significant digits, from_chars and
// simdjson part ways (0e900000 is 0 to one and an error to the other): the walker leaves
// those numbers to simdjson, and the decoder gives what simdjson gives (the agreement test
// below).
TEST_F(FlatJsonWalkerTest, NumbersWithAnExponentOrManyDigitsAreLeftToSimdjson) {
  // 16 significant digits, 16 after the point, and enough digits to wrap a 64-bit count.
  for (const char* number : {"1e3", "2.5E-3", "4.9e-324", "0e900", "1e-400", "1234567890123456789",
                             "0.30000000000000004", "1000000000000000", "0.0000000000000001",
                             "18446744073709551617", "100000000000000000000000000000.5"}) {
    SCOPED_TRACE(number);
    EXPECT_EQ(Walk(std::string(R"({"statement":"s","duration_ms":)") + number + "}"),
              FlatJsonWalker::Outcome::kDecline);
  }
}

TEST_F(FlatJsonWalkerTest, TheFirstPointerPresentWinsAndDuplicatesKeepTheFirst) {
  ASSERT_EQ(Walk(R"({"user":"second","statement":"s","principal":"first","principal":"again"})"),
            FlatJsonWalker::Outcome::kRead);
  EXPECT_EQ(Event().principal, "first");
}

TEST_F(FlatJsonWalkerTest, NullLeavesAFieldAbsent) {
  ASSERT_EQ(Walk(R"({"statement":"s","rows":null,"principal":null})"),
            FlatJsonWalker::Outcome::kRead);
  EXPECT_FALSE(Event().rows.has_value());
  EXPECT_TRUE(Event().principal.empty());
}

TEST_F(FlatJsonWalkerTest, DeclinesAnythingBeyondThePlainCase) {
  const std::vector<std::string> declined = {
      R"([{"statement":"s"}])",                       // an array of records
      R"({"st\u0061tement":"s"})",                    // an escaped key
      R"({"statement":"\ud83d"})",                    // a lone high surrogate
      R"({"statement":"\ude00"})",                    // a lone low surrogate
      R"({"statement":"\x"})",                        // an unknown escape
      "{\"statement\":\"a\tb\"}",                     // a raw control byte
      "{\"statement\":\"\xff\"}",                     // not UTF-8
      R"({"statement":"s","rows":{"n":1}})",          // the wrong type
      R"({"statement":"s","time":"soon"})",           // a time leakhound cannot read
      R"({"statement":"s","rows":1e999})",            // out of range
      R"({"statement":"s","rows":01})",               // not a JSON number
      R"({"statement":"s","rows":-})",                //
      R"({"statement":"s","rows":-01})",              //
      R"({"statement":"s","rows":1.})",               //
      R"({"statement":"s","rows":.5})",               //
      R"({"statement":"s","rows":1.e3})",             //
      R"({"statement":"s","x":tru})",                 // not a literal
      R"({"statement":"s",})",                        // a trailing comma
      R"({"statement":"s"} x)",                       // content after the object
      R"({"statement":"s")",                          // truncated
      R"({"statement" "s"})",                         // no colon
      R"("statement")",                               // a scalar
      std::string(100, '[') + std::string(100, ']'),  // not an object
      R"({"x":)" + std::string(70, '[') + std::string(70, ']') + "}",  // deep nesting
  };
  for (const std::string& text : declined) {
    EXPECT_EQ(Walk(text), FlatJsonWalker::Outcome::kDecline) << text;
  }
}

// UTF-8 is validated only for a record in which the walk read a byte >= 0x80: so each
// place such a byte can sit must be noticed, in a long string (read 16 bytes at a time),
// in a short tail, in a skipped value or nested key, in an escaped string, and in a key
// that the previous record had too (matched from memory, not read).
TEST_F(FlatJsonWalkerTest, InvalidUtf8IsDeclinedWhereverItSits) {
  const std::string bad = "\xc3(";  // a lead byte without its continuation
  const std::vector<std::string> declined = {
      R"({"statement":"select * from passengers where name = ')" + bad + R"('"})",
      R"({"statement":"x)" + bad + R"("})",
      R"({"other":"x)" + bad + R"(","statement":"s"})",
      R"({"other":{"k)" + bad + R"(":1},"statement":"s"})",
      R"({"statement":"\n)" + bad + R"("})",
  };
  for (const std::string& text : declined) {
    EXPECT_EQ(Walk(text), FlatJsonWalker::Outcome::kDecline) << text;
  }
  // A key with the bad byte, first in a good record's place and then repeated.
  const std::string key = R"({"k)" + bad + R"(":1,"statement":"s"})";
  EXPECT_EQ(Walk(key), FlatJsonWalker::Outcome::kDecline);
  EXPECT_EQ(Walk(key), FlatJsonWalker::Outcome::kDecline);
  // Valid UTF-8 in each of those places is read.
  const std::string good = "\xc3\xa9";
  ASSERT_EQ(
      Walk(R"({"k)" + good + R"(":1,"other":"x)" + good + R"(","statement":"caf)" + good + R"("})"),
      FlatJsonWalker::Outcome::kRead);
  EXPECT_EQ(Event().statement, "caf" + good);
  ASSERT_EQ(Walk(R"({"k)" + good + R"(":1,"statement":"s"})"), FlatJsonWalker::Outcome::kRead);
  EXPECT_EQ(Event().statement, "s");
}

TEST_F(FlatJsonWalkerTest, AcceptsWhitespaceWhereJsonAllowsIt) {
  ASSERT_EQ(Walk(" \t\r\n{ \"statement\" :\n\"s\" , \"rows\" : 5 , \"x\" : [ 1 , { } ] } \n"),
            FlatJsonWalker::Outcome::kRead);
  EXPECT_EQ(Event().statement, "s");
  EXPECT_EQ(Event().rows, 5);
}

// Records of one layout are read from the memory of the one before (each key's token with
// its colon, each string's size); every way the next record departs from it still reads
// that record, or declines it, exactly.
TEST_F(FlatJsonWalkerTest, ARecordDepartingFromThePreviousLayoutIsReadAsItIs) {
  ASSERT_EQ(Walk(R"({"principal":"alice","other":"abc","statement":"select 1"})"),
            FlatJsonWalker::Outcome::kRead);
  struct Case {
    std::string record;
    std::string principal, statement;
  };
  const std::vector<Case> read = {
      {R"({"principal":"alice","other":"abc","statement":"select 1"})", "alice", "select 1"},
      {R"({"principal":"bob","other":"abcdef","statement":"select 22"})", "bob", "select 22"},
      {R"({"principal":"carol","other":"","statement":"x"})", "carol", "x"},
      {R"({"principal":"dave","other":"a\"b","statement":"s\"t"})", "dave", "s\"t"},
      {R"({"principal" :"erin","other" : "abc" ,"statement":  "select 1"})", "erin", "select 1"},
      {R"({"principal":"frank","other":"abc","statement":"select 1"})", "frank", "select 1"},
      {R"({"principalx":"no","principal":"gina","statement":"y"})", "gina", "y"},
      {R"({"principal":"alice","statement":"select 1","other":"abc"})", "alice", "select 1"},
  };
  for (const Case& c : read) {
    ASSERT_EQ(Walk(c.record), FlatJsonWalker::Outcome::kRead) << c.record;
    EXPECT_EQ(Event().principal, c.principal) << c.record;
    EXPECT_EQ(Event().statement, c.statement) << c.record;
  }
  // Cut inside the remembered key's token, inside a string of the remembered size, or with
  // a control byte where the remembered string's end was.
  ASSERT_EQ(Walk(R"({"principal":"alice","statement":"select 1"})"),
            FlatJsonWalker::Outcome::kRead);
  EXPECT_EQ(Walk(R"({"principal")"), FlatJsonWalker::Outcome::kDecline);
  EXPECT_EQ(Walk(R"({"principal":"alice","statement":"select 1)"),
            FlatJsonWalker::Outcome::kDecline);
  EXPECT_EQ(Walk("{\"principal\":\"alic\n\",\"statement\":\"select 1\"}"),
            FlatJsonWalker::Outcome::kDecline);
  EXPECT_EQ(Walk(R"({"principal":"alice","statement":"select 1"})"),
            FlatJsonWalker::Outcome::kRead);
}

TEST(FlatJsonWalkerNestedTest, FollowsNestedPointersAndSkipsScalarsInTheirWay) {
  FieldMap map;
  map.PointersFor(InputField::kStatement) = {"/query/text"};
  map.PointersFor(InputField::kPrincipal) = {"/a_key_longer_than_sixteen_bytes/name"};
  const FieldTrie trie = std::move(*FieldTrie::Build(map));
  FieldSlots slots(map);
  FlatJsonWalker walker;
  const auto walk = [&](std::string text) {
    text.append(kRecordPadding, ' ');
    return walker.Walk(std::string_view(text.data(), text.size() - kRecordPadding), trie, slots);
  };
  std::string record =
      R"({"query":{"other":1,"text":"select 1"},"a_key_longer_than_sixteen_bytes":{"name":"n"}})";
  ASSERT_EQ(walk(record), FlatJsonWalker::Outcome::kRead);
  // The views point into `record`'s copy inside walk(), gone now: compare presence only.
  EXPECT_TRUE(slots.has(InputField::kStatement));
  EXPECT_TRUE(slots.has(InputField::kPrincipal));
  ASSERT_EQ(walk(R"({"query":"not an object"})"), FlatJsonWalker::Outcome::kRead);
  EXPECT_FALSE(slots.has(InputField::kStatement));
  EXPECT_EQ(walk(R"({"query":[{"text":"s"}]})"), FlatJsonWalker::Outcome::kDecline);
}

// Row counts and durations in every duration unit: the walker's numbers scale to the same
// microseconds (and rows) as the reference path's, through the range of magnitudes and
// decimal places logs write.
TEST(FlatJsonWalkerAgreementTest, NumbersInEveryDurationUnitGiveWhatTheReferenceGives) {
  const char* numbers[] = {"0",
                           "1",
                           "9.55",
                           "0.5",
                           "12.345",
                           "0.001234",
                           "0.0000005",
                           "999999999",
                           "86400.123456",
                           "1000000.5",
                           "1000000000000",
                           "1000000000001",
                           "999999.999999",
                           "123456789012345",
                           "0.000000000000001"};
  for (const EpochUnit unit : {EpochUnit::kSeconds, EpochUnit::kMilliseconds,
                               EpochUnit::kMicroseconds, EpochUnit::kNanoseconds}) {
    FieldMap map = FieldMap::Native();
    map.duration_unit = unit;
    auto fast = std::move(*JsonFieldDecoder::Create(map, {.fast_path = true}));
    auto reference = std::move(*JsonFieldDecoder::Create(map, {.fast_path = false}));
    for (const char* number : numbers) {
      SCOPED_TRACE(std::string(number) + " in unit " + std::to_string(static_cast<int>(unit)));
      const std::string record =
          std::string(R"({"statement":"s","rows":)") + number + R"(,"duration_ms":)" + number + "}";
      const std::string padded = record + std::string(kRecordPadding, ' ');
      const RecordView view{std::string_view(padded.data(), record.size()), kRecordPadding};
      std::optional<int64_t> rows[2];
      std::optional<Duration> duration[2];
      int side = 0;
      const EventCallback keep = [&](const QueryEvent& event) {
        rows[side] = event.rows;
        duration[side] = event.duration;
      };
      ASSERT_EQ(fast->Decode(view, SourceRef{}, keep).events, 1u);
      side = 1;
      ASSERT_EQ(reference->Decode(view, SourceRef{}, keep).events, 1u);
      EXPECT_EQ(rows[0], rows[1]);
      EXPECT_EQ(duration[0], duration[1]);
      EXPECT_TRUE(duration[0].has_value());
    }
  }
}

// The decoder with and without its fast path: the same verdict, message and event for
// every record (the json_decoder fuzzer checks the same on random bytes).
TEST(FlatJsonWalkerAgreementTest, DecoderGivesTheSameWithAndWithoutTheFastPath) {
  auto fast = std::move(*JsonFieldDecoder::Create(FieldMap::Native(), {.fast_path = true}));
  auto reference = std::move(*JsonFieldDecoder::Create(FieldMap::Native(), {.fast_path = false}));
  const std::vector<std::string> records = {
      R"({"time":"2026-02-02T10:00:00.123+02:00","principal":"a","statement":"s","rows":"12"})",
      R"({"time":1770026400,"user":"u","statement":"select\n1","duration_ms":"0.5"})",
      R"({"statement":"s","rows":-1,"duration_ms":-3})",
      R"({"statement":"s","rows":true})",
      R"({"statement":"s","rows":"x"})",
      R"({"statement":"s","time":"2026-13-01T00:00:00Z"})",
      R"({"statement":"s","time":true})",
      R"({"statement":"s","rows":1e19})",
      // Zero with an exponent too large for from_chars (the json_decoder fuzzer's find).
      R"({"l3":"b", "rows":0e900222222222222222222222222222222222222222222222222222222220})",
      R"({"statement":"s","rows":0e400})",
      R"({"statement":"s","rows":1e-400})",
      R"({"statement":"s","duration_ms":2.5E-3,"principal":1e3})",
      R"X({"time":"2026-03-10T04:06:00+02:00","principal":"c0e9 \ud83d\ude00","statement":"select \"N t -- x\\y","rmws":1.5e3,"duration_ms":0.0009999999999999999999999999999990000000000500000002175242468310646778,"status":null,"x":[1,{"y":[true,false,null,-0.5E-2]}]})X",
      R"({"statement":"s","principal":{"a":1}})",
      R"({"statement":"s","principal":[1]})",
      R"({"statement":"s","principal":false,"status":12.50})",
      R"({"principal":"no statement"})",
      R"({})",
      R"({"statement":"\ud83d"})",
      R"({"st\u0061tement":"escaped key"})",
      R"([{"statement":"a"},{"statement":"b"}])",
      R"({"statement":"s"} {"statement":"t"})",
      R"({"statement":"s")",
      "{\"statement\":\"\xc3\x28\"}",
  };
  for (const std::string& record : records) {
    SCOPED_TRACE(record);
    std::string padded = record + std::string(kRecordPadding, ' ');
    const RecordView view{std::string_view(padded.data(), record.size()), kRecordPadding};
    std::vector<std::string> got, want;
    const auto flatten = [](std::vector<std::string>& out) {
      return [&out](const QueryEvent& event) {
        out.push_back(std::string(event.principal) + "|" + std::string(event.statement) + "|" +
                      std::string(event.status) + "|" +
                      (event.rows ? std::to_string(*event.rows) : "-") + "|" +
                      (event.duration ? std::to_string(event.duration->count()) : "-") + "|" +
                      (event.time ? std::to_string(event.time->time_since_epoch().count()) : "-"));
      };
    };
    const DecodeResult a = fast->Decode(view, SourceRef{}, flatten(got));
    const DecodeResult b = reference->Decode(view, SourceRef{}, flatten(want));
    EXPECT_EQ(a.reason, b.reason);
    EXPECT_EQ(a.detail, b.detail);
    EXPECT_EQ(a.events, b.events);
    EXPECT_EQ(got, want);
  }
}

}  // namespace
}  // namespace leakhound
