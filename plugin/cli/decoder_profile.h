// Decoder profiles: YAML files that tell the generic JSON decoder where the fields of a
// source live (a FieldMap) and how to read them. Used by `scan --profile`; the service's
// config reuses the same shape per input.
//
//   decoder: json
//   fields:
//     time: /timestamp
//     principal: [/user, /usename]
//     statement: /query
//     rows: /rows_sent
//   time_unit: auto        # for epoch numbers: auto, s, ms, us, ns
//   duration_unit: ms      # s, ms, us, ns
//   statement_required: true
//   statement_format: plain  # or pgaudit: the statement field holds "AUDIT: ..." messages
//
// `decoder: pg-jsonlog` presets the fields of PostgreSQL's jsonlog with pgaudit
// (FieldMap::PostgresJsonlog); `fields` can still move any of them. `decoder: aws-das`
// reads decrypted AWS Database Activity Streams records (codec/aws_das_decoder.h).
#pragma once

#include <string>

#include "codec/field_map.h"
#include "core/diagnostic.h"

namespace leakhound {

// Reads the profile at `path` into `map`; problems go to `diagnostics` with positions.
void LoadDecoderProfile(const std::string& path, FieldMap& map, Diagnostics& diagnostics);

}  // namespace leakhound
