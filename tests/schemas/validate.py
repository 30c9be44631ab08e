#!/usr/bin/env python3
"""Validates leakhound's files against its JSON Schemas (python3-jsonschema, python3-yaml).

  validate.py rules SCHEMA RULES_DIR      every rule document under RULES_DIR is valid, and
                                          the known-bad documents below are each refused
  validate.py detections SCHEMA FILE...  every line of each NDJSON file is a valid detection

Exits non-zero, naming the file and the failing path, on the first invalid document.
"""
import json
import pathlib
import sys

import jsonschema
import yaml


class StringTimesLoader(yaml.SafeLoader):
    """YAML as leakhound reads it: 2026-06-30 stays a string, not a date."""


StringTimesLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

BAD_RULES = [
    ("unknown key", "id: X-1\ntitle: t\nseverity: low\nmatch: {where: {rows: {gt: 1}}}\nthresold: {}\n"),
    ("bad severity", "id: X-1\ntitle: t\nseverity: urgent\nmatch: {where: {rows: {gt: 1}}}\n"),
    ("unknown field", "id: X-1\ntitle: t\nseverity: low\nmatch: {where: {prinicpal: a}}\n"),
    ("two aggregates", "id: X-1\ntitle: t\nseverity: low\nmatch: {where: {rows: {gt: 1}}}\n"
                       "threshold: {count: true, sum: rows, gte: 1, window: 1h}\n"),
    ("bad window", "id: X-1\ntitle: t\nseverity: low\nmatch: {where: {rows: {gt: 1}}}\n"
                   "threshold: {count: true, gte: 1, window: 10 minutes}\n"),
    ("exception without reason", "id: X-1\ntitle: t\nseverity: low\nmatch: {where: {rows: {gt: 1}}}\n"
                                 "exceptions: [{principal: a}]\n"),
    ("bad attack tag", "id: X-1\ntitle: t\nseverity: low\ntags: [attack.t12]\nmatch: {where: {rows: {gt: 1}}}\n"),
]


def validate_rules(schema, rules_dir):
    validator = jsonschema.Draft202012Validator(schema)
    count = 0
    for path in sorted(pathlib.Path(rules_dir).rglob("*.yaml")):
        if path.name == "catalog.yaml":
            continue
        for document in yaml.load_all(path.read_text(), Loader=StringTimesLoader):
            if document is None:
                continue
            errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
            if errors:
                error = errors[0]
                sys.exit(f"{path}: {document.get('id')}: /{'/'.join(map(str, error.path))}: {error.message}")
            count += 1
    for name, text in BAD_RULES:
        document = yaml.load(text, Loader=StringTimesLoader)
        if validator.is_valid(document):
            sys.exit(f"the schema accepts a rule with {name}: {text!r}")
    print(f"{count} rules valid; {len(BAD_RULES)} known-bad rules refused")


def validate_detections(schema, files):
    validator = jsonschema.Draft202012Validator(schema)
    count = 0
    for file in files:
        for number, line in enumerate(pathlib.Path(file).read_text().splitlines(), 1):
            errors = list(validator.iter_errors(json.loads(line)))
            if errors:
                error = errors[0]
                sys.exit(f"{file}:{number}: /{'/'.join(map(str, error.path))}: {error.message}")
            count += 1
    if count == 0:
        sys.exit("no detections to validate")
    print(f"{count} detections valid")


def main():
    kind, schema_path, *targets = sys.argv[1:]
    schema = json.loads(pathlib.Path(schema_path).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    if kind == "rules":
        validate_rules(schema, targets[0])
    else:
        validate_detections(schema, targets)


if __name__ == "__main__":
    main()
