#!/usr/bin/env bash
# Measures the pipeline on this machine against a plain load of the same rows:
#   ./benchmark.sh [rows] [--emails] [--gzip] [--no-small]   (default 1,000,000 rows; 1,000 and 20,000
#   first, and again on the warmed services after)
# Prints wall times, "ratio to plain load", each stage's rows per second, the time to the first
# outcome, welcome emails per second, and each service's peak heap and processor time.
set -euo pipefail
cd "$(dirname "$0")"
local-stack/build.sh
exec java @local-stack/jvm.options -Dstack.home=. -jar local-stack/target/local-stack-*-exec.jar benchmark "$@"
