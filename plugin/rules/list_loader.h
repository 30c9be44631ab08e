// Named lists: rules/lists/NAME.txt, one entry per line; '#' starts a comment; blank lines
// are ignored. The list's name is the file name without ".txt".
//
// Thread-safety: a pure function of its input.
#pragma once

#include <memory>

#include "core/diagnostic.h"
#include "core/named_list.h"
#include "rules/pack_source.h"

namespace leakhound {

std::shared_ptr<NamedList> LoadNamedList(const PackFile& file, Diagnostics& diagnostics);

}  // namespace leakhound
