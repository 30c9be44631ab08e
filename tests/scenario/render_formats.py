#!/usr/bin/env python3
"""Renders the insider scenario (deploy/demo/insider.ndjson) as real database audit logs.

Usage: render_formats.py INSIDER_NDJSON OUT_DIR

Writes, for each well-formed record of the scenario, what the database (and its shipper)
would have written for that statement, in the layouts the real samples in
tests/corpus/real show:

  pg_jsonlog.jsonl          PostgreSQL 15 jsonlog, pgaudit SESSION entries (ROWS when known)
  mysql_enterprise.json     MySQL Enterprise Audit JSON, one array element a line with its
                            trailing comma, connect records first (they carry the database
                            and the client program), query_statistics when rows are known
  aws_das.json              decrypted AWS Database Activity Streams records, 20 events and a
                            heartbeat each
  filebeat_pg_stderr.jsonl  PostgreSQL stderr lines (log_line_prefix STDERR_PREFIX below)
                            inside Filebeat's ECS envelope

tests/integration/formats_test.cc scans each with its profile and requires the same
detections, by rule and principal, as the native scan. Deterministic: no clock, no random.
"""
import datetime as dt
import json
import os
import sys

STDERR_PREFIX = "%m [%p] %q%u@%d %h [%a] "


def parse_time(text):
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)


def pg_time(time):  # 2026-03-10 04:00:00.000 UTC
    return time.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3] + " UTC"


def verb(statement):
    word = statement.split(None, 1)[0].upper() if statement.strip() else "SELECT"
    return word if word != "WITH" else "SELECT"


def csv_field(text):
    # pgaudit quotes a field that holds a comma, a quote or a line break, doubling quotes.
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def pgaudit_message(number, record):
    statement = record["statement"]
    audit_class = "READ" if verb(statement) in ("SELECT", "COPY", "SHOW", "TABLE") else "MISC"
    fields = ["SESSION", str(number), "1", audit_class, verb(statement), "", "",
              csv_field(statement), "<not logged>"]
    if record.get("rows") is not None:
        fields.append(str(record["rows"]))
    return "AUDIT: " + ",".join(fields)


def session_numbers(records):
    numbers = {}
    for record in records:
        numbers.setdefault(record["session_id"], 1000 + len(numbers))
    return numbers


def pg_jsonlog(records, out):
    pids = session_numbers(records)
    with open(out, "w") as f:
        for number, record in enumerate(records, 1):
            time = parse_time(record["time"])
            entry = {
                "timestamp": pg_time(time),
                "user": record["principal"],
                "dbname": record["database"],
                "pid": pids[record["session_id"]],
                "remote_host": record["client"],
                "remote_port": 50000 + pids[record["session_id"]] % 1000,
                "session_id": record["session_id"],
                "line_num": number,
                "ps": verb(record["statement"]),
                "session_start": pg_time(time),
                "vxid": "3/%d" % number,
                "txid": 0,
                "error_severity": "LOG",
                "message": pgaudit_message(number, record),
                "application_name": record["application"],
                "backend_type": "client backend",
                "query_id": 0,
            }
            f.write(json.dumps(entry) + "\n")


def mysql_enterprise(records, out):
    # A program (the client, mysqldump) and a default database belong to a connection.
    connections = {}
    connected = set()
    with open(out, "w") as f:
        for number, record in enumerate(records, 1):
            time = parse_time(record["time"]).strftime("%Y-%m-%d %H:%M:%S")
            key = (record["session_id"], record["application"], record["database"])
            connection = connections.setdefault(key, 1000 + len(connections))
            account = {"user": record["principal"], "host": "%"}
            login = {"user": record["principal"], "os": "", "ip": record["client"], "proxy": ""}
            if connection not in connected:
                connected.add(connection)
                f.write(json.dumps({
                    "timestamp": time, "id": 0, "class": "connection", "event": "connect",
                    "connection_id": connection, "account": account, "login": login,
                    "connection_data": {
                        "connection_type": "tcp/ip", "status": 0, "db": record["database"],
                        "connection_attributes": {"_client_name": "libmysql",
                                                  "program_name": record["application"]}},
                }) + ",\n")
            element = {
                "timestamp": time, "id": number, "class": "general", "event": "status",
                "connection_id": connection, "account": account, "login": login,
                "general_data": {"command": "Query", "sql_command": verb(record["statement"]).lower(),
                                 "query": record["statement"], "status": 0},
            }
            if record.get("rows") is not None:
                element["query_statistics"] = {
                    "query_time": (record.get("duration_ms") or 0) / 1000.0,
                    "bytes_sent": 0, "bytes_received": len(record["statement"]),
                    "rows_sent": record["rows"], "rows_examined": record["rows"]}
            f.write(json.dumps(element) + ",\n")


def aws_das(records, out):
    sessions = session_numbers(records)
    with open(out, "w") as f:
        for start in range(0, len(records), 20):
            events = []
            for number, record in enumerate(records[start:start + 20], start + 1):
                time = parse_time(record["time"])
                stamp = time.strftime("%Y-%m-%d %H:%M:%S.%f") + "+00"
                end = time + dt.timedelta(milliseconds=record.get("duration_ms") or 0)
                events.append({
                    "logTime": stamp, "statementId": number, "substatementId": 1,
                    "objectType": None, "command": verb(record["statement"]), "objectName": None,
                    "databaseName": record["database"], "dbUserName": record["principal"],
                    "remoteHost": record["client"], "remotePort": "5432",
                    "sessionId": record["session_id"], "rowCount": record.get("rows"),
                    "commandText": record["statement"], "paramList": [],
                    "pid": sessions[record["session_id"]],
                    "clientApplication": record["application"], "exitCode": None,
                    "class": "READ", "serverVersion": "15.4", "serverType": "PostgreSQL",
                    "serviceName": "Amazon Aurora PostgreSQL-Compatible edition",
                    "serverHost": "172.31.3.192", "netProtocol": "TCP", "dbProtocol": "Postgres 3.0",
                    "type": "record", "startTime": stamp,
                    "endTime": end.strftime("%Y-%m-%d %H:%M:%S.%f") + "+00",
                    "errorMessage": None})
            events.append({"type": "heartbeat", "logTime": events[-1]["logTime"]})
            f.write(json.dumps({"type": "DatabaseActivityMonitoringRecord",
                                "clusterId": "cluster-4HNY5V4RRNPKKYB7ICFKE5JBQQ",
                                "instanceId": "db-22ZAHQNB2SJQFYWVQCNBEZXRRI",
                                "databaseActivityEventList": events}) + "\n")


def filebeat_pg_stderr(records, out):
    pids = session_numbers(records)
    with open(out, "w") as f:
        for number, record in enumerate(records, 1):
            time = parse_time(record["time"])
            prefix = "%s [%d] %s@%s %s [%s] " % (pg_time(time), pids[record["session_id"]],
                                                 record["principal"], record["database"],
                                                 record["client"], record["application"])
            # PostgreSQL starts the further lines of a message with a tab; Filebeat's
            # multiline setting joins them into one event.
            line = prefix + "LOG:  " + pgaudit_message(number, record).replace("\n", "\n\t")
            f.write(json.dumps({
                "@timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
                "message": line,
                "log": {"offset": number * 200, "file": {"path": "/var/log/postgresql/postgresql-15-main.log"}},
                "input": {"type": "filestream"},
                "ecs": {"version": "8.0.0"},
                "host": {"name": "db-booking-1"},
                "agent": {"type": "filebeat", "version": "8.11.0", "name": "db-booking-1"},
            }) + "\n")


def main():
    source, out_dir = sys.argv[1], sys.argv[2]
    records = []
    with open(source) as f:
        for line in f:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # the scenario's malformed records: each format's own tests cover those
            if "statement" in record:
                records.append(record)
    os.makedirs(out_dir, exist_ok=True)
    pg_jsonlog(records, os.path.join(out_dir, "pg_jsonlog.jsonl"))
    mysql_enterprise(records, os.path.join(out_dir, "mysql_enterprise.json"))
    aws_das(records, os.path.join(out_dir, "aws_das.json"))
    filebeat_pg_stderr(records, os.path.join(out_dir, "filebeat_pg_stderr.jsonl"))


if __name__ == "__main__":
    main()
