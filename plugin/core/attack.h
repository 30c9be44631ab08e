// MITRE ATT&CK names for rule tags: `attack.collection` is tactic TA0009 "Collection",
// `attack.t1213.006` is sub-technique T1213.006 "Databases" of technique T1213 "Data from
// Information Repositories". The SIEM formats (OCSF attacks[], ECS threat.*, CEF) need ids
// and names where rules carry only tags.
//
// The tactic table is complete (Enterprise, ATT&CK v16). Technique names are known for the
// techniques a database-read detector plausibly tags; any other well-formed technique id is
// still mapped, by id alone, because ATT&CK grows faster than this table.
//
// Thread-safety: pure functions over static tables.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leakhound {

inline constexpr std::string_view kAttackVersion = "16";

struct AttackTactic {
  std::string_view tag;   // "collection"
  std::string_view uid;   // "TA0009"
  std::string_view name;  // "Collection"
};

// Every Enterprise tactic, in the matrix's order.
const std::vector<AttackTactic>& AttackTactics();
// The tactic of a tag's suffix ("collection"); nullptr if it names none.
const AttackTactic* FindAttackTactic(std::string_view tag_suffix);

struct AttackTechniqueRef {
  std::string uid;   // "T1213" or "T1213.006"
  std::string name;  // empty when this table does not know it
};

// One technique a rule is tagged with, resolved.
struct AttackMapping {
  const AttackTactic* tactic = nullptr;  // the rule's tactic this technique serves, if any
  AttackTechniqueRef technique;          // always the parent technique ("T1213")
  std::optional<AttackTechniqueRef> sub_technique;  // "T1213.006", when the tag names one
};

// What a rule's tags say about ATT&CK: one mapping per technique tag (a tag `t1213` next to
// `t1213.006` is folded into the latter), each paired with the rule's tactic that the
// technique belongs to (else the rule's first tactic); a rule with tactics and no technique
// gets one mapping per tactic with an empty technique uid.
std::vector<AttackMapping> MapAttackTags(const std::vector<std::string>& tags);

// The rule's tactics, in tag order.
std::vector<const AttackTactic*> AttackTacticsOf(const std::vector<std::string>& tags);

// https://attack.mitre.org/tactics/TA0009/, .../techniques/T1213/006/
std::string AttackTacticUrl(std::string_view uid);
std::string AttackTechniqueUrl(std::string_view uid);

}  // namespace leakhound
