#include "rules/yaml_reader.h"

#include <algorithm>
#include <charconv>

#include "core/spelling.h"

namespace leakhound {

std::string KeyText(const YAML::Node& key) {
  return key.IsScalar() ? key.Scalar() : std::string("<non-scalar key>");
}

SourceLocation YamlReader::Location(const YAML::Node& node) const {
  SourceLocation location{file_, 0, 0};
  if (node.IsDefined()) {
    const YAML::Mark mark = node.Mark();
    if (!mark.is_null()) {
      location.line = mark.line + 1;
      location.column = mark.column + 1;
    }
  }
  return location;
}

void YamlReader::Error(const YAML::Node& at, std::string message) {
  diagnostics_.Error(Location(at), rule_id_, std::move(message));
}

void YamlReader::Warning(const YAML::Node& at, std::string message) {
  diagnostics_.Warning(Location(at), rule_id_, std::move(message));
}

void YamlReader::CheckKeys(const YAML::Node& map, std::span<const std::string_view> allowed,
                           std::string_view context) {
  if (!map.IsMap()) return;
  std::vector<std::string> seen;
  for (const auto& entry : map) {
    const std::string key = KeyText(entry.first);
    // yaml-cpp accepts a repeated key and node[key] reads only the first: without this
    // a second `exceptions:` or `where:` block would be ignored without a word.
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      Error(entry.first,
            "duplicate key '" + key + "' in " + std::string(context) + "; only the first is read");
      continue;
    }
    seen.push_back(key);
    bool known = false;
    for (std::string_view name : allowed) known = known || name == key;
    if (known) continue;
    std::string message = "unknown key '" + key + "' in " + std::string(context);
    const std::string_view suggestion = ClosestMatch(key, allowed);
    if (!suggestion.empty()) {
      message += "; did you mean '" + std::string(suggestion) + "'?";
    } else {
      message += " (allowed:";
      for (std::string_view name : allowed) message += " " + std::string(name);
      message += ")";
    }
    Error(entry.first, std::move(message));
  }
}

bool YamlReader::ExpectMap(const YAML::Node& node, std::string_view what) {
  if (node.IsMap()) return true;
  Error(node, std::string(what) + " must be a mapping (key: value lines)");
  return false;
}

std::optional<std::string> YamlReader::String(const YAML::Node& node, std::string_view what) {
  if (node.IsScalar()) return node.Scalar();
  Error(node, std::string(what) + " must be a string");
  return std::nullopt;
}

std::optional<double> YamlReader::Number(const YAML::Node& node, std::string_view what) {
  if (node.IsScalar()) {
    const std::string& text = node.Scalar();
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc() && end == text.data() + text.size()) return value;
  }
  Error(node, std::string(what) + " must be a number");
  return std::nullopt;
}

std::optional<int64_t> YamlReader::Integer(const YAML::Node& node, std::string_view what) {
  if (node.IsScalar()) {
    const std::string& text = node.Scalar();
    int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc() && end == text.data() + text.size()) return value;
  }
  Error(node, std::string(what) + " must be an integer");
  return std::nullopt;
}

std::optional<bool> YamlReader::Bool(const YAML::Node& node, std::string_view what) {
  bool value = false;
  if (node.IsScalar() && YAML::convert<bool>::decode(node, value)) return value;
  Error(node, std::string(what) + " must be true or false");
  return std::nullopt;
}

std::optional<std::vector<std::string>> YamlReader::StringList(const YAML::Node& node,
                                                               std::string_view what) {
  std::vector<std::string> values;
  if (node.IsScalar()) {
    values.push_back(node.Scalar());
    return values;
  }
  if (!node.IsSequence()) {
    Error(node, std::string(what) + " must be a string or a list of strings");
    return std::nullopt;
  }
  bool ok = true;
  for (const YAML::Node& item : node) {
    if (item.IsScalar()) {
      values.push_back(item.Scalar());
    } else {
      Error(item, std::string(what) + " must hold only strings");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return values;
}

}  // namespace leakhound
