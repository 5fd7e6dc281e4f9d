#!/usr/bin/env bash
# The whole test suite: services first, then the Maven build with unit, integration and packaged-jar tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

select_jdk
scripts/services.sh

# Each test JVM migrates its own schema t_<random> in database test; drop those of earlier runs.
psql -h 127.0.0.1 -U postgres -d test -Atqc \
  "select 'drop schema if exists \"' || nspname || '\" cascade;' from pg_namespace where nspname like 't\_%'" \
  | psql -h 127.0.0.1 -U postgres -d test -q >/dev/null 2>&1 || true

say "running the Maven suite (JAVA_HOME=$JAVA_HOME)"
mvn -B verify "$@"
say "all tests passed"
