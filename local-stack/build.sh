#!/usr/bin/env bash
# Builds the services' jars (./mvnw -DskipTests package) and shows the build's progress, one line
# per module, and its errors in full; run by run-local.sh and benchmark.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "Building the services (./mvnw -DskipTests package; the first build downloads dependencies) ..."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! ./mvnw -B -ntp -DskipTests package 2>&1 | tee "$log" \
    | sed -un -E 's/^\[INFO\] Building (.+) [^ ]+ +\[([0-9]+\/[0-9]+)\]$/  [\2] \1/p; s/^\[INFO\] (BUILD SUCCESS)$/  \1/p'; then
  grep -E '^\[ERROR\]' "$log" >&2 || cat "$log" >&2
  exit 1
fi
