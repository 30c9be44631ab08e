#include "cli/output_writer.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>

#include "support/test_support.h"

namespace leakhound {
namespace {

using ::leakhound::testing::ReadFile;
using ::leakhound::testing::TempDir;

TEST(OutputWriterTest, WritesLinesToAFile) {
  TempDir dir;
  const std::string path = dir.path() + "/out.ndjson";
  {
    Result<std::unique_ptr<OutputWriter>> writer = OutputWriter::OpenFile(path);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    (*writer)->WriteLine("{\"a\":1}");
    (*writer)->WriteLine("{\"b\":2}");
    EXPECT_TRUE((*writer)->Flush().ok());
  }
  EXPECT_EQ(ReadFile(path), "{\"a\":1}\n{\"b\":2}\n");
}

TEST(OutputWriterTest, FlushesWhenTheBufferFills) {
  TempDir dir;
  const std::string path = dir.path() + "/out.ndjson";
  Result<std::unique_ptr<OutputWriter>> writer = OutputWriter::OpenFile(path);
  ASSERT_TRUE(writer.ok());
  (*writer)->WriteLine("small");
  EXPECT_EQ(ReadFile(path), "");                         // buffered
  (*writer)->WriteLine(std::string(70 * 1024, 'x'));     // past the 64 KiB buffer
  EXPECT_EQ(ReadFile(path).size(), 6u + 70 * 1024 + 1);  // written before any Flush()
}

TEST(OutputWriterTest, AClosedPipeIsRecognised) {
  ::signal(SIGPIPE, SIG_IGN);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);  // the reader went away (scan | head)
  OutputWriter writer(fds[1]);
  writer.WriteLine("line");
  EXPECT_FALSE(writer.Flush().ok());
  EXPECT_TRUE(writer.pipe_closed());
  ::close(fds[1]);
}

TEST(OutputWriterTest, UnwritablePathIsAnError) {
  Result<std::unique_ptr<OutputWriter>> writer = OutputWriter::OpenFile("/nonexistent/dir/x");
  ASSERT_FALSE(writer.ok());
  EXPECT_NE(writer.status().message().find("cannot open /nonexistent/dir/x"), std::string::npos);
}

}  // namespace
}  // namespace leakhound
