#include "codec/auto_decoder.h"

#include <array>
#include <string>
#include <vector>

#include "codec/envelope_decoder.h"
#include "codec/make_decoder.h"
#include "codec/text_record.h"

namespace leakhound {
namespace {

enum class Source {
  kAwsDas,
  kMySqlAudit,
  kMongoDb,
  kGcpAudit,
  kPgJsonlog,
  kEnvelope,
  kNative,
  kMariaDbAudit,
  kPgCsvlog,
  kPgStderr,
  kUnknown,
};
constexpr size_t kSourceCount = static_cast<size_t>(Source::kUnknown);

// Log line prefixes tried after the profile's: Debian's and the defaults of common
// images and managed services.
constexpr std::string_view kCommonPrefixes[] = {
    "%m [%p] %q%u@%d ",  "%m [%p] ", "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
    "%t [%p]: [%l-1] ",
    "%m:%r:%u@%d:[%p]:",  // Amazon RDS
    "%t:%r:%u@%d:[%p]:",
};

bool Has(std::string_view text, std::string_view needle) {
  return text.find(needle) != std::string_view::npos;
}

bool Digits(std::string_view text, size_t from, size_t count) {
  if (text.size() < from + count) return false;
  for (size_t i = from; i < from + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

// What a JSON record is, by the members it names (looked for in its first 4 KiB; in a
// record whose quotes arrive escaped, after unescaping them).
Source SniffJson(std::string_view text) {
  std::string unescaped;
  std::string_view head = text.substr(0, 4096);
  if (head.size() > 2 && head[1] != '"' && Has(head, "\\\"")) {
    for (size_t i = 0; i < head.size(); ++i) {
      if (head[i] == '\\' && i + 1 < head.size() && head[i + 1] == '"') continue;
      unescaped.push_back(head[i]);
    }
    head = unescaped;
  }
  if (Has(head, "\"databaseActivityEvent")) return Source::kAwsDas;
  if (Has(head, "\"audit_record\"") || (Has(head, "\"class\"") && Has(head, "\"connection_id\""))) {
    return Source::kMySqlAudit;
  }
  if (Has(head, "\"atype\"") || (Has(head, "\"t\"") && Has(head, "\"msg\""))) {
    return Source::kMongoDb;
  }
  if (Has(head, "\"protoPayload\"")) return Source::kGcpAudit;
  if (Has(head, "\"error_severity\"") && Has(head, "\"message\"")) return Source::kPgJsonlog;
  if (Has(head, "\"statement\"")) return Source::kNative;
  if (Has(head, "\"message\"") || Has(head, "\"log\"")) return Source::kEnvelope;
  return Source::kNative;
}

Source SniffText(std::string_view text) {
  // MariaDB: "20210527 11:04:43,host,..." (or masked "TIME,").
  if ((Digits(text, 0, 8) && text.size() > 18 && text[8] == ' ' && text[17] == ',') ||
      text.substr(0, 5) == "TIME,") {
    return Source::kMariaDbAudit;
  }
  // csvlog: "2015-08-12 16:13:44.803 UTC,"; stderr writes a space or '[' after the zone.
  if (Digits(text, 0, 4) && text.size() > 20 && text[4] == '-' && text[10] == ' ') {
    const size_t space = text.find(' ', 19);
    if (space != std::string_view::npos && space < 32) {
      const size_t comma = text.find(',', space);
      const size_t blank = text.find(' ', space + 1);
      if (comma != std::string_view::npos && (blank == std::string_view::npos || comma < blank)) {
        return Source::kPgCsvlog;
      }
    }
  }
  for (std::string_view severity : {"LOG:  ", "ERROR:  ", "WARNING:  ", "NOTICE:  ", "FATAL:  ",
                                    "INFO:  ", "STATEMENT:  ", "DETAIL:  "}) {
    if (Has(text.substr(0, 512), severity)) return Source::kPgStderr;
  }
  return Source::kUnknown;
}

}  // namespace

struct AutoDecoder::Impl {
  FieldMap profile;
  JsonFieldDecoder::Options options;
  std::array<std::unique_ptr<Decoder>, kSourceCount> decoders;
  std::vector<std::unique_ptr<Decoder>> stderr_decoders;  // one per prefix, in order
  std::string line;                                       // an envelope's inner line, padded

  Decoder* DecoderFor(Source source) {
    std::unique_ptr<Decoder>& decoder = decoders[static_cast<size_t>(source)];
    if (decoder) return decoder.get();
    static constexpr std::string_view kNames[] = {"aws-das", "mysql-audit", "mongodb", "gcp-audit",
                                                  "pg-jsonlog"};
    FieldMap map;
    if (source == Source::kNative) {
      map = FieldMap::Native();
    } else if (source == Source::kMariaDbAudit) {
      map = *FieldMapForDecoder("mariadb-audit");
    } else if (source == Source::kPgCsvlog) {
      map = *FieldMapForDecoder("pg-csvlog");
      if (profile.statement_format != StatementFormat::kPlain) {
        map.statement_format = profile.statement_format;
      }
    } else {
      map = *FieldMapForDecoder(kNames[static_cast<size_t>(source)]);
    }
    Result<std::unique_ptr<Decoder>> made = MakeDecoder(map, options);
    if (!made.ok()) return nullptr;
    decoder = std::move(*made);
    return decoder.get();
  }

  DecodeResult DecodeStderr(RecordView record, const SourceRef& source,
                            const EventCallback& on_event) {
    if (stderr_decoders.empty()) {
      std::vector<std::string> prefixes = {profile.log_line_prefix};
      for (std::string_view common : kCommonPrefixes) {
        if (common != profile.log_line_prefix) prefixes.emplace_back(common);
      }
      for (const std::string& prefix : prefixes) {
        FieldMap map = *FieldMapForDecoder("pg-stderr");
        map.log_line_prefix = prefix;
        if (profile.statement_format != StatementFormat::kPlain) {
          map.statement_format = profile.statement_format;
        }
        if (Result<std::unique_ptr<Decoder>> made = MakeDecoder(map, options); made.ok()) {
          stderr_decoders.push_back(std::move(*made));
        }
      }
    }
    DecodeResult result;
    for (const std::unique_ptr<Decoder>& decoder : stderr_decoders) {
      result = decoder->Decode(record, source, on_event);
      if (result.ok() || result.detail.rfind("stderr: the line does not start", 0) != 0) {
        return result;
      }
    }
    result.detail =
        "stderr: a PostgreSQL log line, but its prefix matches neither log_line_prefix '" +
        profile.log_line_prefix + "' nor a common one: set log_line_prefix in the profile";
    return result;
  }

  DecodeResult Decode(RecordView record, const SourceRef& source, const EventCallback& on_event,
                      bool unwrapped) {
    std::string_view text = TrimLineEnd(record.bytes);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    if (std::optional<DecodeResult> bad = CheckTextRecord(text, options.max_record_bytes)) {
      return *bad;
    }
    const std::string_view json = SkipSyslogHeader(text);
    Source kind = Source::kUnknown;
    if (json.front() == '{' || json.front() == '[') {
      kind = SniffJson(json);
      if (kind == Source::kEnvelope && unwrapped) kind = Source::kNative;
    } else {
      kind = SniffText(text);
    }
    if (kind == Source::kUnknown) {
      return TextRejected(RejectReason::kWrongType,
                          "auto: not a format leakhound knows (JSON audit records, PostgreSQL "
                          "csvlog or stderr, MariaDB server_audit): name the decoder in the "
                          "profile");
    }
    if (kind == Source::kPgStderr) return DecodeStderr(record, source, on_event);
    if (kind == Source::kEnvelope) return DecodeEnvelope(json, source, on_event);
    Decoder* decoder = DecoderFor(kind);
    if (decoder == nullptr) return TextRejected(RejectReason::kWrongType, "auto: no decoder");
    return decoder->Decode(record, source, on_event);
  }

  // A shipper's envelope: its line, told apart again (but not unwrapped twice).
  DecodeResult DecodeEnvelope(std::string_view json, const SourceRef& source,
                              const EventCallback& on_event) {
    if (!envelope) {
      envelope = std::make_unique<EnvelopeDecoder>(
          std::make_unique<Unwrapped>(*this),
          EnvelopeDecoder::Options{{"/message", "/log"}, options.max_record_bytes * 2});
    }
    line.assign(json);
    line.append(kRecordPadding, '\0');
    return envelope->Decode({std::string_view(line.data(), json.size()), kRecordPadding}, source,
                            on_event);
  }

  // The inner line of an envelope, back through this decoder.
  class Unwrapped final : public Decoder {
   public:
    explicit Unwrapped(Impl& impl) : impl_(impl) {}
    DecodeResult Decode(RecordView record, const SourceRef& source,
                        const EventCallback& on_event) override {
      return impl_.Decode(record, source, on_event, true);
    }

   private:
    Impl& impl_;
  };
  std::unique_ptr<Decoder> envelope;
};

AutoDecoder::AutoDecoder(const FieldMap& profile, JsonFieldDecoder::Options options)
    : impl_(std::make_unique<Impl>()) {
  impl_->profile = profile;
  impl_->options = options;
}

AutoDecoder::~AutoDecoder() = default;

DecodeResult AutoDecoder::Decode(RecordView record, const SourceRef& source,
                                 const EventCallback& on_event) {
  return impl_->Decode(record, source, on_event, false);
}

}  // namespace leakhound
