#!/usr/bin/env python3
"""Checks every SIEM format of leakhound's detections against the SIEMs' own definitions.

  check_siem_formats.py LEAKHOUND RULES SIEM_DIR SCHEMAS_DIR [--render SCRIPT SCENARIO] INPUT...
  check_siem_formats.py --self-test SIEM_DIR

The self-test shows the checks can fail: the examples in SIEM_DIR/examples pass, and each
broken copy of them (a required field removed, an unknown attribute, a bad enum, a value
of the wrong type, an unescaped '=', a repeated key, ...) is refused.

--render runs tests/scenario/render_formats.py over SCENARIO and adds its four real audit-log
formats (pgaudit jsonlog, MySQL Enterprise audit, AWS DAS, Filebeat-wrapped PostgreSQL stderr),
each scanned with its decoder profile, so that detections decoded from every kind of source
are checked too. Scans each INPUT with the rule pack in every format (native, ocsf, ecs, cef, cef-syslog,
splunk-hec) and checks, detection by detection:

  ocsf        valid against SIEM_DIR/ocsf-1.4.0/detection_finding.schema.json (jsonschema,
              draft 7: unknown attributes, missing required fields, bad enums all fail)
  ocsf-data-security  likewise against data_security_finding.schema.json (class 2006)
  ecs         every field under an ECS namespace is an ECS 8.11.0 field of the right type,
              allowed values only, @timestamp and ecs.version present (the rules of
              SIEM_DIR/README.md)
  cef         parsed back by a strict CEF:0 parser (header escapes, key=value syntax, only
              the four extension escapes, typed keys, labels for every custom field)
  cef-syslog  an RFC 5424 line around that same CEF
  splunk-hec  the envelope valid against SCHEMAS_DIR/splunk-hec.schema.json, its event a
              valid native detection

and compares what each says with the native detection of the same id (id, rule, severity,
principal, client, fingerprint, tables, times). Exits 1 with every problem listed.
"""
import ipaddress
import json
import pathlib
import re
import subprocess
import sys

import jsonschema

FORMATS = ["native", "ocsf", "ocsf-data-security", "ecs", "cef", "cef-syslog", "splunk-hec"]
CEF_SEVERITY = {"informational": 1, "low": 3, "medium": 5, "high": 8, "critical": 10}
OCSF_SEVERITY = {"informational": 1, "low": 2, "medium": 3, "high": 4, "critical": 5}
SYSLOG_SEVERITY = {"informational": 6, "low": 5, "medium": 4, "high": 3, "critical": 2}


def millis(rfc3339):
    """Epoch milliseconds of leakhound's RFC 3339 UTC times."""
    from datetime import datetime, timezone
    text = rfc3339.rstrip("Z")
    fmt = "%Y-%m-%dT%H:%M:%S.%f" if "." in text else "%Y-%m-%dT%H:%M:%S"
    moment = datetime.strptime(text, fmt).replace(tzinfo=timezone.utc)
    return int(moment.replace(microsecond=0).timestamp()) * 1000 + moment.microsecond // 1000


# --- ECS ---------------------------------------------------------------------------------

class EcsChecker:
    PY_TYPES = {"keyword": str, "constant_keyword": str, "wildcard": str, "match_only_text": str,
                "text": str, "long": int, "float": (int, float), "scaled_float": (int, float),
                "boolean": bool, "date": (str, int), "object": dict, "flattened": dict,
                "nested": dict, "geo_point": (dict, str, list)}

    def __init__(self, fields_path):
        spec = json.load(open(fields_path))
        self.spec = spec
        self.fields = spec["fields"]
        self.groups = {n.rsplit(".", i)[0] for n in self.fields for i in range(1, n.count(".") + 1)}
        self.free = {n for n in self.fields
                     if self.fields[n]["type"] in ("object", "flattened") and n not in self.groups}

    def fits(self, kind, value):
        if kind == "ip":
            try:
                return isinstance(value, str) and bool(ipaddress.ip_address(value))
            except ValueError:
                return False
        return isinstance(value, self.PY_TYPES[kind]) and (kind == "boolean" or not isinstance(value, bool))

    def check(self, doc):
        errors = []
        fields = self.fields

        def walk(name, value):
            if isinstance(value, list) and name not in fields:
                for item in value:
                    walk(name, item)
                return
            if name in fields:
                for item in value if isinstance(value, list) else [value]:
                    if not self.fits(fields[name]["type"], item):
                        errors.append(f"{name}: {item!r} is not ECS {fields[name]['type']}")
                    elif item not in fields[name].get("allowed", [item]):
                        errors.append(f"{name}: {item!r} not in {fields[name]['allowed']}")
                    elif isinstance(item, dict) and name in self.groups:
                        for key, sub in item.items():
                            walk(f"{name}.{key}", sub)
            elif isinstance(value, dict) and name in self.groups:
                for key, sub in value.items():
                    walk(f"{name}.{key}", sub)
            elif not any(name.startswith(prefix + ".") for prefix in self.free):
                errors.append(f"{name}: not an ECS {self.spec['version']} field")

        def get(d, name):
            for part in name.split("."):
                d = d.get(part) if isinstance(d, dict) else None
            return d

        for key, value in doc.items():
            if key.split(".")[0] in self.spec["namespaces"]:
                walk(key, value)
            elif key in self.spec.get("reusable_only", []):
                errors.append(f"{key}: custom namespace reuses an ECS field-set name")
        errors += [f"{n}: required field missing" for n in fields
                   if fields[n].get("required") and n not in doc and get(doc, n) is None]
        return errors


# --- CEF ---------------------------------------------------------------------------------

CEF_EXTENSION_ESCAPES = {"\\": "\\", "=": "=", "n": "\n", "r": "\r"}
KEY = re.compile(r"[A-Za-z0-9_]+")
CEF_NUMBER_KEYS = {"rt", "start", "end", "cnt", "cn1", "cn2", "cn3", "flexNumber1", "flexNumber2"}
CEF_IP_KEYS = {"src", "dst", "dvc"}
CEF_PORT_KEYS = {"spt", "dpt"}


def parse_cef(line):
    """A CEF:0 line -> (header fields, extension dict); raises ValueError on any deviation."""
    if not line.startswith("CEF:0|"):
        raise ValueError("does not start with CEF:0|")
    header, i, field = [], len("CEF:0|"), []
    while len(header) < 6:
        if i >= len(line):
            raise ValueError(f"header has {len(header)} fields, not 6 after the version")
        c = line[i]
        if c == "\\":
            if i + 1 >= len(line) or line[i + 1] not in "\\|":
                raise ValueError(f"header escape \\{line[i + 1:i + 2]} at {i}")
            field.append(line[i + 1])
            i += 2
        elif c == "|":
            header.append("".join(field))
            field = []
            i += 1
        else:
            if ord(c) < 0x20:
                raise ValueError(f"control byte in header at {i}")
            field.append(c)
            i += 1
    severity = header[5]
    if not (severity.isdigit() and 0 <= int(severity) <= 10) and severity not in (
            "Unknown", "Low", "Medium", "High", "Very-High"):
        raise ValueError(f"severity {severity!r}")
    ext = line[i:]
    # Each unescaped '=' ends a key: the word before it, after a space (or the start).
    equals, j = [], 0
    while j < len(ext):
        if ext[j] == "\\":
            if j + 1 >= len(ext) or ext[j + 1] not in CEF_EXTENSION_ESCAPES:
                raise ValueError(f"extension escape \\{ext[j + 1:j + 2]} at {j}")
            j += 2
            continue
        if ext[j] in "\n\r":
            raise ValueError("raw line break in extension")
        if ext[j] == "=":
            equals.append(j)
        j += 1
    pairs, starts = {}, []
    for position in equals:
        start = position
        while start > 0 and KEY.fullmatch(ext[start - 1]):
            start -= 1
        key = ext[start:position]
        if not KEY.fullmatch(key) or (start > 0 and ext[start - 1] != " "):
            raise ValueError(f"unescaped '=' inside a value at {position}")
        starts.append((start, position, key))
    for n, (start, position, key) in enumerate(starts):
        end = starts[n + 1][0] - 1 if n + 1 < len(starts) else len(ext)
        raw = ext[position + 1:end]
        value, k = [], 0
        while k < len(raw):
            if raw[k] == "\\":
                value.append(CEF_EXTENSION_ESCAPES[raw[k + 1]])
                k += 2
            else:
                value.append(raw[k])
                k += 1
        if key in pairs:
            raise ValueError(f"key {key} twice")
        pairs[key] = "".join(value)
    if starts and starts[0][0] != 0:
        raise ValueError("text before the first extension key")
    for key, value in pairs.items():
        if key in CEF_NUMBER_KEYS and not re.fullmatch(r"-?\d+", value):
            raise ValueError(f"{key}={value!r} is not an integer")
        if key in CEF_PORT_KEYS and not (value.isdigit() and int(value) <= 65535):
            raise ValueError(f"{key}={value!r} is not a port")
        if key in CEF_IP_KEYS:
            ipaddress.ip_address(value)
        custom = re.fullmatch(r"(c[sn]\d|flexString\d|flexNumber\d)(Label)?", key)
        if custom and not custom.group(2) and custom.group(1) + "Label" not in pairs:
            raise ValueError(f"{key} without {key}Label")
        if custom and custom.group(2) and custom.group(1) not in pairs:
            raise ValueError(f"{key} without {custom.group(1)}")
    return header, pairs


SYSLOG = re.compile(r"<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|\[.*?\]) (CEF:0\|.*)\Z", re.S)
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)\Z")


def parse_syslog(line):
    match = SYSLOG.match(line)
    if not match:
        raise ValueError("not an RFC 5424 line with a CEF message")
    pri, timestamp, host = int(match.group(1)), match.group(2), match.group(3)
    if pri > 191:
        raise ValueError(f"PRI {pri}")
    if not RFC3339.match(timestamp):
        raise ValueError(f"TIMESTAMP {timestamp!r}")
    for part in match.groups()[2:6]:
        if not all(32 < ord(c) < 127 for c in part):
            raise ValueError(f"header field {part!r}")
    return pri, timestamp, host, match.group(8)


# --- comparisons with the native detection -----------------------------------------------

def compare_ocsf(doc, native, errors):
    info = doc["finding_info"]
    expect = {
        "finding_info.uid": (info["uid"], native["id"]),
        "analytic.uid": (info["analytic"]["uid"], native["rule"]["id"]),
        "title": (info["title"], native["rule"]["title"]),
        "severity_id": (doc["severity_id"], OCSF_SEVERITY[native["rule"]["severity"]]),
        "time": (doc["time"], millis(native["detection_time"])),
        "start_time": (doc["start_time"], millis(native["first_event_time"])),
        "end_time": (doc["end_time"], millis(native["event_time"])),
        "analytic.type_id": (info["analytic"]["type_id"], 3 if "threshold" in native["why"] else 1),
        "fingerprint": (doc["evidences"][0]["data"]["fingerprint"], native["fingerprint"]),
        "resources": ([r["name"] for r in doc.get("resources", [])], native["tables"]),
    }
    if "principal" in native:
        expect["user"] = (doc["evidences"][0]["actor"]["user"]["name"], native["principal"])
    if "threshold" in native["why"]:
        expect["count"] = (doc.get("count"), native["why"]["threshold"]["events"])
    for name, (got, want) in expect.items():
        if got != want:
            errors.append(f"ocsf {name} {got!r} != native {want!r}")


def compare_data_security(doc, native, errors):
    expect = {
        "class_uid": (doc["class_uid"], 2006),
        "finding_info.uid": (doc["finding_info"]["uid"], native["id"]),
        "analytic.uid": (doc["finding_info"]["analytic"]["uid"], native["rule"]["id"]),
        "severity_id": (doc["severity_id"], OCSF_SEVERITY[native["rule"]["severity"]]),
        "end_time": (doc["end_time"], millis(native["event_time"])),
        "why": (doc["unmapped"]["leakhound"]["why"], native["why"]),
        "sources": (doc["unmapped"]["leakhound"]["sources"], native["sources"]),
        "categories": ([d["type"] for d in doc["data_security"].get("discovery_details", [])],
                       native["pii_categories"]),
    }
    if "principal" in native:
        expect["user"] = (doc["actor"]["user"]["name"], native["principal"])
    for name, (got, want) in expect.items():
        if got != want:
            errors.append(f"ocsf-data-security {name} {got!r} != native {want!r}")


def compare_ecs(doc, native, errors):
    expect = {
        "event.id": (doc["event"]["id"], native["id"]),
        "rule.id": (doc["rule"]["id"], native["rule"]["id"]),
        "rule.version": (doc["rule"]["version"], str(native["rule"]["version"])),
        "@timestamp": (doc["@timestamp"], native["detection_time"]),
        "event.start": (doc["event"]["start"], native["first_event_time"]),
        "leakhound.fingerprint": (doc["leakhound"]["fingerprint"], native["fingerprint"]),
        "leakhound.why": (doc["leakhound"]["why"], native["why"]),
        "leakhound.sources": (doc["leakhound"]["sources"], native["sources"]),
    }
    if "principal" in native:
        expect["user.name"] = (doc["user"]["name"], native["principal"])
    for name, (got, want) in expect.items():
        if got != want:
            errors.append(f"ecs {name} {got!r} != native {want!r}")


def cef_origin(name):
    """A file name as flexString2 writes it: the list's separators percent-encoded."""
    return name.replace("%", "%25").replace(",", "%2C").replace("#", "%23")


def compare_cef(header, ext, native, errors):
    rule = native["rule"]
    expect = {
        "signature id": (header[3], rule["id"]),
        "name": (header[4], rule["title"]),
        "severity": (int(header[5]), CEF_SEVERITY[rule["severity"]]),
        "externalId": (ext.get("externalId"), native["id"]),
        "rt": (int(ext["rt"]), millis(native["detection_time"])),
        "start": (int(ext["start"]), millis(native["first_event_time"])),
        "end": (int(ext["end"]), millis(native["event_time"])),
        "cs6 statementFingerprint": (ext.get("cs6"), native["fingerprint"] or None),
        "cs4 tables": (ext.get("cs4"), ",".join(native["tables"]) or None),
        "suser": (ext.get("suser"), native.get("principal")),
        "cnt": (int(ext["cnt"]), native["why"]["threshold"]["events"] if "threshold" in native["why"] else 1),
        "cn1 rowsRead": (ext.get("cn1"), str(native["rows"]) if "rows" in native else None),
        "flexNumber1 sourcesTotal": (int(ext["flexNumber1"]), native["sources_total"]),
        "cs3 database": (ext.get("cs3"), native.get("database")),
        "cs5 piiCategories": (ext.get("cs5"), ",".join(native["pii_categories"]) or None),
        "requestClientApplication": (ext.get("requestClientApplication"), native.get("application")),
        "msg": (ext.get("msg"), (native.get("principal") or "?") + (
            "@" + native["client"] if native.get("client") else "") + ": " + rule["title"]),
        "flexString2 sources": (ext.get("flexString2"), ",".join(
            (f"{cef_origin(s['file'])}:{s['line']}" if "file" in s else f"{s['topic']}/{s['partition']}@{s['offset']}")
            + (f"#{s['index']}" if s.get("index") else "") for s in native["sources"][-10:]) or None),
    }
    client = native.get("client", "")
    if client:
        got = ext.get("src") or ext.get("shost")
        host = client[1:client.index("]")] if client.startswith("[") else (
            client.rsplit(":", 1)[0] if client.count(":") == 1 else client)
        if got not in (client, host):
            errors.append(f"cef src/shost {got!r} is not the client {client!r}")
    if ext.get("cs6Label", "statementFingerprint") != "statementFingerprint":
        errors.append(f"cef cs6Label {ext['cs6Label']!r}")
    for name, (got, want) in expect.items():
        if got != want:
            errors.append(f"cef {name} {got!r} != native {want!r}")


def self_test(siem):
    import copy
    ocsf = jsonschema.Draft7Validator(json.load(open(siem / "ocsf-1.4.0/detection_finding.schema.json")))
    ecs = EcsChecker(siem / "ecs-8.11.0/fields.json")
    failures = []

    def expect(name, ok, should_pass):
        if ok != should_pass:
            failures.append(f"{name}: {'refused' if should_pass else 'accepted'}")

    finding = json.load(open(siem / "examples/ocsf_detection_finding.json"))
    expect("ocsf example", not list(ocsf.iter_errors(finding)), True)
    for name, mutate in [
            ("ocsf without finding_info.uid", lambda d: d["finding_info"].pop("uid")),
            ("ocsf top-level src_endpoint", lambda d: d.update(src_endpoint={"ip": "10.1.2.3"})),
            ("ocsf severity_id 7", lambda d: d.update(severity_id=7)),
            ("ocsf type_uid 200402", lambda d: d.update(type_uid=200402)),
            ("ocsf finding_info.tags strings", lambda d: d["finding_info"].update(tags=["pii"]))]:
        broken = copy.deepcopy(finding)
        mutate(broken)
        expect(name, not list(ocsf.iter_errors(broken)), False)

    dsf_schema = jsonschema.Draft7Validator(
        json.load(open(siem / "ocsf-1.4.0/data_security_finding.schema.json")))
    dsf = json.load(open(siem / "examples/ocsf_data_security_finding.json"))
    expect("ocsf 2006 example", not list(dsf_schema.iter_errors(dsf)), True)
    broken = copy.deepcopy(dsf)
    broken["data_security"]["detection_system_id"] = 13
    expect("ocsf 2006 detection_system_id 13", not list(dsf_schema.iter_errors(broken)), False)
    broken = copy.deepcopy(dsf)
    broken["evidences"] = [{"data": {}}]
    expect("ocsf 2006 with evidences", not list(dsf_schema.iter_errors(broken)), False)

    alert = json.load(open(siem / "examples/ecs_alert.json"))
    expect("ecs example", not ecs.check(alert), True)
    for name, mutate in [
            ("ecs event.kind detection", lambda d: d["event"].update(kind="detection")),
            ("ecs event.rows_read", lambda d: d["event"].update(rows_read=1)),
            ("ecs source.ip 10.1.2", lambda d: d["source"].update(ip="10.1.2")),
            ("ecs source.port string", lambda d: d["source"].update(port="52144")),
            ("ecs without @timestamp", lambda d: d.pop("@timestamp"))]:
        broken = copy.deepcopy(alert)
        mutate(broken)
        expect(name, not ecs.check(broken), False)

    cef = open(siem / "examples/cef_detection.cef").read().strip()
    syslog = open(siem / "examples/cef_detection_rfc5424.log").read().strip()

    def parses(line, syslog_line=False):
        try:
            parse_cef(parse_syslog(line)[3] if syslog_line else line)
            return True
        except (ValueError, KeyError):
            return False

    expect("cef example", parses(cef), True)
    expect("cef syslog example", parses(syslog, True), True)
    for name, line in [
            ("cef unescaped = in a value", cef + " msg2=a=b"),
            ("cef key twice", cef + " suser=again"),
            ("cef escape \\t", cef.replace("act=alert", "act=al\\tert")),
            ("cef cs7 without label", cef + " cs7=x"),
            ("cef rt not a number", cef.replace("rt=1784541602350", "rt=soon")),
            ("cef src not an address", cef.replace("src=10.1.2.3", "src=10.1.2")),
            ("cef five header fields", cef.replace("|8|", "|")),
            ("cef severity 11", cef.replace("|8|", "|11|"))]:
        expect(name, parses(line), False)
    expect("syslog PRI 200", parses(syslog.replace("<134>", "<200>"), True), False)
    expect("syslog bad time", parses(syslog.replace("2026-07-20T", "2026-07-20 "), True), False)
    for failure in failures:
        print("self-test:", failure)
    print(f"{'FAILED' if failures else 'OK'}: self-test")
    return 1 if failures else 0


def main():
    if sys.argv[1] == "--self-test":
        return self_test(pathlib.Path(sys.argv[2]))
    binary, rules, siem, schemas, *rest = sys.argv[1:]
    inputs = []  # (path, profile arguments)
    scratch = None
    while rest:
        if rest[0] == "--render":
            import tempfile
            scratch = tempfile.TemporaryDirectory()
            subprocess.run([sys.executable, rest[1], rest[2], scratch.name], check=True)
            stderr_profile = pathlib.Path(scratch.name) / "filebeat-pg-stderr.yaml"
            stderr_profile.write_text("decoder: pg-stderr\nlog_line_prefix: '%m [%p] %q%u@%d %h [%a] '\n"
                                      "envelope: filebeat\n")
            for name, profile in [("pg_jsonlog.jsonl", "pg-jsonlog"),
                                  ("mysql_enterprise.json", "mysql-audit"),
                                  ("aws_das.json", "aws-das"),
                                  ("filebeat_pg_stderr.jsonl", str(stderr_profile))]:
                inputs.append((str(pathlib.Path(scratch.name) / name), ["--profile", profile]))
            rest = rest[3:]
        else:
            inputs.append((rest[0], []))
            rest = rest[1:]
    siem, schemas = pathlib.Path(siem), pathlib.Path(schemas)
    ocsf = jsonschema.Draft7Validator(json.load(open(siem / "ocsf-1.4.0/detection_finding.schema.json")))
    ocsf_dsf = jsonschema.Draft7Validator(
        json.load(open(siem / "ocsf-1.4.0/data_security_finding.schema.json")))
    ecs = EcsChecker(siem / "ecs-8.11.0/fields.json")
    detection_schema = json.load(open(schemas / "detection.schema.json"))
    hec_schema = json.load(open(schemas / "splunk-hec.schema.json"))
    resolver = jsonschema.RefResolver.from_schema(hec_schema, store={detection_schema["$id"]: detection_schema})
    hec = jsonschema.Draft202012Validator(hec_schema, resolver=resolver)
    problems, checked = [], {f: 0 for f in FORMATS}
    for input_path, profile in inputs:
        outputs = {}
        for fmt in FORMATS:
            run = subprocess.run([binary, "scan", "--quiet", "--fixed-time", "2026-06-01T00:00:00Z",
                                  "--host", "scanner-01.example", "--rules", rules, "--format", fmt,
                                  *profile, input_path], capture_output=True, text=True)
            if run.returncode != 0:
                problems.append(f"{input_path}: scan --format {fmt} exited {run.returncode}: {run.stderr}")
            outputs[fmt] = [line for line in run.stdout.split("\n") if line]
        natives = [json.loads(line) for line in outputs["native"]]
        for fmt in FORMATS[1:]:
            if len(outputs[fmt]) != len(natives):
                problems.append(f"{input_path}: {len(outputs[fmt])} {fmt} detections, {len(natives)} native")
        for n, native in enumerate(natives):
            where = f"{input_path}: detection {n + 1} ({native['rule']['id']})"
            errors = []
            if n < len(outputs["ocsf"]):
                doc = json.loads(outputs["ocsf"][n])
                errors += [f"ocsf {e.json_path}: {e.message}" for e in ocsf.iter_errors(doc)]
                if not errors:
                    compare_ocsf(doc, native, errors)
                checked["ocsf"] += 1
            if n < len(outputs["ocsf-data-security"]):
                doc = json.loads(outputs["ocsf-data-security"][n])
                schema_errors = [f"ocsf-data-security {e.json_path}: {e.message}"
                                 for e in ocsf_dsf.iter_errors(doc)]
                errors += schema_errors
                if not schema_errors:
                    compare_data_security(doc, native, errors)
                checked["ocsf-data-security"] += 1
            if n < len(outputs["ecs"]):
                doc = json.loads(outputs["ecs"][n])
                errors += [f"ecs {e}" for e in ecs.check(doc)]
                compare_ecs(doc, native, errors)
                checked["ecs"] += 1
            for fmt in ("cef", "cef-syslog"):
                if n >= len(outputs[fmt]):
                    continue
                line = outputs[fmt][n]
                try:
                    if fmt == "cef-syslog":
                        pri, timestamp, host, line = parse_syslog(line)
                        if pri != 16 * 8 + SYSLOG_SEVERITY[native["rule"]["severity"]]:
                            errors.append(f"cef-syslog PRI {pri}")
                        if timestamp != native["detection_time"] or host != "scanner-01.example":
                            errors.append(f"cef-syslog TIMESTAMP/HOST {timestamp} {host}")
                        if line != outputs["cef"][n]:
                            errors.append("cef-syslog message is not the cef line")
                    header, ext = parse_cef(line)
                    compare_cef(header, ext, native, errors)
                except (ValueError, KeyError) as error:
                    errors.append(f"{fmt}: {error!r}: {line}")
                checked[fmt] += 1
            if n < len(outputs["splunk-hec"]):
                doc = json.loads(outputs["splunk-hec"][n])
                errors += [f"splunk-hec {e.json_path}: {e.message}" for e in hec.iter_errors(doc)]
                if doc.get("event") != native:
                    errors.append("splunk-hec event is not the native detection")
                if doc.get("time") != millis(native["detection_time"]) / 1000:
                    errors.append(f"splunk-hec time {doc.get('time')}")
                checked["splunk-hec"] += 1
            checked["native"] += 1
            problems += [f"{where}: {e}" for e in errors]
    # With every keyed token on, the documents must stay valid: tokens where addresses and
    # names were (a tokenized client is no IP), literal_tokens in the evidence.
    import os
    env = dict(os.environ, LEAKHOUND_TOKEN_KEY="siem-check-key-0123456789")
    tokenized = 0
    for input_path, profile in inputs:
        for fmt in ("ocsf", "ocsf-data-security", "ecs", "cef"):
            run = subprocess.run([binary, "scan", "--quiet", "--fixed-time", "2026-06-01T00:00:00Z",
                                  "--rules", rules, "--format", fmt, "--tokenize",
                                  "literals,principal,client,application,session_id,database",
                                  *profile, input_path], capture_output=True, text=True, env=env)
            if run.returncode != 0:
                problems.append(f"{input_path}: tokenized {fmt} exited {run.returncode}: {run.stderr}")
            for n, line in enumerate(l for l in run.stdout.split("\n") if l):
                where = f"{input_path}: tokenized {fmt} detection {n + 1}"
                tokenized += 1
                if fmt == "cef":
                    try:
                        header, ext = parse_cef(line)
                    except (ValueError, KeyError) as error:
                        problems.append(f"{where}: {error!r}")
                        continue
                    if not ext.get("suser", "tok:").startswith("tok:") or "src" in ext:
                        problems.append(f"{where}: suser/src not tokenized: {line}")
                    continue
                doc = json.loads(line)
                validator = {"ocsf": ocsf, "ocsf-data-security": ocsf_dsf}.get(fmt)
                errors = ([f"{e.json_path}: {e.message}" for e in validator.iter_errors(doc)]
                          if validator else ecs.check(doc))
                problems += [f"{where}: {e}" for e in errors]
                user = (doc.get("user", {}).get("name") if fmt == "ecs" else
                        (doc.get("actor") or doc["evidences"][0].get("actor", {})).get("user", {}).get("name"))
                if user is not None and not user.startswith("tok:"):
                    problems.append(f"{where}: user {user!r} not tokenized")
    checked["tokenized"] = tokenized

    for problem in problems[:50]:
        print(problem)
    if len(problems) > 50:
        print(f"... and {len(problems) - 50} more")
    summary = ", ".join(f"{count} {fmt}" for fmt, count in checked.items())
    print(f"{'FAILED' if problems else 'OK'}: {summary} detections checked over {len(inputs)} inputs")
    return 1 if problems or checked["native"] == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
