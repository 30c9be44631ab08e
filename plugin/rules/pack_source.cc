#include "rules/pack_source.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace leakhound {
namespace {

namespace fs = std::filesystem;

Result<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot read " + path.string() + ": " + std::strerror(errno));
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return IoError("error while reading " + path.string());
  return content.str();
}

bool IsYaml(const fs::path& path) {
  const std::string extension = path.extension().string();
  return extension == ".yaml" || extension == ".yml";
}

Status ReadCatalogAndLists(const fs::path& root, RulePackSource& pack) {
  std::error_code ignored;  // absent catalog or lists are fine
  const fs::path catalog = root / "catalog.yaml";
  if (fs::is_regular_file(catalog, ignored)) {
    Result<std::string> content = ReadFile(catalog);
    if (!content.ok()) return content.status();
    pack.catalog = PackFile{catalog.string(), std::move(*content)};
  }
  const fs::path lists = root / "lists";
  if (!fs::is_directory(lists, ignored)) return Status::Ok();
  std::error_code error;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(lists, error)) {
    if (entry.is_regular_file() && entry.path().extension() == ".txt")
      files.push_back(entry.path());
  }
  if (error) return IoError("cannot list " + lists.string() + ": " + error.message());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    Result<std::string> content = ReadFile(file);
    if (!content.ok()) return content.status();
    pack.lists.push_back({file.string(), std::move(*content)});
  }
  return Status::Ok();
}

}  // namespace

Result<RulePackSource> ReadRulePack(const std::string& path) {
  std::error_code ignored;  // a path that does not exist is reported below
  const fs::path input(path);
  RulePackSource pack;
  pack.origin = path;
  if (fs::is_regular_file(input, ignored)) {
    Result<std::string> content = ReadFile(input);
    if (!content.ok()) return content.status();
    pack.rules.push_back({path, std::move(*content)});
    for (fs::path dir = input.parent_path(); !dir.empty(); dir = dir.parent_path()) {
      if (fs::exists(dir / "catalog.yaml", ignored) || fs::is_directory(dir / "lists", ignored)) {
        LEAKHOUND_RETURN_IF_ERROR(ReadCatalogAndLists(dir, pack));
        break;
      }
      if (dir == dir.parent_path()) break;
    }
    return pack;
  }
  if (!fs::is_directory(input, ignored)) {
    return NotFound("rule path " + path + " is neither a file nor a directory");
  }
  LEAKHOUND_RETURN_IF_ERROR(ReadCatalogAndLists(input, pack));
  std::error_code error;
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(input, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    const fs::path& file = it->path();
    if (it->is_directory() && file.filename() == "lists") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && IsYaml(file) && file.filename() != "catalog.yaml") {
      files.push_back(file);
    }
  }
  if (error) return IoError("cannot list " + path + ": " + error.message());
  std::sort(files.begin(), files.end());  // a stable order: same pack, same diagnostics
  for (const fs::path& file : files) {
    Result<std::string> content = ReadFile(file);
    if (!content.ok()) return content.status();
    pack.rules.push_back({file.string(), std::move(*content)});
  }
  return pack;
}

}  // namespace leakhound
