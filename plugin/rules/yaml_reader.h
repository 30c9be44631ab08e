// YamlReader: typed reads from a yaml-cpp tree that report what is wrong, and where, into
// a Diagnostics list instead of throwing, so that a loader can go on and report every
// problem of a file in one pass. Internal to the rules layer.
//
// Thread-safety: one reader per file being loaded.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace leakhound {

class YamlReader {
 public:
  YamlReader(std::string file, Diagnostics& diagnostics)
      : file_(std::move(file)), diagnostics_(diagnostics) {}

  void set_rule_id(std::string rule_id) { rule_id_ = std::move(rule_id); }
  const std::string& file() const { return file_; }
  // Errors reported so far, by every reader of the same Diagnostics.
  size_t error_count() const { return diagnostics_.error_count(); }

  SourceLocation Location(const YAML::Node& node) const;
  void Error(const YAML::Node& at, std::string message);
  void Warning(const YAML::Node& at, std::string message);

  // Reports every key of `map` that is not in `allowed`, with a "did you mean" hint.
  void CheckKeys(const YAML::Node& map, std::span<const std::string_view> allowed,
                 std::string_view context);

  // Each returns nullopt after reporting an error when the node is not of the type asked.
  std::optional<std::string> String(const YAML::Node& node, std::string_view what);
  std::optional<double> Number(const YAML::Node& node, std::string_view what);
  std::optional<int64_t> Integer(const YAML::Node& node, std::string_view what);
  std::optional<bool> Bool(const YAML::Node& node, std::string_view what);
  // A sequence of scalars, or one scalar taken as a sequence of one.
  std::optional<std::vector<std::string>> StringList(const YAML::Node& node, std::string_view what);
  bool ExpectMap(const YAML::Node& node, std::string_view what);

 private:
  std::string file_;
  std::string rule_id_;
  Diagnostics& diagnostics_;
};

// The scalar text of a map key, for messages.
std::string KeyText(const YAML::Node& key);

}  // namespace leakhound
