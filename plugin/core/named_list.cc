#include "core/named_list.h"

#include <algorithm>

#include "core/ascii.h"
#include "core/glob.h"

namespace leakhound {

void NamedList::Add(std::string_view entry) {
  if (HasWildcard(entry)) {
    wildcards_.emplace_back(entry);
  } else {
    exact_.Insert(entry) = true;
  }
  if (auto network = IpNetwork::Parse(entry)) networks_.push_back(std::move(*network));
}

bool NamedList::Contains(std::string_view value) const {
  if (exact_.Contains(value)) return true;
  return std::any_of(wildcards_.begin(), wildcards_.end(),
                     [&](const std::string& pattern) { return GlobMatch(pattern, value); });
}

bool NamedList::ContainsAddress(const IpAddress& address) const {
  return std::any_of(networks_.begin(), networks_.end(),
                     [&](const IpNetwork& network) { return network.Contains(address); });
}

}  // namespace leakhound
