// Helpers shared by the decoders of line-oriented logs (csvlog, stderr, server_audit):
// the checks every text record passes first, and the shape of a rejection.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "codec/decoder.h"

namespace leakhound {

// `text` without the line break (and '\r') that ends it.
std::string_view TrimLineEnd(std::string_view text);

// A rejection for an empty record, one over `max_bytes` or one that is not UTF-8; nullopt
// when the record passes.
std::optional<DecodeResult> CheckTextRecord(std::string_view text, size_t max_bytes);

DecodeResult TextRejected(RejectReason reason, std::string detail);

// The JSON after a syslog header and tag ("<14>Feb 12 07:18:30 host tag: {...}",
// "2020-01-26T10:47:41-05:00 host mongod: {...}"); the text itself when it starts with '{'
// or has no ": {".
std::string_view SkipSyslogHeader(std::string_view text);

}  // namespace leakhound
