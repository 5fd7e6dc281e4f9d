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

# The official socket.io-client for OfficialClientCompatIntegrationTest, at the version package-lock.json pins.
command -v npm >/dev/null || die "Node.js 18+ with npm is required (apt-get install nodejs npm)"
say "installing web/compat (npm ci)"
(cd web/compat && npm ci --no-audit --no-fund --loglevel=error)

say "running the Maven suite (JAVA_HOME=$JAVA_HOME)"
mvn -B verify "$@"
say "all tests passed"
