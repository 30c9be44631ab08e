#include "core/attack.h"

#include <algorithm>
#include <array>

#include "core/ascii.h"

namespace leakhound {
namespace {

struct KnownTechnique {
  std::string_view uid;
  std::string_view name;
  std::string_view tactics;  // tag suffixes, space-separated, for pairing with a rule's tactic
};

// Techniques and sub-techniques near reading data out of a database (ATT&CK v16 names).
constexpr std::array kKnownTechniques = {
    KnownTechnique{"T1005", "Data from Local System", "collection"},
    KnownTechnique{"T1020", "Automated Exfiltration", "exfiltration"},
    KnownTechnique{"T1027", "Obfuscated Files or Information", "defense_evasion"},
    KnownTechnique{"T1030", "Data Transfer Size Limits", "exfiltration"},
    KnownTechnique{"T1041", "Exfiltration Over C2 Channel", "exfiltration"},
    KnownTechnique{"T1046", "Network Service Discovery", "discovery"},
    KnownTechnique{"T1048", "Exfiltration Over Alternative Protocol", "exfiltration"},
    KnownTechnique{"T1048.003", "Exfiltration Over Unencrypted Non-C2 Protocol", "exfiltration"},
    KnownTechnique{"T1059", "Command and Scripting Interpreter", "execution"},
    KnownTechnique{"T1069", "Permission Groups Discovery", "discovery"},
    KnownTechnique{"T1074", "Data Staged", "collection"},
    KnownTechnique{"T1078", "Valid Accounts",
                   "defense_evasion persistence privilege_escalation initial_access"},
    KnownTechnique{"T1078.004", "Cloud Accounts",
                   "defense_evasion persistence privilege_escalation initial_access"},
    KnownTechnique{"T1082", "System Information Discovery", "discovery"},
    KnownTechnique{"T1083", "File and Directory Discovery", "discovery"},
    KnownTechnique{"T1087", "Account Discovery", "discovery"},
    KnownTechnique{"T1119", "Automated Collection", "collection"},
    KnownTechnique{"T1132", "Data Encoding", "command_and_control"},
    KnownTechnique{"T1132.001", "Standard Encoding", "command_and_control"},
    KnownTechnique{"T1190", "Exploit Public-Facing Application", "initial_access"},
    KnownTechnique{"T1213", "Data from Information Repositories", "collection"},
    KnownTechnique{"T1213.006", "Databases", "collection"},
    KnownTechnique{"T1505", "Server Software Component", "persistence"},
    KnownTechnique{"T1505.001", "SQL Stored Procedures", "persistence"},
    KnownTechnique{"T1530", "Data from Cloud Storage", "collection"},
    KnownTechnique{"T1537", "Transfer Data to Cloud Account", "exfiltration"},
    KnownTechnique{"T1552", "Unsecured Credentials", "credential_access"},
    KnownTechnique{"T1555", "Credentials from Password Stores", "credential_access"},
    KnownTechnique{"T1560", "Archive Collected Data", "collection"},
    KnownTechnique{"T1560.001", "Archive via Utility", "collection"},
    KnownTechnique{"T1567", "Exfiltration Over Web Service", "exfiltration"},
};

const KnownTechnique* FindKnownTechnique(std::string_view uid) {
  for (const KnownTechnique& known : kKnownTechniques) {
    if (known.uid == uid) return &known;
  }
  return nullptr;
}

AttackTechniqueRef TechniqueRef(std::string_view uid) {
  const KnownTechnique* known = FindKnownTechnique(uid);
  return {std::string(uid), known != nullptr ? std::string(known->name) : std::string()};
}

bool ServesTactic(std::string_view technique_uid, std::string_view tactic_tag) {
  const KnownTechnique* known = FindKnownTechnique(technique_uid);
  if (known == nullptr) return false;
  std::string_view rest = known->tactics;
  while (!rest.empty()) {
    const size_t space = rest.find(' ');
    if (rest.substr(0, space) == tactic_tag) return true;
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  return false;
}

// "t1213.006" (a tag's suffix) -> "T1213.006"; nullopt unless it is T, 4 digits, and
// optionally a dot and 3 digits.
std::optional<std::string> TechniqueUid(std::string_view suffix) {
  const auto digits = [&](size_t from, size_t count) {
    if (suffix.size() < from + count) return false;
    return std::all_of(suffix.begin() + from, suffix.begin() + from + count,
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  if (suffix.size() != 5 && suffix.size() != 9) return std::nullopt;
  if ((suffix[0] != 't' && suffix[0] != 'T') || !digits(1, 4)) return std::nullopt;
  if (suffix.size() == 9 && (suffix[5] != '.' || !digits(6, 3))) return std::nullopt;
  std::string uid(suffix);
  uid[0] = 'T';
  return uid;
}

std::string_view TagSuffix(std::string_view tag) {
  constexpr std::string_view kPrefix = "attack.";
  if (tag.size() <= kPrefix.size() || !EqualsIgnoreCase(tag.substr(0, kPrefix.size()), kPrefix)) {
    return {};
  }
  return tag.substr(kPrefix.size());
}

}  // namespace

const std::vector<AttackTactic>& AttackTactics() {
  static const std::vector<AttackTactic> kTactics = {
      {"reconnaissance", "TA0043", "Reconnaissance"},
      {"resource_development", "TA0042", "Resource Development"},
      {"initial_access", "TA0001", "Initial Access"},
      {"execution", "TA0002", "Execution"},
      {"persistence", "TA0003", "Persistence"},
      {"privilege_escalation", "TA0004", "Privilege Escalation"},
      {"defense_evasion", "TA0005", "Defense Evasion"},
      {"credential_access", "TA0006", "Credential Access"},
      {"discovery", "TA0007", "Discovery"},
      {"lateral_movement", "TA0008", "Lateral Movement"},
      {"collection", "TA0009", "Collection"},
      {"command_and_control", "TA0011", "Command and Control"},
      {"exfiltration", "TA0010", "Exfiltration"},
      {"impact", "TA0040", "Impact"},
  };
  return kTactics;
}

const AttackTactic* FindAttackTactic(std::string_view tag_suffix) {
  for (const AttackTactic& tactic : AttackTactics()) {
    if (EqualsIgnoreCase(tactic.tag, tag_suffix)) return &tactic;
  }
  return nullptr;
}

std::vector<const AttackTactic*> AttackTacticsOf(const std::vector<std::string>& tags) {
  std::vector<const AttackTactic*> tactics;
  for (const std::string& tag : tags) {
    const AttackTactic* tactic = FindAttackTactic(TagSuffix(tag));
    if (tactic != nullptr && std::find(tactics.begin(), tactics.end(), tactic) == tactics.end()) {
      tactics.push_back(tactic);
    }
  }
  return tactics;
}

std::vector<AttackMapping> MapAttackTags(const std::vector<std::string>& tags) {
  const std::vector<const AttackTactic*> tactics = AttackTacticsOf(tags);
  std::vector<std::string> uids;
  for (const std::string& tag : tags) {
    if (std::optional<std::string> uid = TechniqueUid(TagSuffix(tag))) {
      if (std::find(uids.begin(), uids.end(), *uid) == uids.end()) uids.push_back(*uid);
    }
  }
  // A parent technique tagged beside one of its sub-techniques says nothing more.
  std::erase_if(uids, [&](const std::string& uid) {
    return uid.size() == 5 && std::any_of(uids.begin(), uids.end(), [&](const std::string& other) {
             return other.size() == 9 && other.compare(0, 5, uid) == 0;
           });
  });

  std::vector<AttackMapping> mappings;
  for (const std::string& uid : uids) {
    AttackMapping mapping;
    mapping.technique = TechniqueRef(std::string_view(uid).substr(0, 5));
    if (uid.size() == 9) mapping.sub_technique = TechniqueRef(uid);
    for (const AttackTactic* tactic : tactics) {
      if (ServesTactic(uid, tactic->tag)) {
        mapping.tactic = tactic;
        break;
      }
    }
    if (mapping.tactic == nullptr && !tactics.empty()) mapping.tactic = tactics.front();
    mappings.push_back(std::move(mapping));
  }
  if (mappings.empty()) {
    for (const AttackTactic* tactic : tactics) mappings.push_back({tactic, {}, std::nullopt});
  }
  return mappings;
}

std::string AttackTacticUrl(std::string_view uid) {
  return "https://attack.mitre.org/tactics/" + std::string(uid) + "/";
}

std::string AttackTechniqueUrl(std::string_view uid) {
  std::string path(uid);
  std::replace(path.begin(), path.end(), '.', '/');
  return "https://attack.mitre.org/techniques/" + path + "/";
}

}  // namespace leakhound
