// Shell-style wildcards for list entries and catalog names: '*' matches any run of bytes,
// '?' one byte; matching ignores ASCII case. "svc_*" matches "SVC_backup".
//
// Thread-safety: pure functions.
#pragma once

#include <string_view>

namespace leakhound {

bool HasWildcard(std::string_view pattern);

// Linear-time in practice (greedy with one backtrack point), never recursive, so hostile
// subjects cannot blow the stack or take quadratic time on long runs of '*'.
bool GlobMatch(std::string_view pattern, std::string_view subject);

}  // namespace leakhound
