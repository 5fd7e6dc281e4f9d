#!/usr/bin/env bash
# The whole test suite: services first, then the Maven build with unit, integration and packaged-jar tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

select_jdk
scripts/services.sh

# Each test JVM migrates its own schema t_<epoch seconds>_<random> in database test; drop those of
# earlier runs: older than three hours, never one a suite running beside this one still uses.
# (Names without the time come from before that rule and are dropped as before.)
psql -h 127.0.0.1 -U postgres -d test -Atqc \
  "select 'drop schema if exists \"' || nspname || '\" cascade;' from pg_namespace where nspname like 't\_%'
     and (nspname !~ '^t_(mn_)?[0-9]{10}_'
          or to_timestamp(substring(nspname from '^t_(?:mn_)?([0-9]{10})_')::bigint) < now() - interval '3 hours')" \
  | psql -h 127.0.0.1 -U postgres -d test -q >/dev/null 2>&1 || true

# The official socket.io-client for OfficialClientCompatIntegrationTest, at the version package-lock.json pins.
command -v npm >/dev/null || die "Node.js 20+ with npm is required (apt-get install nodejs npm)"
say "installing web/compat (npm ci)"
(cd web/compat && npm ci --no-audit --no-fund --loglevel=error)

# The web client: its packages (Vite, Vitest, playwright-core…) and Debian's Chromium for the
# end-to-end test (WebClientIT). Never a tool's own browser download.
say "installing web (npm ci)"
(cd web && npm ci --no-audit --no-fund --loglevel=error)
if [ ! -x /usr/bin/chromium ]; then
  command -v apt-get >/dev/null || die "the browser tests need Debian's chromium at /usr/bin/chromium; install it by hand"
  say "installing Debian's chromium for the browser tests"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x /usr/bin/chromium ] || die "chromium did not install (apt-get install -y chromium)"
fi

say "running the Maven suite (JAVA_HOME=$JAVA_HOME)"
mvn -B verify -Dlectern.web.install.skip "$@"
say "all tests passed"
