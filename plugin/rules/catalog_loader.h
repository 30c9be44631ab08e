// The PII catalog file (rules/catalog.yaml): which tables and columns of the user's schema
// hold personal data. Format documented in rules/README.md.
//
// Thread-safety: a pure function of its input and the catalog it fills.
#pragma once

#include "core/diagnostic.h"
#include "core/pii_catalog.h"
#include "rules/pack_source.h"

namespace leakhound {

// Adds the file's tables to `catalog`; problems go to `diagnostics`.
void LoadPiiCatalog(const PackFile& file, PiiCatalog& catalog, Diagnostics& diagnostics);

}  // namespace leakhound
