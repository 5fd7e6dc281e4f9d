#!/usr/bin/env bash
# Makes sure the PostgreSQL and Redis the tests use are installed and running on 127.0.0.1, and that
# redis-server and nginx (which some tests start privately) are installed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

apt_install() {
  command -v apt-get >/dev/null || die "cannot install $* here: no apt-get; install it by hand"
  say "installing $*"
  if [ -z "${APT_UPDATED:-}" ]; then DEBIAN_FRONTEND=noninteractive apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

pg_ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

ensure_postgres() {
  command -v pg_isready >/dev/null || apt_install postgresql
  if ! pg_ready; then
    say "starting PostgreSQL"
    local version
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
    [ -n "$version" ] || die "PostgreSQL is installed but has no cluster under /etc/postgresql"
    # the suite runs several server processes beside its test JVMs, often next to other suites on
    # the same server: the default 100 connections run out. Only set when this script starts it.
    if [ -d "/etc/postgresql/$version/main/conf.d" ] && [ ! -f "/etc/postgresql/$version/main/conf.d/lectern-tests.conf" ]; then
      echo "max_connections = 300" > "/etc/postgresql/$version/main/conf.d/lectern-tests.conf"
    fi
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
  fi
  pg_ready || die "PostgreSQL did not come up on 127.0.0.1:5432"
  # the tests connect as postgres to database test without a password (trust on loopback)
  if ! psql -h 127.0.0.1 -U postgres -d test -Atqc 'select 1' >/dev/null 2>&1; then
    say "creating database test"
    su postgres -c "psql -qc 'CREATE DATABASE test'" >/dev/null 2>&1 || true
    psql -h 127.0.0.1 -U postgres -d test -Atqc 'select 1' >/dev/null \
      || die "cannot connect to PostgreSQL as postgres@127.0.0.1/test (loopback trust auth expected)"
  fi
}

ensure_redis() {
  command -v redis-server >/dev/null || apt_install redis-server
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    say "starting Redis"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
    for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
  fi
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || die "Redis did not come up on 127.0.0.1:6379"
}

# The multi-node test runs its own nginx (docs/deployment/nginx.conf) in front of its nodes: only the
# binary is needed, never the system service.
ensure_nginx() {
  [ -x /usr/sbin/nginx ] || apt_install nginx
}

ensure_postgres
ensure_redis
ensure_nginx
say "PostgreSQL and Redis are up; nginx is installed"
