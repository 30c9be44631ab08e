// MongoDbDecoder: what mongod writes about the operations it runs, as the same events
// SQL sources give:
//
//  - the audit log (auditLog.format = JSON): {"atype": "authCheck", "ts": {"$date"},
//    "remote": {"ip", "port"}, "users": [{"user", "db"}], "param": {"command", "ns",
//    "args"}, "result"}. Only authCheck records carry operations (with
//    auditAuthorizationSuccess on); the others (authenticate, createCollection, ...) are
//    skipped. Amazon DocumentDB's variant (ts in epoch milliseconds, "user" and
//    "remote_ip" as strings) is read too.
//  - the server log (logv2, 4.4+): {"t": {"$date"}, "ctx": "conn22", "msg": "Slow query",
//    "attr": {"type", "ns", "appName", "command", "nreturned", "remote",
//    "durationMillis"}}. Other messages are skipped, but for the authentication ones: the
//    slow query line does not name the user, so the decoder remembers the user each
//    connection (ctx) authenticated as, for at most kMaxConnections connections.
//
// Each operation on a collection becomes a statement in SQL terms, so that the same rules,
// the SQL analysis and the PII catalog apply, the collection as the table and the
// database as its schema:
//
//   find {filter: {color: "Red"}, projection: {brand: 1}, limit: 5}
//     -> SELECT "brand" FROM "testdb"."vehicles" WHERE "color" = ? LIMIT 5
//   aggregate [{$match}, {$lookup: {from: "owners"}}, {$limit: 10}]
//     -> SELECT * FROM "testdb"."vehicles" JOIN "testdb"."owners" WHERE ... LIMIT 10
//   count, distinct, getMore (a cursor's next batch: a read), insert, update, delete,
//   findAndModify likewise. Other commands (hello, ping, createIndexes, ...) are skipped.
//
// Filter values never reach the statement (they are masked as ?). Rows: nreturned (reads),
// nModified, ndeleted, ninserted (writes).
//
// Also read: a syslog header before the JSON (rsyslog's "2020-01-26T10:47:41-05:00 host
// mongod: "), and a record whose quotes arrive backslash-escaped (a JSON string's content).
//
// Thread-safety: holds parsers and the connection table; one per thread.
#pragma once

#include <memory>

#include "codec/decoder.h"

namespace leakhound {

class MongoDbDecoder final : public Decoder {
 public:
  struct Options {
    size_t max_record_bytes = 1 << 20;
  };
  static constexpr size_t kMaxConnections = 100000;

  explicit MongoDbDecoder(Options options);
  ~MongoDbDecoder() override;

  DecodeResult Decode(RecordView record, const SourceRef& source,
                      const EventCallback& on_event) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leakhound
