// EnvelopeDecoder: unwraps the JSON a log shipper puts around each log line, then hands
// the line to the source's decoder:
//
//   Filebeat, Elastic Agent (ECS)  {"@timestamp", "message": "<the line>", "host", ...}
//   Fluent Bit                     {"@timestamp", "log": "<the line>", "kubernetes", ...}
//   Vector                         {"message": "<the line>", "timestamp", "host", ...}
//
// The line is the first of the configured members present (JSON Pointers). Also read:
// a syslog header before the JSON ("Aug 10 17:04:20 host tag: {...}"), and a line that
// is a container runtime's log line ("2022-08-10T11:34:19.88Z stderr F <the line>"),
// whose header is removed.
//
// A record that is not JSON, or has none of the members, is rejected with the reason;
// the inner decoder's rejections and skips are passed on as they are.
//
// Thread-safety: holds a parser and a buffer; one per thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "codec/decoder.h"

namespace leakhound {

class EnvelopeDecoder final : public Decoder {
 public:
  struct Options {
    std::vector<std::string> line_pointers = {"/message", "/log"};
    size_t max_record_bytes = 1 << 20;
  };
  EnvelopeDecoder(std::unique_ptr<Decoder> inner, Options options);
  ~EnvelopeDecoder() override;

  DecodeResult Decode(RecordView record, const SourceRef& source,
                      const EventCallback& on_event) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// `line` without a CRI container log header ("<RFC 3339 time> stdout|stderr F|P ").
std::string_view StripContainerLogHeader(std::string_view line);

}  // namespace leakhound
