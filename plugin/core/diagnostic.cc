#include "core/diagnostic.h"

namespace leakhound {

std::string Diagnostic::ToString() const {
  std::string out = location.file.empty() ? "<input>" : location.file;
  if (location.line > 0) {
    out += ':' + std::to_string(location.line);
    if (location.column > 0) out += ':' + std::to_string(location.column);
  }
  out += severity == Severity::kError ? ": error: " : ": warning: ";
  if (!rule_id.empty()) out += "[" + rule_id + "] ";
  out += message;
  return out;
}

void Diagnostics::Error(SourceLocation location, std::string rule_id, std::string message) {
  all_.push_back(
      {Diagnostic::Severity::kError, std::move(location), std::move(rule_id), std::move(message)});
  ++errors_;
}

void Diagnostics::Warning(SourceLocation location, std::string rule_id, std::string message) {
  all_.push_back({Diagnostic::Severity::kWarning, std::move(location), std::move(rule_id),
                  std::move(message)});
}

void Diagnostics::Append(const Diagnostics& other) {
  all_.insert(all_.end(), other.all_.begin(), other.all_.end());
  errors_ += other.errors_;
}

std::string Diagnostics::ToString() const {
  std::string out;
  for (const Diagnostic& diagnostic : all_) out += diagnostic.ToString() + '\n';
  out += std::to_string(error_count()) + (error_count() == 1 ? " error, " : " errors, ") +
         std::to_string(warning_count()) + (warning_count() == 1 ? " warning" : " warnings");
  return out;
}

}  // namespace leakhound
