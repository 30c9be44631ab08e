// Applying the operator's keyed tokens to a detection before it leaves the engine: the
// statement's literals as tokens, and chosen fields (principal, client, ...) replaced by
// their tokens wherever the detection shows them (the field itself, a predicate's value, a
// threshold's group). Grouping and ids are computed on the real values first, so
// tokenizing changes what is shown, never what fires.
//
// Thread-safety: pure function of its inputs.
#pragma once

#include <string_view>

#include "core/detection.h"
#include "core/keyed_token.h"

namespace leakhound {

void ApplyKeyedTokens(const KeyedTokens& tokens, std::string_view statement, Detection& detection);

// A list of names the SQL analysis read (columns: "full_name,passport_no") as a detection
// may show it: each name the fingerprint shows too, the others as "?". The analysis takes
// a double-quoted token for a name wherever PostgreSQL would, but MySQL reads most of those
// as strings (select "4111111111111111", ...), and the fingerprint masks them: the shown
// list must not undo that.
std::string NamesShownByFingerprint(std::string_view names, std::string_view fingerprint);

}  // namespace leakhound
