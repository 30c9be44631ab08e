#include "codec/decoder.h"

namespace leakhound {

std::string_view RejectReasonName(RejectReason reason) {
  switch (reason) {
    case RejectReason::kNone:
      return "none";
    case RejectReason::kEmpty:
      return "empty";
    case RejectReason::kTooLarge:
      return "too_large";
    case RejectReason::kNotJson:
      return "not_json";
    case RejectReason::kTruncated:
      return "truncated";
    case RejectReason::kInvalidUtf8:
      return "invalid_utf8";
    case RejectReason::kNotAnObject:
      return "not_an_object";
    case RejectReason::kMissingField:
      return "missing_field";
    case RejectReason::kWrongType:
      return "wrong_type";
  }
  return "unknown";
}

}  // namespace leakhound
