#include "core/glob.h"

#include "core/ascii.h"

namespace leakhound {

bool HasWildcard(std::string_view pattern) {
  return pattern.find_first_of("*?") != std::string_view::npos;
}

bool GlobMatch(std::string_view pattern, std::string_view subject) {
  size_t p = 0, s = 0;
  size_t star = std::string_view::npos, star_subject = 0;
  while (s < subject.size()) {
    // '*' is tested first: matched as a literal against a '*' in the subject, it would
    // leave no backtrack point and "a*c" would not match "a*bc".
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_subject = s;
    } else if (p < pattern.size() &&
               (pattern[p] == '?' || AsciiToLower(pattern[p]) == AsciiToLower(subject[s]))) {
      ++p;
      ++s;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++star_subject;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace leakhound
