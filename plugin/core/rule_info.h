// RuleInfo: what a detection says about the rule that raised it. The rules layer owns the
// full rule; detections share its metadata through a shared_ptr so they can outlive a
// rule reload.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leakhound {

enum class Severity { kInformational, kLow, kMedium, kHigh, kCritical };
enum class RuleStatus { kExperimental, kTest, kStable, kDeprecated };

std::string_view SeverityName(Severity severity);
std::string_view RuleStatusName(RuleStatus status);
// The inverses, for names as SeverityName and RuleStatusName write them; nullopt otherwise.
std::optional<Severity> FindSeverity(std::string_view name);
std::optional<RuleStatus> FindRuleStatus(std::string_view name);

struct RuleInfo {
  std::string id;  // "LH-0007"
  std::string title;
  std::string description;
  Severity severity = Severity::kMedium;
  std::vector<std::string> tags;  // "attack.collection", "attack.t1213.006"
  RuleStatus status = RuleStatus::kExperimental;
  int version = 1;
  std::string author;
  std::vector<std::string> references;
  std::vector<std::string> false_positives;
  std::string file;  // where the rule was loaded from
};

}  // namespace leakhound
