// Status: the one error currency of leakhound (after leveldb::Status).
//
// A Status is either OK or carries a code and a human-readable message meant for the
// operator: it says what went wrong and, where it can, what to do about it.
//
// Thread-safety: a Status is a value; distinct objects may be used from distinct threads.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace leakhound {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller's input is malformed (a bad record, a bad option)
  kNotFound,         // a named thing (file, list, field) does not exist
  kIoError,          // the operating system refused a read or write
  kFailedPrecondition,
  kResourceExhausted,  // a configured limit was hit (record size, window state)
  kUnavailable,        // a service leakhound needs (a Kafka broker) did not answer
  kInternal,           // a bug in leakhound or a library it uses
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "ok", or "<code name>: <message>".
  std::string ToString() const;

  friend bool operator==(const Status&, const Status&) = default;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message));
}
inline Status NotFound(std::string message) {
  return Status(StatusCode::kNotFound, std::move(message));
}
inline Status IoError(std::string message) {
  return Status(StatusCode::kIoError, std::move(message));
}
inline Status FailedPrecondition(std::string message) {
  return Status(StatusCode::kFailedPrecondition, std::move(message));
}
inline Status ResourceExhausted(std::string message) {
  return Status(StatusCode::kResourceExhausted, std::move(message));
}
inline Status Unavailable(std::string message) {
  return Status(StatusCode::kUnavailable, std::move(message));
}
inline Status Internal(std::string message) {
  return Status(StatusCode::kInternal, std::move(message));
}

}  // namespace leakhound
