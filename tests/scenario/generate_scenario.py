#!/usr/bin/env python3
"""Generates the labelled insider scenario: deploy/demo/insider.ndjson.

One day of query-log records from an airline's booking database, in leakhound's native
NDJSON fields, with a `label` on every record: `benign:<actor>` for the normal traffic
(the booking application, analysts, the nightly backup and the warehouse ETL) and
`attack:<form>` for an insider campaign in every form the shipped rule pack covers.
Two records are deliberately malformed, to show that bad input is counted, not dropped.

The file is committed (the demo reads it) and checked by tests/integration/scenario_test.cc:
every attack form is detected by its rule, and no benign record contributes to any
detection. Run it again after changing it: `python3 tests/scenario/generate_scenario.py`.
Deterministic: a fixed seed, no wall clock.
"""
import datetime as dt
import json
import os
import random

RNG = random.Random(20190905)
DAY = dt.datetime(2026, 3, 10, 6, 0, 0, tzinfo=dt.timezone.utc)
records = []


def at(minutes, seconds=0.0):
    return DAY + dt.timedelta(minutes=minutes, seconds=seconds)


def add(time, label, principal, statement, *, client="10.1.4.20", application="psql",
        database="booking", rows=None, duration_ms=None, session=None):
    record = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        "principal": principal,
        "client": client,
        "application": application,
        "database": database,
        "statement": statement,
    }
    if rows is not None:
        record["rows"] = rows
    if duration_ms is not None:
        record["duration_ms"] = duration_ms
    record["session_id"] = session or f"{principal}-{time:%H}"
    record["label"] = label
    records.append(record)


def pnr():
    return "".join(RNG.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))


# ---------------------------------------------------------------- benign: the application
for i in range(1400):
    t = at(RNG.uniform(0, 24 * 60))
    kind = RNG.random()
    if kind < 0.35:
        add(t, "benign:app", "booking_api",
            f"SELECT id, passenger_name, contact_email FROM bookings WHERE pnr = '{pnr()}'",
            client="10.2.0.11", application="booking-api", rows=RNG.randint(1, 4),
            duration_ms=round(RNG.uniform(0.2, 3), 2))
    elif kind < 0.55:
        add(t, "benign:app", "booking_api",
            f"SELECT * FROM passengers WHERE booking_id = {RNG.randint(1, 900000)}",
            client="10.2.0.11", application="booking-api", rows=RNG.randint(1, 6))
    elif kind < 0.70:
        add(t, "benign:app", "app_backend",
            "INSERT INTO bookings (pnr, passenger_name, contact_email, contact_phone) "
            f"VALUES ('{pnr()}', 'Traveller {i}', 'traveller{i}@example.com', '+44 20 7946 {i % 10000:04d}')",
            client="10.2.0.12", application="booking-api", rows=1)
    elif kind < 0.80:
        add(t, "benign:app", "app_backend",
            f"UPDATE customers SET phone = '+1 202 555 {i % 10000:04d}' WHERE id = {RNG.randint(1, 500000)}",
            client="10.2.0.12", application="booking-api", rows=1)
    elif kind < 0.90:
        page = RNG.randint(0, 40)
        # The web application's own pagination: LIMIT/OFFSET by a service account.
        add(t, "benign:app", "booking_api",
            f"SELECT * FROM bookings WHERE customer_id = {RNG.randint(1, 500000)} "
            f"ORDER BY created_at DESC LIMIT 20 OFFSET {page * 20}",
            client="10.2.0.11", application="booking-api", rows=20)
    else:
        add(t, "benign:app", "booking_api",
            f"SELECT seat, fare_class FROM flights WHERE flight_no = 'LH{RNG.randint(100, 999)}'",
            client="10.2.0.11", application="booking-api", rows=1)

# ---------------------------------------------------------------- benign: analysts
for analyst, client in (("alice", "10.1.4.21"), ("bob", "10.1.4.22")):
    for i in range(180):
        t = at(RNG.uniform(2 * 60, 12 * 60))  # 08:00 to 18:00
        kind = RNG.random()
        if kind < 0.3:
            add(t, f"benign:analyst", analyst,
                "SELECT date_trunc('day', created_at) AS day, count(*) FROM bookings "
                f"WHERE created_at > now() - interval '{RNG.randint(2, 30)} days' GROUP BY 1 ORDER BY 1",
                client=client, application="Metabase", rows=RNG.randint(2, 30))
        elif kind < 0.5:
            add(t, "benign:analyst", analyst,
                f"select full_name, nationality from passengers where booking_id = {RNG.randint(1, 900000)}",
                client=client, application="DBeaver 23.1.0 - Main", rows=RNG.randint(1, 5))
        elif kind < 0.65:
            add(t, "benign:analyst", analyst, "select count(*) from passengers",
                client=client, application="DBeaver 23.1.0 - Main", rows=1)
        elif kind < 0.8:
            add(t, "benign:analyst", analyst, "SELECT * FROM flights",
                client=client, application="Metabase", rows=RNG.randint(800, 1200))
        elif kind < 0.9:
            add(t, "benign:analyst", analyst,
                "select email, phone from customers where id in "
                f"({', '.join(str(RNG.randint(1, 500000)) for _ in range(RNG.randint(1, 8)))})",
                client=client, application="DBeaver 23.1.0 - Main", rows=RNG.randint(1, 8))
        else:
            # DBeaver's object browser reads the catalog; not a signal from a schema browser.
            add(t, "benign:analyst", analyst,
                RNG.choice(["select table_name from information_schema.tables where table_schema = 'public'",
                            "SELECT c.oid, c.relname FROM pg_catalog.pg_class c WHERE c.relnamespace = 2200",
                            "select * from pg_catalog.pg_namespace"]),
                client=client, application="DBeaver 23.1.0 - Main", rows=RNG.randint(5, 60))

# ---------------------------------------------------------------- benign: backup and ETL
for n, table in enumerate(("bookings", "customers", "flights", "loyalty_members", "passengers",
                           "payment_cards")):
    add(at(-4 * 60 + 2 * 60 + n * 3), "benign:backup", "backup",  # 02:00 onwards
        f"COPY public.{table} TO stdout;", client="10.9.0.5", application="pg_dump",
        rows=RNG.randint(100000, 900000))
for n, table in enumerate(("customers", "passengers", "bookings", "loyalty_members")):
    add(at(60 * 20 + n * 7), "benign:etl", "dwh_etl",  # 02:00 next day, warehouse load
        f"SELECT * FROM {table}", client="10.9.0.8", application="airflow",
        rows=RNG.randint(200000, 900000), duration_ms=RNG.randint(20000, 90000))
for n in range(30):
    add(at(60 * 20.5 + n), "benign:etl", "etl_nightly",
        f"select id, email, phone from customers where id > {n * 30000} and id <= {(n + 1) * 30000}",
        client="10.9.0.8", application="airflow", rows=30000)

# ---------------------------------------------------------------- the insider campaign
# mallory, a contractor's developer account, from a workstation at night (22:00 onwards).
M = dict(client="172.16.8.40", application="psql")
base = 16 * 60  # 22:00

# Reconnaissance: mapping the schema, then hunting for PII columns.
add(at(base + 0), "attack:recon", "mallory",
    "select table_name from information_schema.tables where table_schema = 'public'", **M)
add(at(base + 1), "attack:recon", "mallory", "SHOW TABLES", **M)
add(at(base + 2), "attack:recon", "mallory",
    "select relname, n_live_tup from pg_stat_user_tables order by n_live_tup desc", **M)
add(at(base + 3), "attack:pii_column_hunt", "mallory",
    "SELECT table_name, column_name FROM information_schema.columns "
    "WHERE column_name ILIKE '%passport%' OR column_name ILIKE '%birth%'", **M)

# The unbounded read, obfuscated.
add(at(base + 10), "attack:unbounded_select", "mallory",
    'SeLeCt/**/*/**/FrOm "Passengers"', rows=412000, duration_ms=5230, **M)
# A "bounded" read with a WHERE clause that filters nothing.
add(at(base + 12), "attack:tautology", "mallory",
    "SELECT full_name, passport_no, date_of_birth FROM passengers WHERE 1=1", rows=412000, **M)

# Paged dump: LIMIT/OFFSET walk.
for page in range(14):
    add(at(base + 20, page * 20), "attack:limit_offset_walk", "mallory",
        f"select * from customers order by id limit 5000 offset {page * 5000}", rows=5000, **M)

# Sliced dump: id ranges, 5,000 rows at a time (also the cumulative-rows burst).
for s in range(12):
    add(at(base + 30, s * 25), "attack:id_range_slices", "mallory",
        f"SELECT full_name, passport_no, email, phone FROM passengers "
        f"WHERE id BETWEEN {s * 5000 + 1} AND {(s + 1) * 5000}", rows=5000, **M)

# COPY to a program, and pg_dump from a personal account.
add(at(base + 40), "attack:copy_to", "mallory",
    "copy (select full_name, passport_no, date_of_birth from public.passengers) "
    "to program 'gzip > /tmp/.cache.gz'", rows=412000, **M)
add(at(base + 42), "attack:dump_tool", "mallory", "COPY public.payment_cards (id, card_number, cardholder_name) TO stdout;",
    client="172.16.8.40", application="pg_dump", rows=250000)

# The MySQL side (loyalty programme database): outfile and mysqldump signature.
MY = dict(client="172.16.8.40", application="mysql", database="loyalty")
add(at(base + 50), "attack:into_outfile", "mallory",
    "SELECT * FROM loyalty_members INTO OUTFILE '/var/lib/mysql-files/lm.csv' FIELDS TERMINATED BY ','",
    rows=180000, **MY)
add(at(base + 52), "attack:mysqldump_signature", "mallory",
    "SELECT /*!40001 SQL_NO_CACHE */ * FROM `customers`", rows=500000, **MY)

# Packing a table into one value, and encoding PII.
add(at(base + 60), "attack:aggregate_packing", "mallory",
    "select json_agg(p) from passengers p", rows=1, **M)
add(at(base + 62), "attack:encoded_exfiltration", "mallory",
    "select encode(convert_to(passport_no || ';' || full_name, 'UTF8'), 'base64') from passengers where id < 50000",
    rows=49999, **M)

# The slow drip over the next hour: 45,000-row slices every ten minutes (hourly budget).
for s in range(6):
    add(at(base + 80 + s * 10), "attack:cumulative_rows", "mallory",
        f"select email, phone, birth_date from customers where region_id = {s + 1}",
        rows=45000, **M)

# Breadth: five PII tables in an hour, by a second insider account (trudy).
T = dict(client="172.16.8.41", application="psql")
for n, (table, column) in enumerate((("passengers", "full_name"), ("customers", "email"),
                                     ("payment_cards", "card_number"),
                                     ("loyalty_members", "email"), ("employees", "ssn"))):
    add(at(base + 100 + n * 5), "attack:many_pii_tables", "trudy",
        f"select {column} from {table} where id < 100", rows=99, **T)

# UNION injection through the booking application's own account.
add(at(base + 120), "attack:union_injection", "booking_api",
    "SELECT title, price FROM products WHERE id = -1 UNION SELECT email, password_hash FROM users -- ",
    client="10.2.0.11", application="booking-api", rows=83000)

records.sort(key=lambda r: r["time"])
lines = [json.dumps(r, separators=(",", ":")) for r in records]
# Two malformed records among them: the scan reports them and goes on.
lines.insert(700, '{"time":"2026-03-10T12:00:00.000Z","principal":"booking_api","statement":"SELECT')
lines.insert(1500, '{"time":"2026-03-10T18:00:00.000Z","principal":"booking_api","rows":3}')

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "..", "deploy", "demo", "insider.ndjson")
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
print(f"wrote {len(lines)} records to {os.path.relpath(out)}")
