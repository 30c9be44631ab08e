// A deterministic, real-shaped query-log corpus for benchmarks: leakhound's native NDJSON
// fields, about 300 bytes a record, mostly application and analyst traffic with an insider
// bulk read every few thousand records.
#pragma once

#include <cstdint>
#include <string>

namespace leakhound::bench {

struct Corpus {
  std::string ndjson;  // records, one per line
  uint64_t records = 0;
  uint64_t attack_records = 0;  // COPY ... TO of a PII table: LH-0005 fires on each
};

// With `unique_statements`, the analysts' statements (the ones the SQL analysis runs for)
// never repeat: the analysis cache misses every time.
Corpus GenerateCorpus(uint64_t records, uint32_t seed = 2019, bool unique_statements = false);

}  // namespace leakhound::bench
