#include "rules/list_loader.h"

#include <filesystem>
#include <unordered_set>

#include "core/ascii.h"

namespace leakhound {

std::shared_ptr<NamedList> LoadNamedList(const PackFile& file, Diagnostics& diagnostics) {
  const std::string name = std::filesystem::path(file.path).stem().string();
  auto list = std::make_shared<NamedList>(name, file.path);
  std::unordered_set<std::string> seen;
  std::string_view rest = file.content;
  int line_number = 0;
  while (!rest.empty()) {
    ++line_number;
    const size_t newline = rest.find('\n');
    std::string_view line = rest.substr(0, newline);
    rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
    if (const size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    line = TrimAsciiWhitespace(line);
    if (line.empty()) continue;
    if (!seen.insert(AsciiLowercase(line)).second) {
      diagnostics.Warning({file.path, line_number, 1}, "",
                          "duplicate entry '" + std::string(line) + "' in list '" + name + "'");
      continue;
    }
    list->Add(line);
  }
  if (list->size() == 0) {
    diagnostics.Warning({file.path, 1, 1}, "", "list '" + name + "' is empty");
  }
  return list;
}

}  // namespace leakhound
