#include "rules/yaml_documents.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <sstream>

namespace leakhound {
namespace {

// Sees only where each document starts; the tree is built by the second pass.
class DocumentStarts final : public YAML::EventHandler {
 public:
  const YAML::Mark& last() const { return last_; }

  void OnDocumentStart(const YAML::Mark& mark) override { last_ = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  YAML::Mark last_ = YAML::Mark::null_mark();
};

std::string StuckMessage(const std::string& content, const YAML::Mark& at) {
  std::string token = "this";
  if (at.pos >= 0 && static_cast<size_t>(at.pos) < content.size()) {
    token = "'" + std::string(1, content[static_cast<size_t>(at.pos)]) + "'";
  }
  return token + " cannot start a YAML node here; remove it, or quote the value it begins";
}

// Every document consumes at least one token, so a document that starts where the previous
// one started means the parser has stopped moving: the loop LoadAll would never leave.
void CheckEveryDocumentAdvances(const std::string& content) {
  std::istringstream stream(content);
  YAML::Parser parser(stream);
  DocumentStarts starts;
  int previous = YAML::Mark::null_mark().pos;  // -1: no document starts there
  while (parser.HandleNextDocument(starts)) {
    if (starts.last().pos == previous) {
      throw YAML::ParserException(starts.last(), StuckMessage(content, starts.last()));
    }
    previous = starts.last().pos;
  }
}

// Runs `load`, turning a syntax error into one diagnostic at path:line:col.
template <typename Load>
auto LoadOrReport(const std::string& path, Diagnostics& diagnostics, Load load)
    -> std::optional<decltype(load())> {
  try {
    return load();
  } catch (const YAML::Exception& e) {
    diagnostics.Error({path, e.mark.line + 1, e.mark.column + 1}, "", "YAML syntax: " + e.msg);
    return std::nullopt;
  }
}

YAML::ParserException TooDeep(const YAML::DeepRecursion& e) {
  return YAML::ParserException(
      e.mark, "nested " + std::to_string(e.depth()) +
                  " levels deep, more than the YAML reader follows; a bracket is probably "
                  "left open, or a list was indented one level per line");
}

}  // namespace

std::vector<YAML::Node> LoadYamlDocuments(const std::string& content) {
  try {
    CheckEveryDocumentAdvances(content);
    return YAML::LoadAll(content);
  } catch (const YAML::DeepRecursion& e) {
    throw TooDeep(e);
  }
}

YAML::Node LoadYamlDocument(const std::string& content) {
  try {
    return YAML::Load(content);
  } catch (const YAML::DeepRecursion& e) {
    throw TooDeep(e);
  }
}

std::optional<std::vector<YAML::Node>> ReadYamlDocuments(const std::string& path,
                                                         const std::string& content,
                                                         Diagnostics& diagnostics) {
  return LoadOrReport(path, diagnostics, [&] { return LoadYamlDocuments(content); });
}

std::optional<YAML::Node> ReadYamlDocument(const std::string& path, const std::string& content,
                                           Diagnostics& diagnostics) {
  return LoadOrReport(path, diagnostics, [&] { return LoadYamlDocument(content); });
}

}  // namespace leakhound
