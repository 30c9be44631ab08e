#include "corpus_generator.h"

#include <cstdio>
#include <random>

namespace leakhound::bench {
namespace {

constexpr const char* kPnrAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

// A 32-bit generator's output as the unsigned it is.
class Random {
 public:
  explicit Random(uint32_t seed) : engine_(seed) {}
  unsigned operator()() { return static_cast<unsigned>(engine_()); }

 private:
  std::mt19937 engine_;
};

std::string Pnr(Random& rng) {
  std::string pnr;
  for (int i = 0; i < 6; ++i) pnr += kPnrAlphabet[rng() % 32];
  return pnr;
}

}  // namespace

Corpus GenerateCorpus(uint64_t records, uint32_t seed, bool unique_statements) {
  Corpus corpus;
  corpus.ndjson.reserve(records * 320);
  Random rng(seed);
  char statement[512];
  char line[1024];
  for (uint64_t i = 0; i < records; ++i) {
    const char* principal = "booking_api";
    const char* application = "booking-api";
    const char* client = "10.2.0.11";
    int rows = 1;
    const unsigned kind = rng() % 100;
    if (i % 5000 == 4999) {
      principal = "mallory";
      application = "psql";
      client = "172.16.8.40";
      rows = 412000;
      std::snprintf(statement, sizeof statement,
                    "COPY (SELECT full_name, passport_no, date_of_birth FROM public.passengers) "
                    "TO STDOUT WITH CSV");
      ++corpus.attack_records;
    } else if (kind < 40) {
      std::snprintf(statement, sizeof statement,
                    "SELECT id, passenger_name, contact_email FROM bookings WHERE pnr = '%s'",
                    Pnr(rng).c_str());
    } else if (kind < 55) {
      std::snprintf(statement, sizeof statement, "SELECT * FROM passengers WHERE booking_id = %u",
                    static_cast<unsigned>(rng() % 900000));
      rows = 1 + static_cast<int>(rng() % 5);
    } else if (kind < 65) {
      std::snprintf(statement, sizeof statement,
                    "INSERT INTO bookings (pnr, passenger_name, contact_email) VALUES ('%s', "
                    "'Traveller %u', 'traveller%u@example.com')",
                    Pnr(rng).c_str(), static_cast<unsigned>(i), static_cast<unsigned>(i));
    } else if (kind < 75) {
      std::snprintf(
          statement, sizeof statement,
          "UPDATE customers SET phone = '+1 202 555 %04u', updated_at = now() WHERE id = %u",
          static_cast<unsigned>(i % 10000), static_cast<unsigned>(rng() % 500000));
    } else if (kind < 85) {
      principal = "alice";
      application = "Metabase";
      client = "10.1.4.21";
      rows = 30;
      std::snprintf(
          statement, sizeof statement,
          "SELECT date_trunc('day', b.created_at) AS day, count(*) FROM bookings b JOIN "
          "flights f ON f.id = b.flight_id WHERE b.created_at > now() - interval '%u days' "
          "GROUP BY 1 ORDER BY 1",
          unique_statements ? static_cast<unsigned>(i) : static_cast<unsigned>(2 + rng() % 28));
    } else if (kind < 95) {
      std::snprintf(
          statement, sizeof statement,
          "SELECT * FROM bookings WHERE customer_id = %u ORDER BY created_at DESC LIMIT 20 "
          "OFFSET %u",
          static_cast<unsigned>(rng() % 500000), static_cast<unsigned>((rng() % 40) * 20));
      rows = 20;
    } else {
      std::snprintf(statement, sizeof statement,
                    "select seat, fare_class from flights where flight_no = 'LH%u'",
                    static_cast<unsigned>(100 + rng() % 900));
    }
    const unsigned second = static_cast<unsigned>(i / 20);
    std::snprintf(
        line, sizeof line,
        "{\"time\":\"2026-03-%02uT%02u:%02u:%02u.%03uZ\",\"principal\":\"%s\","
        "\"client\":\"%s\",\"application\":\"%s\",\"database\":\"booking\","
        "\"statement\":\"%s\",\"rows\":%d,\"duration_ms\":%.2f,\"session_id\":\"%s-%u\"}\n",
        10 + second / 86400 % 18, second / 3600 % 24, second / 60 % 60, second % 60,
        static_cast<unsigned>(i % 1000), principal, client, application, statement, rows,
        0.2 + static_cast<double>(rng() % 1000) / 100.0, principal, static_cast<unsigned>(i % 97));
    corpus.ndjson += line;
  }
  corpus.records = records;
  return corpus;
}

}  // namespace leakhound::bench
