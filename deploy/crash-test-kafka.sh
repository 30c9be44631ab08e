#!/usr/bin/env bash
# The crash test against a real Apache Kafka (deploy/compose): leakhound with
# delivery exactly-once is killed with SIGKILL at random points while the demo scenario is
# replayed into it (slowly), and restarted each time; at the end every detection is counted on the
# output topic with isolation.level=read_committed. Exactly-once means each detection id is
# there exactly once, and there are as many as `leakhound scan` finds in the scenario.
#
#   deploy/crash-test-kafka.sh [KILLS]        (needs Docker with the compose plugin)
#
# The embedded cluster of the ctest suite cannot show this part: librdkafka 2.0.2's mock
# ignores isolation.level and drops transactional offset commits.
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-5}
compose=(docker compose -f deploy/compose/docker-compose.yaml)
export LEAKHOUND_DELIVERY=exactly-once

cleanup() { "${compose[@]}" down -v >/dev/null 2>&1 || true; }
trap cleanup EXIT
cleanup
"${compose[@]}" build leakhound
"${compose[@]}" up -d kafka
"${compose[@]}" run --rm topics

# The scenario replayed slowly (200 records a second, about ten seconds) in the background
# while leakhound is killed and restarted.
"${compose[@]}" run -d --rm replay --rate 200 >/dev/null
for i in $(seq "$kills"); do
  "${compose[@]}" up -d leakhound
  sleep $((3 + RANDOM % 6))
  echo "crash-test: kill $i"
  "${compose[@]}" kill -s KILL leakhound
done
"${compose[@]}" up -d leakhound

# The detections of the scenario, found offline with the same rules: keyed by principal,
# the service finds exactly these.
expected=$(docker run --rm -v "$PWD/deploy/demo:/demo:ro" --entrypoint /usr/local/bin/leakhound \
  leakhound:latest scan -q /demo/insider.ndjson | wc -l)

# Wait until the output has settled, then count with read_committed.
count() {
  "${compose[@]}" run --rm kcat -C -t leakhound.detections -e -q \
    -X isolation.level=read_committed -f '%h\n' |
    tr ',' '\n' | sed -n 's/^leakhound-detection-id=//p'
}
for _ in $(seq 60); do
  total=$(count | wc -l)
  [ "$total" -ge "$expected" ] && break
  sleep 5
done
ids=$(count)
total=$(printf '%s\n' "$ids" | grep -c . || true)
distinct=$(printf '%s\n' "$ids" | grep . | sort -u | wc -l)
echo "crash-test: $kills kills, $expected expected, $total committed, $distinct distinct"
[ "$total" -eq "$expected" ] && [ "$distinct" -eq "$expected" ] || {
  echo "crash-test: FAILED (exactly once means $expected committed detections, each once)" >&2
  exit 1
}
echo "crash-test: each detection exactly once"
