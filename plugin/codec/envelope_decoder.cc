#include "codec/envelope_decoder.h"

#include <simdjson.h>

#include "codec/json_errors.h"
#include "codec/text_record.h"

namespace leakhound {
namespace {

namespace dom = simdjson::dom;

}  // namespace

std::string_view StripContainerLogHeader(std::string_view line) {
  // "2022-08-10T11:34:19.882852969Z stderr F ": a time, the stream, the partial flag.
  if (line.size() < 24 || line[4] != '-' || line[10] != 'T') return line;
  const size_t space = line.find(' ');
  if (space == std::string_view::npos) return line;
  std::string_view rest = line.substr(space + 1);
  for (std::string_view stream : {"stdout ", "stderr "}) {
    if (rest.substr(0, stream.size()) == stream) {
      rest.remove_prefix(stream.size());
      if (rest.size() >= 2 && (rest[0] == 'F' || rest[0] == 'P') && rest[1] == ' ') {
        return rest.substr(2);
      }
    }
  }
  return line;
}

struct EnvelopeDecoder::Impl {
  std::unique_ptr<Decoder> inner;
  Options options;
  dom::parser parser;
  std::string line;  // the unwrapped line, padded for a decoder that parses it in place
};

EnvelopeDecoder::EnvelopeDecoder(std::unique_ptr<Decoder> inner, Options options)
    : impl_(std::make_unique<Impl>()) {
  impl_->inner = std::move(inner);
  impl_->options = std::move(options);
}

EnvelopeDecoder::~EnvelopeDecoder() = default;

DecodeResult EnvelopeDecoder::Decode(RecordView record, const SourceRef& source,
                                     const EventCallback& on_event) {
  Impl& impl = *impl_;
  std::string_view text = TrimLineEnd(record.bytes);
  if (std::optional<DecodeResult> bad = CheckTextRecord(text, impl.options.max_record_bytes)) {
    return *bad;
  }
  text = SkipSyslogHeader(text);
  dom::element root;
  if (const auto error = impl.parser.parse(text.data(), text.size()).get(root)) {
    DecodeFailure failure = FromSimdjson(error, text);
    return TextRejected(failure.reason, "the shipper's envelope: " + failure.detail);
  }
  std::string_view line;
  bool found = false;
  for (const std::string& pointer : impl.options.line_pointers) {
    if (root.at_pointer(pointer).get_string().get(line) == simdjson::SUCCESS) {
      found = true;
      break;
    }
  }
  if (!found) {
    std::string names;
    for (const std::string& pointer : impl.options.line_pointers) {
      names += (names.empty() ? "" : ", ") + pointer;
    }
    return TextRejected(RejectReason::kMissingField,
                        "the shipper's envelope has no log line (looked for " + names + ")");
  }
  line = StripContainerLogHeader(TrimLineEnd(line));
  impl.line.assign(line);
  impl.line.append(kRecordPadding, '\0');
  return impl.inner->Decode({std::string_view(impl.line.data(), line.size()), kRecordPadding},
                            source, on_event);
}

}  // namespace leakhound
