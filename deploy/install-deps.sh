#!/usr/bin/env bash
# Installs every build and test dependency of leakhound from Debian 12's archive.
# Idempotent: packages already present are left alone. This is the single place where
# dependencies are installed; .ci/run and the README call it.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # libraries the layers link
  librdkafka-dev libsimdjson-dev libhyperscan-dev libspdlog-dev libfmt-dev
  libyaml-cpp-dev libcli11-dev libcpp-httplib-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libre2-dev libbenchmark-dev
  kcat python3-confluent-kafka curl valgrind
  # deploy checks: systemd-analyze, readelf
  systemd binutils
  clang libclang-rt-14-dev
  python3 python3-jsonschema python3-yaml
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
