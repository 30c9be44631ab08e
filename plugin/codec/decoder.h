// Decoder: turns one record (a Kafka message value, a line of a file) into zero or more
// QueryEvents. One record may hold several events (an AWS activity-stream batch, a JSON
// array of audit records), or none that matter (a heartbeat, a connect).
//
// Events are handed to a callback, not returned: their string views point into the record
// and into the decoder's own buffers, and are valid only during the call.
//
// A record the decoder cannot use is rejected with a reason, never dropped silently: the
// caller counts it and dead-letters it.
//
// Thread-safety: a decoder holds parser state; use one per thread.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/query_event.h"

namespace leakhound {

enum class RejectReason {
  kNone,
  kEmpty,         // no bytes, or only whitespace
  kTooLarge,      // longer than the configured record limit
  kNotJson,       // not parseable as JSON
  kTruncated,     // JSON that ends early
  kInvalidUtf8,   // bytes that are not UTF-8
  kNotAnObject,   // valid JSON, but not an object (or an array of objects)
  kMissingField,  // a required field (the statement) is absent
  kWrongType,     // a field of the wrong type (rows: {"a": 1}) or unparseable (time: "soon")
};
inline constexpr int kRejectReasonCount = 9;

std::string_view RejectReasonName(RejectReason reason);

struct DecodeResult {
  RejectReason reason = RejectReason::kNone;
  std::string detail;  // e.g. "field /rows: expected an integer, found an object"
  size_t events = 0;   // events passed to the callback
  size_t skipped = 0;  // records or elements that hold no query (heartbeats, connects)

  bool ok() const { return reason == RejectReason::kNone; }
};

using EventCallback = std::function<void(const QueryEvent&)>;

// Bytes of a record plus how many are readable after its end; decoders that parse in
// place (simdjson) need kRecordPadding and copy the record when there are fewer.
struct RecordView {
  std::string_view bytes;
  size_t readable_after = 0;
};
inline constexpr size_t kRecordPadding = 64;

class Decoder {
 public:
  virtual ~Decoder() = default;
  virtual DecodeResult Decode(RecordView record, const SourceRef& source,
                              const EventCallback& on_event) = 0;
};

}  // namespace leakhound
