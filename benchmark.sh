#!/usr/bin/env bash
# Measures the pipeline on this machine: ./benchmark.sh [rows] [no-emails]   (default 100000 rows, with emails)
# Prints rows per second from upload to COMPLETED, welcome emails per second and each service's peak heap.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -q -B -ntp -DskipTests package
exec java -Dstack.home=. -jar local-stack/target/local-stack-*-exec.jar benchmark "${1:-100000}" ${2:-}
