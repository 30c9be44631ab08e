// NamedList: a set of values kept in a file under rules/lists/, used by rules as an
// allowlist (not_in: service_accounts) or a watchlist (in: contractors).
//
// Entries are compared ignoring ASCII case; an entry with '*' or '?' is a wildcard; an
// entry that parses as an address or CIDR block also matches client addresses inside it.
//
// Thread-safety: immutable after loading; safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/case_folded_map.h"
#include "core/ip_network.h"

namespace leakhound {

class NamedList {
 public:
  NamedList() = default;
  NamedList(std::string name, std::string file) : name_(std::move(name)), file_(std::move(file)) {}

  void Add(std::string_view entry);

  bool Contains(std::string_view value) const;
  bool ContainsAddress(const IpAddress& address) const;

  const std::string& name() const { return name_; }
  const std::string& file() const { return file_; }
  size_t size() const { return exact_.size() + wildcards_.size(); }

 private:
  std::string name_;
  std::string file_;
  CaseFoldedMap<bool> exact_;  // entries without wildcards
  std::vector<std::string> wildcards_;
  std::vector<IpNetwork> networks_;
};

}  // namespace leakhound
