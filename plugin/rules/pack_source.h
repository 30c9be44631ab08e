// RulePackSource: the files of a rule pack, read into memory before parsing so that the
// same loader serves a directory on disk, a single rule file and the pack embedded in the
// binary.
//
// A pack is a directory holding:
//   catalog.yaml       the PII catalog (optional)
//   lists/NAME.txt     named lists, one entry per line (optional)
//   **/*.yaml, *.yml   rule files, each holding one or more YAML documents
//
// Thread-safety: values; EmbeddedRulePack() is safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace leakhound {

struct PackFile {
  std::string path;  // as shown in diagnostics
  std::string content;
};

struct RulePackSource {
  std::string origin;  // the directory, or "embedded"
  std::optional<PackFile> catalog;
  std::vector<PackFile> lists;
  std::vector<PackFile> rules;
};

// Reads a pack directory, or a single rule file together with the catalog and lists of
// the nearest enclosing directory that has a catalog.yaml or a lists/ folder.
Result<RulePackSource> ReadRulePack(const std::string& path);

// The pack shipped in rules/ of the source tree, compiled into the binary.
const RulePackSource& EmbeddedRulePack();

}  // namespace leakhound
