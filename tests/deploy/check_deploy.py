#!/usr/bin/env python3
"""Checks deploy/ as far as this machine can (no Docker engine, no Kubernetes here).

  check_deploy.py SOURCE_DIR LEAKHOUND_BINARY

  - every YAML file under deploy/ parses;
  - deploy/leakhound.yaml is valid against schemas/config.schema.json, and the binary
    accepts it (`leakhound run --check`) with the repository's rule pack;
  - the Dockerfile's runtime stage installs a package for every shared library the binary
    links, and the compose file builds that Dockerfile and sets every variable the config
    needs without a default;
  - the Kubernetes kustomization ships every rule file and list of rules/, and the
    Deployment mounts what the config reads;
  - `systemd-analyze verify` passes on the unit (with ExecStart pointing at the built binary).

Exits non-zero with a line per problem.
"""
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import jsonschema
import yaml

problems = []


def problem(text):
    problems.append(text)
    print("check_deploy: " + text, file=sys.stderr)


def main():
    source = pathlib.Path(sys.argv[1])
    binary = sys.argv[2]
    deploy = source / "deploy"

    documents = {}
    for path in sorted(deploy.rglob("*.yaml")) + sorted(deploy.rglob("*.yml")):
        try:
            documents[path.relative_to(deploy).as_posix()] = list(yaml.safe_load_all(path.read_text()))
        except yaml.YAMLError as error:
            problem(f"{path}: not YAML: {error}")

    # The shipped config: the schema, then the binary itself.
    config = documents["leakhound.yaml"][0]
    schema = json.loads((source / "schemas/config.schema.json").read_text())
    for error in jsonschema.Draft202012Validator(schema).iter_errors(config):
        problem(f"deploy/leakhound.yaml: {'/'.join(map(str, error.path))}: {error.message}")
    environment = dict(os.environ, LEAKHOUND_RULES=str(source / "rules"))
    check = subprocess.run([binary, "run", "--check", "--config", str(deploy / "leakhound.yaml")],
                           env=environment, capture_output=True, text=True)
    if check.returncode != 0 or "config OK" not in check.stdout:
        problem(f"leakhound run --check refuses deploy/leakhound.yaml: {check.stdout}{check.stderr}")

    # Dockerfile: a runtime package for every library the binary needs.
    dockerfile = (deploy / "Dockerfile").read_text()
    runtime = dockerfile.split("FROM debian:12-slim", 2)[-1]
    needed = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True).stdout
    for library in re.findall(r"\(NEEDED\).*\[(.+?)\]", needed):
        if re.match(r"lib(c|m|gcc_s|stdc\+\+)\.so", library) or library.startswith("ld-linux"):
            continue
        owner = subprocess.run(["dpkg", "-S", library], capture_output=True, text=True).stdout
        packages = {line.split(":")[0] for line in owner.splitlines() if not line.startswith("diversion")}
        if not any(re.search(rf"\b{re.escape(package)}\b", runtime) for package in packages):
            problem(f"deploy/Dockerfile: the runtime stage installs none of {sorted(packages)} "
                    f"for {library}")

    # Compose: builds the Dockerfile, sets what the config needs.
    compose = documents["compose/docker-compose.yaml"][0]
    service = compose["services"]["leakhound"]
    if service["build"]["dockerfile"] != "deploy/Dockerfile":
        problem("compose: leakhound is not built from deploy/Dockerfile")
    config_text = (deploy / "leakhound.yaml").read_text()
    for name in re.findall(r"\$\{([A-Z0-9_]+)\}", config_text):  # no default given
        if name not in service.get("environment", {}):
            problem(f"compose: leakhound does not set {name}, which deploy/leakhound.yaml needs")
    for topic in ("db.queries", "leakhound.detections", "leakhound.dead-letter", "leakhound.state"):
        if topic not in " ".join(compose["services"]["topics"]["command"]):
            problem(f"compose: the topics job does not create {topic}")

    # Kubernetes: every rule file and list in the ConfigMaps, mounted where the config reads.
    kustomization = documents["kubernetes/kustomization.yaml"][0]
    shipped = set()
    for generator in kustomization["configMapGenerator"]:
        for entry in generator["files"]:
            shipped.add(os.path.normpath(deploy / "kubernetes" / entry.split("=")[-1]))
    for path in sorted((source / "rules").rglob("*")):
        if path.suffix in (".yaml", ".txt") and str(path) not in shipped:
            problem(f"kubernetes/kustomization.yaml does not ship {path.relative_to(source)}")
    deployment = next(d for d in documents["kubernetes/deployment.yaml"] if d["kind"] == "Deployment")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    mounts = {m["mountPath"] for m in container["volumeMounts"]}
    for path in ("/etc/leakhound/leakhound.yaml", config["rules"]):
        if path not in mounts:
            problem(f"kubernetes: nothing is mounted at {path}")
    ports = {p["containerPort"] for p in container["ports"]}
    if int(config["metrics"]["listen"].rsplit(":", 1)[1]) not in ports:
        problem("kubernetes: the metrics port of the config is not a container port")

    # systemd: the unit as shipped, but for the binary's path.
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        problem("systemd-analyze is missing (deploy/install-deps.sh installs systemd)")
    else:
        unit = (deploy / "systemd/leakhound.service").read_text().replace("/usr/local/bin/leakhound", binary)
        with tempfile.TemporaryDirectory() as directory:
            path = pathlib.Path(directory) / "leakhound.service"
            path.write_text(unit)
            verify = subprocess.run([analyze, "verify", str(path)], capture_output=True, text=True)
            output = (verify.stdout + verify.stderr).strip()
            if verify.returncode != 0 or output:
                problem(f"systemd-analyze verify: {output or verify.returncode}")

    if problems:
        sys.exit(1)
    print(f"check_deploy: {len(documents)} YAML files, config, Dockerfile, compose, kubernetes "
          f"and systemd unit consistent")


main()
