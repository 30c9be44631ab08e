#include "core/rule_info.h"

namespace leakhound {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kInformational:
      return "informational";
    case Severity::kLow:
      return "low";
    case Severity::kMedium:
      return "medium";
    case Severity::kHigh:
      return "high";
    case Severity::kCritical:
      return "critical";
  }
  return "medium";
}

std::string_view RuleStatusName(RuleStatus status) {
  switch (status) {
    case RuleStatus::kExperimental:
      return "experimental";
    case RuleStatus::kTest:
      return "test";
    case RuleStatus::kStable:
      return "stable";
    case RuleStatus::kDeprecated:
      return "deprecated";
  }
  return "experimental";
}

std::optional<Severity> FindSeverity(std::string_view name) {
  for (Severity severity : {Severity::kInformational, Severity::kLow, Severity::kMedium,
                            Severity::kHigh, Severity::kCritical}) {
    if (SeverityName(severity) == name) return severity;
  }
  return std::nullopt;
}

std::optional<RuleStatus> FindRuleStatus(std::string_view name) {
  for (RuleStatus status : {RuleStatus::kExperimental, RuleStatus::kTest, RuleStatus::kStable,
                            RuleStatus::kDeprecated}) {
    if (RuleStatusName(status) == name) return status;
  }
  return std::nullopt;
}

}  // namespace leakhound
