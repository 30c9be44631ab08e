#include "codec/line_reader.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

#include "support/test_support.h"

namespace leakhound {
namespace {

using ::leakhound::testing::TempFile;

struct OwnedLine {
  std::string text;
  int64_t number = 0;
  bool too_long = false;
  uint64_t length = 0;

  friend bool operator==(const OwnedLine&, const OwnedLine&) = default;
};

void PrintTo(const OwnedLine& line, std::ostream* os) {
  *os << "{#" << line.number << " '" << line.text << "' len=" << line.length
      << (line.too_long ? " too_long" : "") << "}";
}

OwnedLine Ok(std::string text, int64_t number) {
  const uint64_t length = text.size();
  return {std::move(text), number, false, length};
}

volatile unsigned g_padding_sink = 0;

// Reads every line from `fd`, reading each line's padding to prove it is there.
std::vector<OwnedLine> ReadAll(int fd, LineReader::Options options,
                               uint64_t* bytes_read = nullptr) {
  LineReader reader(fd, options);
  std::vector<OwnedLine> lines;
  Line line;
  unsigned checksum = 0;
  for (;;) {
    Result<bool> more = reader.Next(line);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    // The contract: kLinePadding bytes after the line are readable (for simdjson).
    const char* end = line.text.data() + line.text.size();
    if (line.text.data() != nullptr) {
      for (size_t i = 0; i < kLinePadding; ++i) checksum += static_cast<unsigned char>(end[i]);
    }
    lines.push_back({std::string(line.text), line.number, line.too_long, line.length});
  }
  g_padding_sink = checksum;  // keeps the padding reads from being optimised away
  if (bytes_read != nullptr) *bytes_read = reader.bytes_read();
  return lines;
}

// Through a temporary file.
std::vector<OwnedLine> ReadFromFile(const std::string& content, LineReader::Options options,
                                    uint64_t* bytes_read = nullptr) {
  TempFile file(content, ".ndjson");
  const int fd = ::open(file.path().c_str(), O_RDONLY | O_CLOEXEC);
  EXPECT_GE(fd, 0);
  std::vector<OwnedLine> lines = ReadAll(fd, options, bytes_read);
  ::close(fd);
  return lines;
}

// Through a pipe fed by a thread in `chunk`-byte writes, so reads return short counts that
// fall anywhere inside lines.
std::vector<OwnedLine> ReadFromPipe(const std::string& content, LineReader::Options options,
                                    size_t chunk) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  std::thread writer([&] {
    for (size_t at = 0; at < content.size(); at += chunk) {
      const size_t n = std::min(chunk, content.size() - at);
      size_t written = 0;
      while (written < n) {
        const ssize_t w = ::write(fds[1], content.data() + at + written, n - written);
        if (w <= 0) break;
        written += static_cast<size_t>(w);
      }
    }
    ::close(fds[1]);
  });
  std::vector<OwnedLine> lines = ReadAll(fds[0], options);
  writer.join();
  ::close(fds[0]);
  return lines;
}

LineReader::Options Small(size_t read_bytes, size_t max_line_bytes = 1 << 20) {
  LineReader::Options options;
  options.read_bytes = read_bytes;
  options.max_line_bytes = max_line_bytes;
  return options;
}

TEST(LineReaderTest, EmptyInputHasNoLines) { EXPECT_TRUE(ReadFromFile("", Small(7)).empty()); }

TEST(LineReaderTest, LinesAcrossSmallReadBoundaries) {
  const std::string content =
      "{\"statement\":\"select 1\"}\n"
      "second line here\n"
      "x\n"
      "a line that is much longer than seven bytes\n";
  const std::vector<OwnedLine> expected = {Ok("{\"statement\":\"select 1\"}", 1),
                                           Ok("second line here", 2), Ok("x", 3),
                                           Ok("a line that is much longer than seven bytes", 4)};
  uint64_t bytes_read = 0;
  EXPECT_EQ(ReadFromFile(content, Small(7), &bytes_read), expected);
  EXPECT_EQ(bytes_read, content.size());
  for (size_t read_bytes : {1u, 2u, 3u, 16u, 4096u}) {
    EXPECT_EQ(ReadFromFile(content, Small(read_bytes)), expected) << "read_bytes=" << read_bytes;
  }
}

TEST(LineReaderTest, PipeWithShortWrites) {
  std::string content;
  std::vector<OwnedLine> expected;
  for (int i = 1; i <= 200; ++i) {
    std::string line = "line " + std::to_string(i) + std::string(static_cast<size_t>(i % 13), '#');
    content += line + "\n";
    expected.push_back(Ok(line, i));
  }
  EXPECT_EQ(ReadFromPipe(content, Small(7), 5), expected);
  EXPECT_EQ(ReadFromPipe(content, Small(64), 3), expected);
}

TEST(LineReaderTest, CrlfIsStripped) {
  const std::vector<OwnedLine> lines = ReadFromFile("one\r\ntwo\r\n\r\nthree\n", Small(7));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].text, "one");
  EXPECT_EQ(lines[1].text, "two");
  EXPECT_EQ(lines[2].text, "");
  EXPECT_EQ(lines[3].text, "three");
  EXPECT_EQ(lines[3].number, 4);
}

TEST(LineReaderTest, CarriageReturnInsideALineIsKept) {
  const std::vector<OwnedLine> lines = ReadFromFile("a\rb\n", Small(7));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "a\rb");
}

TEST(LineReaderTest, LastLineWithoutNewline) {
  const std::vector<OwnedLine> expected = {Ok("first", 1), Ok("last without newline", 2)};
  EXPECT_EQ(ReadFromFile("first\nlast without newline", Small(7)), expected);
  EXPECT_EQ(ReadFromFile("first\nlast without newline", Small(1000)), expected);
}

TEST(LineReaderTest, LastLineWithoutNewlineEndingInCr) {
  const std::vector<OwnedLine> lines = ReadFromFile("a\nb\r", Small(3));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].text, "b");
}

TEST(LineReaderTest, EmptyLinesAreReportedAndNumbered) {
  const std::vector<OwnedLine> expected = {Ok("", 1), Ok("a", 2), Ok("", 3), Ok("", 4), Ok("b", 5)};
  EXPECT_EQ(ReadFromFile("\na\n\n\nb\n", Small(2)), expected);
}

TEST(LineReaderTest, OnlyNewlines) {
  const std::vector<OwnedLine> expected = {Ok("", 1), Ok("", 2)};
  EXPECT_EQ(ReadFromFile("\n\n", Small(7)), expected);
}

TEST(LineReaderTest, LineAtExactlyTheLimitIsKept) {
  const std::string ten(10, 'a');
  const std::vector<OwnedLine> expected = {Ok(ten, 1), Ok("b", 2)};
  EXPECT_EQ(ReadFromFile(ten + "\nb\n", Small(7, 10)), expected);
}

TEST(LineReaderTest, OverLongLineIsReportedWithFullLengthAndNextLineIntact) {
  const std::string long_line(25, 'x');
  const std::string content = "short\n" + long_line + "\nnext\n";
  const std::vector<OwnedLine> expected = {Ok("short", 1), {"", 2, true, 25}, Ok("next", 3)};
  for (size_t read_bytes : {1u, 3u, 7u, 11u, 100u}) {
    EXPECT_EQ(ReadFromFile(content, Small(read_bytes, 10)), expected)
        << "read_bytes=" << read_bytes;
  }
  EXPECT_EQ(ReadFromPipe(content, Small(7, 10), 4), expected);
}

TEST(LineReaderTest, OneByteOverTheLimitIsTooLong) {
  const std::vector<OwnedLine> expected = {{"", 1, true, 11}, Ok("ok", 2)};
  EXPECT_EQ(ReadFromFile(std::string(11, 'y') + "\nok\n", Small(7, 10)), expected);
}

TEST(LineReaderTest, OverLongLastLineWithoutNewline) {
  const std::vector<OwnedLine> expected = {Ok("a", 1), {"", 2, true, 30}};
  EXPECT_EQ(ReadFromFile("a\n" + std::string(30, 'z'), Small(7, 10)), expected);
}

TEST(LineReaderTest, SeveralOverLongLinesInARow) {
  const std::string content =
      std::string(20, 'a') + "\n" + std::string(15, 'b') + "\nc\n" + std::string(12, 'd') + "\n";
  const std::vector<OwnedLine> expected = {
      {"", 1, true, 20}, {"", 2, true, 15}, Ok("c", 3), {"", 4, true, 12}};
  EXPECT_EQ(ReadFromFile(content, Small(7, 10)), expected);
  EXPECT_EQ(ReadFromFile(content, Small(64, 10)), expected);
}

TEST(LineReaderTest, FiveMegabyteLineWithOneKibLimit) {
  const size_t big = 5u << 20;
  std::string content = "{\"first\":1}\n";
  content.append(big, 'q');
  content += "\n{\"last\":2}\n";
  LineReader::Options options = Small(64 << 10, 1 << 10);
  uint64_t bytes_read = 0;
  const std::vector<OwnedLine> lines = ReadFromFile(content, options, &bytes_read);
  const std::vector<OwnedLine> expected = {
      Ok("{\"first\":1}", 1), {"", 2, true, big}, Ok("{\"last\":2}", 3)};
  EXPECT_EQ(lines, expected);
  EXPECT_EQ(bytes_read, content.size());
}

TEST(LineReaderTest, FiveMegabyteLineThroughAPipe) {
  const size_t big = 5u << 20;
  std::string content(big, 'q');
  content += "\nafter\n";
  const std::vector<OwnedLine> expected = {{"", 1, true, big}, Ok("after", 2)};
  EXPECT_EQ(ReadFromPipe(content, Small(4096, 1 << 10), 65536), expected);
}

TEST(LineReaderTest, NextAfterEndKeepsReturningFalse) {
  TempFile file("only\n");
  const int fd = ::open(file.path().c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  LineReader reader(fd, Small(7));
  Line line;
  Result<bool> more = reader.Next(line);
  ASSERT_TRUE(more.ok());
  EXPECT_TRUE(*more);
  EXPECT_EQ(line.text, "only");
  for (int i = 0; i < 3; ++i) {
    more = reader.Next(line);
    ASSERT_TRUE(more.ok());
    EXPECT_FALSE(*more);
  }
  ::close(fd);
}

TEST(LineReaderTest, ReadErrorIsReported) {
  LineReader reader(-1, Small(7));
  Line line;
  const Result<bool> more = reader.Next(line);
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.status().code(), StatusCode::kIoError);
  EXPECT_NE(more.status().message().find("read failed"), std::string::npos)
      << more.status().message();
}

TEST(LineReaderTest, PaddingAfterEveryLineIsReadable) {
  // Lines that end exactly at the end of a read, and a last line without newline, are the
  // cases where the padding could be missing.
  const std::string content = "abcdef\n1234567\nlast";
  TempFile file(content);
  const int fd = ::open(file.path().c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  LineReader padded(fd, Small(7));
  Line line;
  int count = 0;
  for (;;) {
    Result<bool> more = padded.Next(line);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    ++count;
    std::string copy(line.text.data(), line.text.size() + kLinePadding);  // reads the padding
    EXPECT_EQ(copy.substr(0, line.text.size()), line.text);
  }
  EXPECT_EQ(count, 3);
  ::close(fd);
}

LineReader::Options Framed(Framing framing, size_t read_bytes) {
  LineReader::Options options = Small(read_bytes);
  options.framing = framing;
  return options;
}

// Every framing must cut the same records whatever the read size and the pipe's chunks.
void ExpectFramedAtEveryReadSize(const std::string& content, Framing framing,
                                 const std::vector<OwnedLine>& expected) {
  for (size_t read_bytes : {1, 2, 3, 7, 64, 4096}) {
    EXPECT_EQ(ReadFromFile(content, Framed(framing, read_bytes)), expected) << read_bytes;
  }
  for (size_t chunk : {1, 5, 13}) {
    EXPECT_EQ(ReadFromPipe(content, Framed(framing, 8), chunk), expected) << chunk;
  }
}

TEST(LineReaderFramingTest, CsvQuotedLineBreaksContinueTheRecord) {
  const std::string content =
      "1,\"select *\n  from t\",x\n2,\"a \"\"quoted\"\"\nline\"\n3,plain\n\"open\n";
  ExpectFramedAtEveryReadSize(
      content, Framing::kCsv,
      {Ok("1,\"select *\n  from t\",x", 1), Ok("2,\"a \"\"quoted\"\"\nline\"", 3), Ok("3,plain", 5),
       // An open quote at the end of input: the rest, for the
       // decoder to reject as cut short.
       Ok("\"open\n", 6)});
}

TEST(LineReaderFramingTest, TabContinuedLinesJoinTheirRecord) {
  const std::string content =
      "2026-03-02 LOG:  select *\n\tfrom t\n\twhere 1\n2026-03-02 LOG:  next\n\tend";
  ExpectFramedAtEveryReadSize(content, Framing::kTabContinued,
                              {Ok("2026-03-02 LOG:  select *\n\tfrom t\n\twhere 1", 1),
                               Ok("2026-03-02 LOG:  next\n\tend", 4)});
}

TEST(LineReaderFramingTest, JsonValuesAcrossLinesAndArrayElements) {
  const std::string content =
      "[\n  {\n    \"a\": \"}\\\"{\",\n    \"b\": [1, {\"c\": 2}]\n  },\n  {\"d\": 3}\n]\n"
      "{\"e\": 4},\n"
      "oops\n"
      "{\"f\": ";
  ExpectFramedAtEveryReadSize(
      content, Framing::kJsonValues,
      {Ok("{\n    \"a\": \"}\\\"{\",\n    \"b\": [1, {\"c\": 2}]\n  }", 2), Ok("{\"d\": 3}", 6),
       Ok("{\"e\": 4}", 8), Ok("oops", 9), Ok("{\"f\": ", 10)});
}

TEST(LineReaderFramingTest, GeneralLogEntriesAndTheirStatementsFurtherLines) {
  const std::string content =
      "Time                 Id Command    Argument\n"
      "051007 21:55:24\t     42 Connect     root@localhost on db1\n"
      "\t\t                 42 Query       SELECT foo \n"
      "                         FROM tbl\n"
      "\n"
      "                     42 Query       SELECT 2\n"
      "2016-06-07T19:07:02.558713Z    4 Query\tSET NAMES 'utf8'";
  ExpectFramedAtEveryReadSize(
      content, Framing::kMySqlGeneral,
      {Ok("Time                 Id Command    Argument", 1),
       Ok("051007 21:55:24\t     42 Connect     root@localhost on db1", 2),
       Ok("\t\t                 42 Query       SELECT foo \n                         FROM "
          "tbl\n",
          3),
       Ok("                     42 Query       SELECT 2", 6),
       Ok("2016-06-07T19:07:02.558713Z    4 Query\tSET NAMES 'utf8'", 7)});
}

TEST(LineReaderFramingTest, SlowLogHeadersThenTheStatement) {
  const std::string content =
      "/usr/sbin/mysqld, Version: 5.7.12-log. started with:\n"
      "# Time: 2016-07-20T18:13:25.698433Z\n"
      "# Query_time: 0.1  Lock_time: 0 Rows_sent: 1  Rows_examined: 2\n"
      "SELECT 1\n"
      "  FROM t;\n"
      "# Query_time: 0.2  Lock_time: 0 Rows_sent: 0  Rows_examined: 0\n"
      "use db2;\n"
      "SELECT 2;\n";
  ExpectFramedAtEveryReadSize(
      content, Framing::kMySqlSlow,
      {Ok("/usr/sbin/mysqld, Version: 5.7.12-log. started with:", 1),
       Ok("# Time: 2016-07-20T18:13:25.698433Z\n# Query_time: 0.1  Lock_time: 0 Rows_sent: 1  "
          "Rows_examined: 2\nSELECT 1\n  FROM t;",
          2),
       Ok("# Query_time: 0.2  Lock_time: 0 Rows_sent: 0  Rows_examined: 0\nuse db2;\nSELECT 2;",
          6)});
}

}  // namespace
}  // namespace leakhound
