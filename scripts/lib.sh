# Shared helpers for Lectern's scripts (sourced, not run).

say() { printf '\033[1m[lectern]\033[0m %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

java_major() { # prints the feature version of the java binary given, or 0
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1 || echo 0
}

# Exports JAVA_HOME for a JDK 21 or newer: $JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm
# (and a few other usual places), else `java` on the PATH.
select_jdk() {
  local candidate best="" best_version=0 v
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(java_major "$JAVA_HOME/bin/java")
    if [ "${v:-0}" -ge 21 ]; then export JAVA_HOME; return; fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$candidate/bin/javac" ] || continue
    v=$(java_major "$candidate/bin/java")
    if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$best_version" ]; then best="$candidate"; best_version="$v"; fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(java_major "$candidate/bin/java")
    [ "${v:-0}" -ge 21 ] && best="$candidate"
  fi
  [ -n "$best" ] || die "no JDK 21 or newer found; install one (for example: apt-get install openjdk-21-jdk-headless) or set JAVA_HOME"
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  command -v mvn >/dev/null || die "Maven is required (apt-get install maven)"
}
