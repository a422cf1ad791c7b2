#!/usr/bin/env bash
# Runs the whole pipeline on this machine, without Docker: a Kafka broker, PostgreSQL (embedded,
# or the one SPRING_DATASOURCE_URL names), a mail inbox at http://localhost:8025 and the three
# services on ports 8080, 8081 and 8082. Ctrl-C stops everything.
#   ./run-local.sh            continues on the data the last run kept in .local-stack/
#   ./run-local.sh --fresh    deletes that data first and starts empty
set -euo pipefail
cd "$(dirname "$0")"
local-stack/build.sh
exec java @local-stack/jvm.options -Dstack.home=. -jar local-stack/target/local-stack-*-exec.jar "$@"
