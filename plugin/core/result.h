// Result<T>: a value or the Status that explains why there is none (after absl::StatusOr).
//
// REQUIRES: value() is called only when ok(); a Result built from an OK Status is a bug and
// is turned into an internal error so that it cannot masquerade as a value.
//
// Thread-safety: a value type, like Status.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "core/status.h"

namespace leakhound {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : storage_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : storage_(std::move(status)) {  // NOLINT: implicit by design
    if (std::get<Status>(storage_).ok()) {
      storage_ = Internal("Result constructed from an OK status without a value");
    }
  }

  bool ok() const { return std::holds_alternative<T>(storage_); }

  // OK when there is a value.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(storage_); }

  const T& value() const& {
    assert(ok());
    return std::get<T>(storage_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(storage_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(storage_));
  }

  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<T, Status> storage_;
};

}  // namespace leakhound

// Propagates a non-OK Status out of the enclosing function.
#define LEAKHOUND_RETURN_IF_ERROR(expr)   \
  do {                                    \
    ::leakhound::Status status_ = (expr); \
    if (!status_.ok()) return status_;    \
  } while (false)
