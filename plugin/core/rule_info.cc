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

}  // namespace leakhound
