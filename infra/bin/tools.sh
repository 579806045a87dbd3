# Sourced by dubwatch's scripts: the pinned Python tools (SAM CLI, cfn-lint) in a virtualenv cached
# outside the work tree. After sourcing, $DUBWATCH_TOOLS_VENV/bin holds sam and cfn-lint.
# Pins: CFN_LINT_VERSION and SAM_CLI_VERSION below (one place for every script); CHECKOV_VERSION for
# dubwatch_checkov (its own venv: its dependencies would clash with the SAM CLI's).
CFN_LINT_VERSION=1.58.0
SAM_CLI_VERSION=1.170.0
CHECKOV_VERSION=3.3.30

dubwatch_tools_python() { # a Python the pinned SAM CLI supports (3.9-3.13)
  local candidate
  for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
    [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" -c 'import sys; sys.exit(0 if (3, 9) <= sys.version_info[:2] < (3, 14) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

DUBWATCH_TOOLS_HOME=${DUBWATCH_TOOLS_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/dubwatch-tools}
DUBWATCH_TOOLS_VENV="$DUBWATCH_TOOLS_HOME/venv-cfnlint$CFN_LINT_VERSION-sam$SAM_CLI_VERSION"
_pins="cfn-lint==$CFN_LINT_VERSION aws-sam-cli==$SAM_CLI_VERSION"
if [ "$(cat "$DUBWATCH_TOOLS_VENV/.dubwatch-pins" 2>/dev/null)" != "$_pins" ] \
   || [ ! -x "$DUBWATCH_TOOLS_VENV/bin/sam" ] || [ ! -x "$DUBWATCH_TOOLS_VENV/bin/cfn-lint" ]; then
  if ! _python=$(dubwatch_tools_python); then
    echo "dubwatch: need Python 3.9-3.13 for aws-sam-cli $SAM_CLI_VERSION (set PYTHON=...)" >&2
    return 1 2>/dev/null || exit 1
  fi
  echo "dubwatch: installing $_pins into $DUBWATCH_TOOLS_VENV (once, about a minute)" >&2
  rm -rf "$DUBWATCH_TOOLS_VENV" && mkdir -p "$DUBWATCH_TOOLS_HOME"
  "$_python" -m venv "$DUBWATCH_TOOLS_VENV"
  "$DUBWATCH_TOOLS_VENV/bin/python" -m pip install --quiet --disable-pip-version-check $_pins
  echo "$_pins" > "$DUBWATCH_TOOLS_VENV/.dubwatch-pins"
fi
export SAM_CLI_TELEMETRY=0

# Prints the path of the pinned checkov, installing it once into its own venv.
dubwatch_checkov() {
  local venv="$DUBWATCH_TOOLS_HOME/venv-checkov$CHECKOV_VERSION" python
  if [ "$(cat "$venv/.dubwatch-pins" 2>/dev/null)" != "checkov==$CHECKOV_VERSION" ] || [ ! -x "$venv/bin/checkov" ]; then
    python=$(dubwatch_tools_python) || { echo "dubwatch: need Python 3.9-3.13 for checkov" >&2; return 1; }
    echo "dubwatch: installing checkov==$CHECKOV_VERSION into $venv (once, about a minute)" >&2
    rm -rf "$venv" && "$python" -m venv "$venv" \
      && "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION" >&2 \
      && echo "checkov==$CHECKOV_VERSION" > "$venv/.dubwatch-pins" || return 1
  fi
  echo "$venv/bin/checkov"
}
