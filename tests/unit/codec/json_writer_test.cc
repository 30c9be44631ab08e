#include "codec/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace leakhound {
namespace {

std::string Quoted(std::string_view value) {
  std::string out;
  AppendJsonString(value, out);
  return out;
}

TEST(AppendJsonStringTest, PlainAsciiIsQuotedAsIs) {
  EXPECT_EQ(Quoted("select * from t"), "\"select * from t\"");
  EXPECT_EQ(Quoted(""), "\"\"");
}

TEST(AppendJsonStringTest, AppendsToExistingContent) {
  std::string out = "prefix:";
  AppendJsonString("x", out);
  EXPECT_EQ(out, "prefix:\"x\"");
}

TEST(AppendJsonStringTest, EscapesQuoteAndBackslash) {
  EXPECT_EQ(Quoted("say \"hi\""), R"("say \"hi\"")");
  EXPECT_EQ(Quoted("C:\\dir\\x"), R"("C:\\dir\\x")");
  EXPECT_EQ(Quoted("\\\""), R"("\\\"")");
}

TEST(AppendJsonStringTest, EscapesNamedControlCharacters) {
  EXPECT_EQ(Quoted("a\nb\rc\td\be\ff"), R"("a\nb\rc\td\be\ff")");
}

TEST(AppendJsonStringTest, EscapesOtherControlCharactersAsUnicode) {
  EXPECT_EQ(Quoted("\x01"), R"("\u0001")");
  EXPECT_EQ(Quoted("\x1f"), R"("\u001f")");
  EXPECT_EQ(Quoted("\x0b"), R"("\u000b")");
  EXPECT_EQ(Quoted(std::string_view("a\0b", 3)), R"("a\u0000b")");
}

TEST(AppendJsonStringTest, EscapesDel) { EXPECT_EQ(Quoted("x\x7fy"), R"("x\u007fy")"); }

TEST(AppendJsonStringTest, ForwardSlashAndSpaceAreNotEscaped) {
  EXPECT_EQ(Quoted("a/b c~"), "\"a/b c~\"");
}

TEST(AppendJsonStringTest, KeepsValidMultiByteUtf8) {
  const std::string text =
      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf";  // é € 😀 U+10FFFF
  EXPECT_EQ(Quoted(text), "\"" + text + "\"");
}

TEST(AppendJsonStringTest, ReplacesEachInvalidByteWithReplacementCharacter) {
  const std::string kFffd = "\xef\xbf\xbd";
  // A byte that can never start a sequence.
  EXPECT_EQ(Quoted("a\xff"
                   "b"),
            "\"a" + kFffd + "b\"");
  // A lone continuation byte.
  EXPECT_EQ(Quoted("\x80"), "\"" + kFffd + "\"");
  // Overlong encoding of '/': both bytes are invalid.
  EXPECT_EQ(Quoted("\xc0\xaf"), "\"" + kFffd + kFffd + "\"");
  // Overlong three-byte form of U+007F.
  EXPECT_EQ(Quoted("\xe0\x81\xbf"), "\"" + kFffd + kFffd + kFffd + "\"");
  // A UTF-16 surrogate encoded in UTF-8 (U+D800).
  EXPECT_EQ(Quoted("\xed\xa0\x80"), "\"" + kFffd + kFffd + kFffd + "\"");
  // Beyond U+10FFFF.
  EXPECT_EQ(Quoted("\xf4\x90\x80\x80"), "\"" + kFffd + kFffd + kFffd + kFffd + "\"");
}

TEST(AppendJsonStringTest, TruncatedSequenceAtEndIsReplacedByteByByte) {
  const std::string kFffd = "\xef\xbf\xbd";
  // The first two bytes of the euro sign, then the end of the string.
  EXPECT_EQ(Quoted("x\xe2\x82"), "\"x" + kFffd + kFffd + "\"");
  // A lead byte followed by ASCII: the lead is replaced, the ASCII kept.
  EXPECT_EQ(Quoted("\xc3"
                   "A"),
            "\"" + kFffd + "A\"");
}

TEST(JsonWriterTest, EmptyObjectAndArray) {
  std::string out;
  JsonWriter json(out);
  json.BeginObject().EndObject();
  EXPECT_EQ(out, "{}");
  out.clear();
  JsonWriter array(out);
  array.BeginArray().EndArray();
  EXPECT_EQ(out, "[]");
}

TEST(JsonWriterTest, FieldsAreSeparatedByCommas) {
  std::string out;
  JsonWriter json(out);
  json.BeginObject()
      .Field("s", "text")
      .Field("i", int64_t{-7})
      .Field("n", 3)
      .Field("u", uint64_t{18446744073709551615u})
      .Field("b", true)
      .Field("f", false)
      .Key("z")
      .Null()
      .EndObject();
  EXPECT_EQ(out,
            R"({"s":"text","i":-7,"n":3,"u":18446744073709551615,"b":true,"f":false,"z":null})");
}

TEST(JsonWriterTest, StringViewAndStdStringFieldsAreStrings) {
  std::string out;
  JsonWriter json(out);
  const std::string owned = "o";
  json.BeginObject().Field("a", std::string_view("v")).Field("b", owned).EndObject();
  EXPECT_EQ(out, R"({"a":"v","b":"o"})");
}

TEST(JsonWriterTest, ExtremeIntegers) {
  std::string out;
  JsonWriter json(out);
  json.BeginArray()
      .Int(std::numeric_limits<int64_t>::min())
      .Int(std::numeric_limits<int64_t>::max())
      .Uint(0)
      .EndArray();
  EXPECT_EQ(out, "[-9223372036854775808,9223372036854775807,0]");
}

TEST(JsonWriterTest, IntegralDoublesPrintAsIntegers) {
  std::string out;
  JsonWriter json(out);
  json.BeginArray().Double(3.0).Double(-42.0).Double(0.0).Double(50000.0).Double(-0.0).EndArray();
  EXPECT_EQ(out, "[3,-42,0,50000,0]");
}

TEST(JsonWriterTest, FractionalDoublesUseShortestRoundTrip) {
  std::string out;
  JsonWriter json(out);
  json.BeginArray().Double(2.5).Double(0.1).Double(-1.25).EndArray();
  EXPECT_EQ(out, "[2.5,0.1,-1.25]");
}

TEST(JsonWriterTest, HugeIntegralDoubleStaysADouble) {
  std::string out;
  JsonWriter json(out);
  json.Double(1e20);
  EXPECT_EQ(out, "1e+20");
}

TEST(JsonWriterTest, NonFiniteDoublesAreNull) {
  std::string out;
  JsonWriter json(out);
  json.BeginObject()
      .Field("nan", std::nan(""))
      .Field("inf", std::numeric_limits<double>::infinity())
      .Field("ninf", -std::numeric_limits<double>::infinity())
      .Field("after", 1.5)
      .EndObject();
  EXPECT_EQ(out, R"({"nan":null,"inf":null,"ninf":null,"after":1.5})");
}

TEST(JsonWriterTest, NestingPlacesCommasOnlyBetweenSiblings) {
  std::string out;
  JsonWriter json(out);
  json.BeginObject();
  json.Key("a").BeginArray().Int(1).Int(2);
  json.BeginObject().Key("b").Null().EndObject();
  json.BeginArray().EndArray();
  json.EndArray();
  json.Key("c").BeginObject().EndObject();
  json.Key("d").BeginObject().Key("e").BeginObject().Field("f", "g").EndObject().EndObject();
  json.Field("h", 1);
  json.EndObject();
  EXPECT_EQ(out, R"({"a":[1,2,{"b":null},[]],"c":{},"d":{"e":{"f":"g"}},"h":1})");
}

TEST(JsonWriterTest, KeysAreEscapedToo) {
  std::string out;
  JsonWriter json(out);
  json.BeginObject().Field("we\"ird\n", "v\x01").EndObject();
  EXPECT_EQ(out, R"({"we\"ird\n":"v\u0001"})");
}

TEST(JsonWriterTest, StringArray) {
  std::string out;
  JsonWriter json(out);
  json.BeginObject()
      .StringArray("empty", {})
      .StringArray("one", {"x"})
      .StringArray("two", {"a\"", "b"})
      .EndObject();
  EXPECT_EQ(out, R"({"empty":[],"one":["x"],"two":["a\"","b"]})");
}

TEST(JsonWriterTest, AppendsToCallerString) {
  std::string out = "line1\n";
  JsonWriter json(out);
  json.BeginObject().Field("k", 1).EndObject();
  EXPECT_EQ(out, "line1\n{\"k\":1}");
}

TEST(JsonWriterTest, InvalidUtf8InValuesIsReplaced) {
  std::string out;
  JsonWriter json(out);
  json.BeginObject().Field("s", "ok\xfe").EndObject();
  EXPECT_EQ(out, "{\"s\":\"ok\xef\xbf\xbd\"}");
}

}  // namespace
}  // namespace leakhound
