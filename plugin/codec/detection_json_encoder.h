// The native detection format: one JSON object per line, described by
// schemas/detection.schema.json. Other formats (OCSF, ECS, CEF) map from the same Detection.
//
// Thread-safety: pure function of its input.
#pragma once

#include <string>

#include "codec/json_writer.h"
#include "core/detection.h"

namespace leakhound {

inline constexpr std::string_view kDetectionSchemaVersion = "leakhound.detection/1";

// Appends the detection as one line of JSON (no trailing newline).
void EncodeDetectionJson(const Detection& detection, std::string& out);

// The explanation parts of the native format, for formats that embed them: "why" (the
// matched patterns, the predicates with their values, the threshold's window aggregate) and
// "sources" with "sources_total" (the contributing records), each written as key and value
// into the object `json` has open.
void WriteDetectionWhy(JsonWriter& json, const Detection& detection);
// What the statement was: verb (when known), fingerprint, tables, pii_tables,
// pii_categories, pii_columns, rows (when known) and literal_tokens (when asked for).
void WriteDetectionStatement(JsonWriter& json, const Detection& detection);
void WriteDetectionSources(JsonWriter& json, const Detection& detection);

}  // namespace leakhound
