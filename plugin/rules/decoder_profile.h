// Decoder profiles: YAML files that tell the generic JSON decoder where the fields of a
// source live (a FieldMap) and how to read them. Used by `scan --profile`, the service's
// inputs and the interceptor's leakhound.profile; a YAML reader, so it lives with the rules.
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
//   statement_format: plain  # or pgaudit, pg-statements, postgres (both): PG log messages
//
//   log_line_prefix: "%m [%p] %q%u@%d "   # decoder pg-stderr: the server's setting
//   envelope: filebeat       # or elastic-agent, fluent-bit, vector, [/pointer, ...], none
//
// `decoder:` names a source (codec/field_map.h DecoderNames: pg-jsonlog, pg-csvlog,
// pg-stderr, mysql-audit, mariadb-audit, mongodb, aws-das) whose decoder reads its
// records; for pg-jsonlog `fields` can still move any field. `envelope` unwraps the line a
// shipper put in a JSON member before the decoder reads it.
//
// A profile can also be named instead of given as a file: ResolveDecoderProfile.
#pragma once

#include <string>

#include "codec/field_map.h"
#include "core/diagnostic.h"

namespace leakhound {

// Reads the profile at `path` into `map`; problems go to `diagnostics` with positions.
void LoadDecoderProfile(const std::string& path, FieldMap& map, Diagnostics& diagnostics);

// `profile` is a file, or a decoder's name with an optional shipper after a '+'
// ("pg-stderr", "pg-stderr+filebeat") when no file of that name exists.
void ResolveDecoderProfile(const std::string& profile, FieldMap& map, Diagnostics& diagnostics);

}  // namespace leakhound
