// "Did you mean" hints for misspelt names in rule and config files.
//
// Thread-safety: pure functions.
#pragma once

#include <span>
#include <string_view>

namespace leakhound {

// Levenshtein distance, ignoring ASCII case.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate nearest to `name` if it is close enough to be a likely typo (at most a
// third of the name's length away); empty otherwise.
std::string_view ClosestMatch(std::string_view name, std::span<const std::string_view> candidates);

}  // namespace leakhound
