# Sourced by dubwatch's scripts: exports JAVA_HOME pointing at a JDK >= 21, or stops with a clear message.
# Order: an existing JAVA_HOME, the `java` on PATH, then the JDKs under /usr/lib/jvm (newest first).

dubwatch_java_major() { # $1 = a java binary; prints its feature version (17, 21, 25, ...)
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1
}

dubwatch_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
                   $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(dubwatch_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! DUBWATCH_JDK=$(dubwatch_find_jdk); then
  echo "dubwatch: no JDK >= 21 found (checked JAVA_HOME, java on PATH, /usr/lib/jvm/*)." >&2
  echo "dubwatch: install one (e.g. Temurin 21) and set JAVA_HOME to it." >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME="$DUBWATCH_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
