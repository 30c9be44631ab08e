// MySQL's general query log and slow query log from the real samples in tests/corpus/real
// (percona-toolkit's test logs): profiles mysql-general and mysql-slow, framed as `scan`
// frames the files.
#include <gtest/gtest.h>

#include "support/decoder_test_support.h"

namespace leakhound {
namespace {

using testing::DecodeCorpusFile;
using testing::DecodedEvent;
using testing::DecodedFile;

const DecodedEvent* AtLine(const DecodedFile& file, int64_t line) {
  for (const DecodedEvent& event : file.events) {
    if (event.line == line) return &event;
  }
  return nullptr;
}

TEST(MySqlGeneralLogTest, EntriesOfBothLayoutsWithTheUserFromTheirConnectLine) {
  const DecodedFile file = DecodeCorpusFile("mysql_general_log.log", "mysql-general");
  EXPECT_TRUE(file.rejected.empty());
  // 18 Query entries; 9 Connect, Init DB and Quit entries and 6 banner lines are not queries.
  EXPECT_EQ(file.events.size(), 18u);
  EXPECT_EQ(file.skipped, 15u);
  // 5.7: the Connect line of connection 4 gives its user and host.
  const DecodedEvent* modern = AtLine(file, 8);
  ASSERT_NE(modern, nullptr);
  EXPECT_EQ(modern->statement, "SET CHARACTER SET 'utf8mb4'");
  EXPECT_EQ(modern->principal, "root");
  EXPECT_EQ(modern->client, "localhost");
  EXPECT_EQ(modern->session_id, "4");
  EXPECT_EQ(modern->time, "2016-06-07T19:07:02.558713Z");
  // A connection opened before the log: no Connect line, no principal.
  const DecodedEvent* unknown = AtLine(file, 10);
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(unknown->statement, "SELECT 1 FROM mysql.user LIMIT 1");
  EXPECT_EQ(unknown->principal, "");
  // log_timestamps = SYSTEM: the server's offset.
  const DecodedEvent* system = AtLine(file, 24);
  ASSERT_NE(system, nullptr);
  EXPECT_EQ(system->principal, "mysqlha_common");
  EXPECT_EQ(system->client, "127.0.0.1");
  EXPECT_EQ(system->time, "2018-09-07T10:45:40.098511Z");
  // Legacy: the statement's further lines, the time of the line before, the database of
  // the Connect line, then of Init DB.
  const DecodedEvent* legacy = AtLine(file, 30);
  ASSERT_NE(legacy, nullptr);
  EXPECT_EQ(legacy->statement,
            "SELECT foo \n                         FROM tbl\n                         WHERE "
            "col=12345\n                         ORDER BY col");
  EXPECT_EQ(legacy->time, "2005-10-07T21:55:24Z");
  EXPECT_EQ(legacy->principal, "root");
  EXPECT_EQ(legacy->database, "db1");
  const DecodedEvent* init_db = AtLine(file, 37);
  ASSERT_NE(init_db, nullptr);
  EXPECT_EQ(init_db->database, "my_webstats");
  EXPECT_EQ(init_db->time, "2006-12-26T15:42:36Z");
  const DecodedEvent* hour = AtLine(file, 40);
  ASSERT_NE(hour, nullptr);
  EXPECT_EQ(hour->time, "2010-02-11T00:55:24Z");  // "100211  0:55:24"
  EXPECT_EQ(hour->session_id, "51");
}

TEST(MySqlSlowLogTest, EntriesWithRowsDurationAndInheritedHeaders) {
  // The sample's notes are its "#### file:" lines: its entries' own lines start with '#'.
  const DecodedFile file = DecodeCorpusFile("mysql_slow_log.log", "mysql-slow", "#### ");
  EXPECT_TRUE(file.rejected.empty());
  EXPECT_EQ(file.events.size(), 19u);
  EXPECT_EQ(file.skipped, 1u);  // the server's banner (twice over, one record)
  ASSERT_FALSE(file.events.empty());
  const DecodedEvent& first = file.events[0];
  EXPECT_EQ(first.statement, "SELECT * FROM db_facturacion.facturas LIMIT 0, 1000;");
  EXPECT_EQ(first.principal, "root");
  EXPECT_EQ(first.client, "127.0.0.1");
  EXPECT_EQ(first.session_id, "3");
  EXPECT_EQ(first.rows, 1000);
  EXPECT_EQ(first.duration_us, 3464);
  EXPECT_EQ(first.time, "2016-07-20T18:13:25Z");  // SET timestamp= wins over # Time:
  // Percona: Thread_id and Schema; the entries after it in the same second inherit them.
  const DecodedEvent& percona = file.events[2];
  EXPECT_EQ(percona.statement, "SELECT * FROM foo;");
  EXPECT_EQ(percona.database, "db1");
  EXPECT_EQ(percona.session_id, "1");
  EXPECT_EQ(percona.time, "2009-08-05T11:00:27Z");
  EXPECT_EQ(file.events[3].time, "2009-08-05T11:00:27Z");
  EXPECT_EQ(file.events[3].rows, 1);
  // `use db2;` changes the database of its entry and the ones after it.
  const auto insert = std::find_if(file.events.begin(), file.events.end(), [](const auto& e) {
    return e.statement == "INSERT INTO tbl VALUES ('a', 'b');";
  });
  ASSERT_NE(insert, file.events.end());
  EXPECT_EQ(insert->database, "db2");
  // A statement over several lines, after `use` and `SET timestamp=`.
  const auto update = std::find_if(file.events.begin(), file.events.end(), [](const auto& e) {
    return e.statement.starts_with("update db2.tuningdetail_21_265507 n");
  });
  ASSERT_NE(update, file.events.end());
  EXPECT_EQ(update->statement,
            "update db2.tuningdetail_21_265507 n\n      inner join db1.gonzo a using(gonzo) \n"
            "      set n.column1 = a.column1, n.word3 = a.word3;");
  EXPECT_EQ(update->time, "2007-12-18T16:48:27Z");  // timestamp=1197996507
  EXPECT_EQ(update->principal, "");                 // [SQL_SLAVE]: the replication thread
  EXPECT_EQ(update->rows, 0);
}

}  // namespace
}  // namespace leakhound
