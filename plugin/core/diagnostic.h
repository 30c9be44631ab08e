// Diagnostic: one finding about a rule, list, catalog or config file, with the place it
// points at. Loaders return every diagnostic they find, not just the first (after Falco's
// rule loader result), so that an author fixes a file in one round.
//
// Thread-safety: values.
#pragma once

#include <string>
#include <vector>

namespace leakhound {

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown
};

struct Diagnostic {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  SourceLocation location;
  std::string rule_id;  // empty when the finding is not about one rule
  std::string message;  // what is wrong and, where possible, what to do

  // "file:line:col: error: [LH-0001] message", the form compilers and editors read.
  std::string ToString() const;
};

class Diagnostics {
 public:
  void Error(SourceLocation location, std::string rule_id, std::string message);
  void Warning(SourceLocation location, std::string rule_id, std::string message);
  void Append(const Diagnostics& other);

  bool has_errors() const { return errors_ > 0; }
  size_t error_count() const { return errors_; }
  size_t warning_count() const { return all_.size() - errors_; }
  const std::vector<Diagnostic>& all() const { return all_; }

  // Every diagnostic, one per line, then "N errors, M warnings".
  std::string ToString() const;

 private:
  std::vector<Diagnostic> all_;
  size_t errors_ = 0;
};

}  // namespace leakhound
