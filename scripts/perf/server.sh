#!/usr/bin/env bash
# Runs the built jar for profiling: a fresh PostgreSQL database (lectern_perf), dev ports 18480/18481,
# no chat rate limit, a JFR recording to /tmp/lectern-perf.jfr. Extra JVM flags: LECTERN_JAVA_OPTS;
# another build to compare: LECTERN_JAR=/path/to/lectern.jar.
#   scripts/perf/server.sh            # foreground; Ctrl-C stops it and dumps the recording
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
select_jdk
db="${LECTERN_PERF_DB:-lectern_perf}"
psql -h 127.0.0.1 -U postgres -d test -qc "drop database if exists $db" -c "create database $db" >/dev/null
export LECTERN_DB_URL="jdbc:postgresql://127.0.0.1:5432/$db" LECTERN_DB_USER=postgres LECTERN_DB_PASSWORD=
export LECTERN_HTTP_PORT="${LECTERN_HTTP_PORT:-18480}" LECTERN_SOCKET_PORT="${LECTERN_SOCKET_PORT:-18481}"
export LECTERN_JWT_SECRET="${LECTERN_JWT_SECRET:-perf-secret-perf-secret-perf-secret-0123456789}"
export LECTERN_CHAT_RATE_LIMIT=0 LECTERN_EVENT_RATE_LIMIT=0 LECTERN_DEV_LOGIN=false
echo $$ > "${LECTERN_PERF_PIDFILE:-/tmp/lectern-perf.pid}"
exec "$JAVA_HOME/bin/java" ${LECTERN_JAVA_OPTS:-} \
  -XX:StartFlightRecording=filename=${LECTERN_JFR:-/tmp/lectern-perf.jfr},settings=profile,dumponexit=true \
  -jar "${LECTERN_JAR:-server/target/lectern.jar}"
