// LogLinePrefix: reads the fields out of the prefix PostgreSQL writes before every stderr
// log line, given the server's log_line_prefix setting ("%m [%p] %q%u@%d ").
//
// Escapes read: %m %t (time), %n (epoch seconds), %u (user), %d (database), %r (host and
// port), %h (host), %a (application), %c (session id), %p (process id); the others
// (%l %s %v %x %e %i %b %L %Q and any unknown one) are matched and ignored; %% is a '%'.
// %q ends the prefix for processes without a session (the postmaster, the checkpointer):
// a line whose prefix stops there still matches.
//
// A value runs to the literal text that follows its escape in the setting. Only %a and
// the times may hold spaces: a user or a database name stops at a space, so a line whose
// prefix does not match is told apart from a message that happens to contain the literal.
//
// Thread-safety: immutable after construction; Match() is const.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace leakhound {

struct PrefixFields {
  std::string_view time;  // as written: "2023-02-03 20:29:44.139 GMT", or epoch seconds
  bool epoch_time = false;
  std::string_view user, database, client, application, session_id, process_id;
};

class LogLinePrefix {
 public:
  // Fails for a setting with a dangling '%'.
  static Result<LogLinePrefix> Parse(std::string_view setting);

  // The fields of the prefix at the start of `line` and the length of the prefix, or
  // nullopt when `line` does not start with a prefix of this shape.
  std::optional<size_t> Match(std::string_view line, PrefixFields& fields) const;

  const std::string& setting() const { return setting_; }

 private:
  struct Part {
    char escape = 0;      // 0 for literal text
    bool padded = false;  // written with a width (%-10u): spaces may follow the value
    std::string literal;  // the text, for a literal part
  };

  std::optional<size_t> MatchFrom(std::string_view line, size_t part, size_t pos,
                                  PrefixFields& fields) const;

  std::string setting_;
  std::vector<Part> parts_;
};

}  // namespace leakhound
