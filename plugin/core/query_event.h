// QueryEvent: one statement run against a database, as any log source reports it.
//
// Every string is a view into the decoded record (or into the decoder's unescape buffer):
// an event is valid only while the record it came from is, which is why decoders hand
// events to a callback instead of returning them. Whoever needs a field longer copies it.
//
// Thread-safety: a view, used by the thread that decoded it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/source_ref.h"
#include "core/time.h"

namespace leakhound {

struct QueryEvent {
  std::optional<TimePoint> time;  // when the statement ran; absent if the log does not say
  std::string_view principal;     // the database user (or the cloud identity)
  std::string_view client;        // client address, possibly with a port
  std::string_view application;   // application_name, program_name, appName
  std::string_view database;
  std::string_view statement;  // the SQL (or query document) as logged
  std::string_view session_id;
  std::string_view status;      // as logged: "0", "success", an error code
  std::optional<int64_t> rows;  // rows returned or affected, when the source reports it
  std::optional<Duration> duration;
  SourceRef source;
};

}  // namespace leakhound
