// LoadYamlDocuments / LoadYamlDocument: yaml-cpp's LoadAll and Load for rule, catalog,
// profile and config files, without two traps of Debian 12's yaml-cpp 0.7.
//
// Its LoadAll loops for ever, allocating a null document per turn (2.6 GB in 3 s), when a
// token cannot start a node: a file that begins with ',' is enough (jbeder/yaml-cpp#1040,
// fixed upstream by #1319 after 0.8.0). A rule file is untrusted text that a hot reload
// reads inside the service, so one stray comma must be an error at its position, not an
// out-of-memory kill.
//
// Past 500 levels of nesting yaml-cpp stops with the message "bad file"; both functions say
// what happened instead.
//
// Thread-safety: pure functions (the Read ones write only to the diagnostics given).
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"

namespace leakhound {

// Throws YAML::ParserException (with the position) on a syntax error, as LoadAll does, and
// also where a document would start at the same place as the one before it.
std::vector<YAML::Node> LoadYamlDocuments(const std::string& content);

// The first document (a null node for an empty stream), as YAML::Load; throws likewise.
YAML::Node LoadYamlDocument(const std::string& content);

// What the loaders call: the same, but a syntax error becomes one diagnostic, "YAML
// syntax: ..." at `path`:line:col, and the answer is nullopt.
std::optional<std::vector<YAML::Node>> ReadYamlDocuments(const std::string& path,
                                                         const std::string& content,
                                                         Diagnostics& diagnostics);
std::optional<YAML::Node> ReadYamlDocument(const std::string& path, const std::string& content,
                                           Diagnostics& diagnostics);

}  // namespace leakhound
