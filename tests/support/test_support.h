// Helpers shared by the tests: paths of the source tree, the shared corpus and the built
// binary; temporary files; running the leakhound command and capturing what it prints.
#pragma once

#include <string>
#include <vector>

namespace leakhound::testing {

// Absolute path of a file in the source tree, e.g. SourcePath("rules").
std::string SourcePath(const std::string& relative);
// Absolute path of a file in ../shared (the real log corpus, the SIEM schemas).
std::string SharedPath(const std::string& relative);
// The leakhound binary under test.
std::string LeakhoundBinary();

// A file in a fresh temporary directory, removed with the object.
class TempFile {
 public:
  explicit TempFile(const std::string& content, const std::string& suffix = ".txt");
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string directory_;
  std::string path_;
};

// A fresh temporary directory, removed (recursively) with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // Writes `content` to path()/relative, creating directories; returns the full path.
  std::string Write(const std::string& relative, const std::string& content) const;

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs the leakhound binary with `args`, feeding `input` on stdin.
CommandResult RunLeakhound(const std::vector<std::string>& args, const std::string& input = "");

std::string ReadFile(const std::string& path);
std::vector<std::string> SplitLines(const std::string& text);

}  // namespace leakhound::testing
