# shellcheck shell=bash
# Helpers shared by the deploy/gcp and deploy/aws scripts. Sourced through each directory's lib.sh, never run
# on its own.
#
# Rules every script follows (and the tests in deploy/src/test check):
# - A secret's plaintext arrives on stdin only and travels through pipes only: never an argument (visible in
#   `ps`), an exported variable, a file or a log line.
# - DRY_RUN=1 or --dry-run prints the commands instead of running them; nothing is run, stdin is not read.
# - Usage errors exit with status 2 and a message naming the option; other failures exit with status 1.
#
# SC2034 (assigned but unused) is off for this file only: COMMON_DIR is read by the scripts that source it,
# which shellcheck checks with this file included.
# shellcheck disable=SC2034

PROG=${0##*/}
DRY_RUN=${DRY_RUN:-0}
# This directory, where SecretHelper.java lives.
COMMON_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

die() {
  printf '%s: error: %s\n' "$PROG" "$*" >&2
  exit 1
}

usage_error() {
  printf '%s: error: %s\n' "$PROG" "$*" >&2
  printf "Run '%s --help' for usage.\n" "$PROG" >&2
  exit 2
}

# unknown_arg ARG: the usage error for an argument no option expects. A bare word is not repeated: it may
# be a secret typed where it does not belong, and it should not reach a terminal log as well.
unknown_arg() {
  case $1 in
    -*) usage_error "unknown argument '$1'" ;;
    *) usage_error "unexpected argument (not repeated here in case it is a secret; secrets go on stdin)" ;;
  esac
}

note() {
  printf '%s: %s\n' "$PROG" "$*" >&2
}

is_dry_run() {
  [ "$DRY_RUN" = 1 ]
}

# Splits --flag=value into --flag value (up to a lone --), leaving the result in ARGS. Callers then run
#   set -- ${ARGS[@]+"${ARGS[@]}"}
split_args() {
  ARGS=()
  local passthrough=0 a
  for a in "$@"; do
    if [ "$passthrough" = 1 ]; then
      ARGS+=("$a")
      continue
    fi
    case $a in
      --) passthrough=1; ARGS+=("$a") ;;
      --*=*) ARGS+=("${a%%=*}" "${a#*=}") ;;
      *) ARGS+=("$a") ;;
    esac
  done
}

# need OPTION "$@": the option at $1 must be followed by a value.
need() {
  if [ $# -lt 2 ] || [ -z "$2" ]; then
    usage_error "option $1 needs a value"
  fi
  case $2 in
    --*) usage_error "option $1 needs a value (got the option '$2')" ;;
  esac
}

require() {
  local flag=$1 value=$2
  if [ -z "$value" ]; then
    usage_error "missing required option $flag"
  fi
}

matches() {
  local value=$1 re=$2
  [[ $value =~ $re ]]
}

# check OPTION VALUE REGEX RULE: a usage error that states the rule, and never echoes anything secret (these
# are names, not values).
check() {
  if ! matches "$2" "$3"; then
    usage_error "$1: $4"
  fi
}

check_env_name() {
  check "$1" "$2" '^[A-Za-z_][A-Za-z0-9_]*$' \
    "'$2' is not an environment variable name (letters, digits and '_', not starting with a digit)"
}

# Percent-encodes what would change a reference's meaning ('%', '?', '#'), as secretfn's parser expects.
pct_encode() {
  local s=$1
  s=${s//%/%25}
  s=${s//\?/%3F}
  s=${s//#/%23}
  printf '%s' "$s"
}

# Decodes %XX escapes (the inverse of pct_encode); fails on a '%' without two hex digits.
pct_decode() {
  local s=$1
  if ! matches "$s" '^([^%]|%[0-9A-Fa-f]{2})*$'; then
    return 1
  fi
  s=${s//\\/\\\\}
  s=${s//%/\\x}
  printf '%b' "$s"
}

# Escapes a string for a double-quoted JSON, YAML or CEL literal (control characters are rejected earlier).
dq_escape() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  printf '%s' "$s"
}

# Quotes one word for a shell, readably: bare when it is safe, single-quoted otherwise.
shell_word() {
  if matches "$1" '^[A-Za-z0-9_./:=@%+,-]+$'; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//\'/\'\\\'\'}"
  fi
}

shell_line() {
  local out='' a
  for a in "$@"; do
    out="$out $(shell_word "$a")"
  done
  printf '%s' "${out# }"
}

# run CMD...: in a dry run prints the command on stdout; otherwise logs it to stderr with '+ ' and runs it
# with its stdout sent to stderr too, so that a script's stdout carries only its result.
run() {
  if is_dry_run; then
    printf '%s\n' "$(shell_line "$@")"
    return 0
  fi
  printf '+ %s\n' "$(shell_line "$@")" >&2
  "$@" >&2
}

# run_out CMD...: like run, but keeps the command's stdout (for output the script consumes).
run_out() {
  if is_dry_run; then
    printf '%s\n' "$(shell_line "$@")"
    return 0
  fi
  printf '+ %s\n' "$(shell_line "$@")" >&2
  "$@"
}

# exists CMD...: runs a describe command quietly and says whether the resource is there. In a dry run it
# prints the check as a comment and answers "no", so the create commands that follow are shown.
exists() {
  if is_dry_run; then
    printf '# unless it exists (%s):\n' "$(shell_line "$@")"
    return 1
  fi
  printf '+ %s\n' "$(shell_line "$@")" >&2
  "$@" >/dev/null 2>&1
}

# print_reference REFERENCE: the script's result, on stdout without a newline (a comment in a dry run).
print_reference() {
  if is_dry_run; then
    printf '# prints: %s\n' "$1"
  else
    printf '%s' "$1"
  fi
}

# A private scratch directory for non-secret files (AAD, IAM conditions, env-vars YAML), removed on exit.
SCRATCH=''
scratch_dir() {
  if [ -z "$SCRATCH" ]; then
    SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/secretfn-deploy.XXXXXX")
    chmod 700 "$SCRATCH"
    trap 'rm -rf "$SCRATCH"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
  fi
}

# secret_input LABEL: copies the secret from stdin to stdout. From a terminal it prompts without echo and
# reads one line (no trailing newline is added); from a pipe it passes the bytes through unchanged.
secret_input() {
  if [ -t 0 ]; then
    local value
    printf 'Value for %s (input hidden): ' "$1" >&2
    IFS= read -rs value
    printf '\n' >&2
    printf '%s' "$value"
  else
    cat
  fi
}

# The java launcher for the single-file helper (JDK 11+; secretfn needs 17 anyway).
java_cmd() {
  if [ -n "${JAVA:-}" ]; then
    printf '%s' "$JAVA"
  elif [ -n "${JAVA_HOME:-}" ]; then
    printf '%s' "$JAVA_HOME/bin/java"
  else
    printf 'java'
  fi
}

# Standard padded base64 on one line; portable to GNU (which wraps at 76) and BSD/macOS base64.
base64_line() {
  base64 | tr -d '\r\n'
}

# The pre-deploy check (framework/check): its executable jar, from --check-jar, $SECRETFN_CHECK_JAR, or this
# repository's build. Sets CHECK_JAR; a usage error says how to build it.
CHECK_JAR=''
find_check_jar() {
  local given=$1 jar
  if [ -n "$given" ]; then
    [ -f "$given" ] || usage_error "--check-jar: '$given' is not a file"
    CHECK_JAR=$given
    return 0
  fi
  if [ -n "${SECRETFN_CHECK_JAR:-}" ]; then
    [ -f "$SECRETFN_CHECK_JAR" ] || usage_error "SECRETFN_CHECK_JAR: '$SECRETFN_CHECK_JAR' is not a file"
    CHECK_JAR=$SECRETFN_CHECK_JAR
    return 0
  fi
  for jar in "$COMMON_DIR"/../../framework/check/target/secretfn-check-*-cli.jar; do
    if [ -f "$jar" ]; then
      CHECK_JAR=$jar
      return 0
    fi
  done
  usage_error "the pre-deploy check needs its jar: build it (./mvnw -q -pl framework/check -am package" \
    "-DskipTests, from the repository's root), or pass --check-jar FILE (secretfn-check-VERSION-cli.jar)." \
    "--skip-check deploys unchecked"
}

# The check's arguments as its command line is shown (dry run, log), when a script must leave values out of it:
# set by the script before run_check; empty means the arguments themselves.
CHECK_SHOWN=()

# run_check ARGS...: runs the check on the function; its report goes to stderr. An error in the deployment's
# secrets stops the script before anything is deployed; so does a check that could not run.
run_check() {
  local status=0
  local -a shown=("$@")
  if [ ${#CHECK_SHOWN[@]} -gt 0 ]; then
    shown=("${CHECK_SHOWN[@]}")
  fi
  if is_dry_run; then
    printf '%s\n' "$(shell_line "$(java_cmd)" -jar "$CHECK_JAR" "${shown[@]}")"
    return 0
  fi
  printf '+ %s\n' "$(shell_line "$(java_cmd)" -jar "$CHECK_JAR" "${shown[@]}")" >&2
  "$(java_cmd)" -jar "$CHECK_JAR" "$@" >&2 || status=$?
  case $status in
    0) ;;
    1) die "the pre-deploy check found errors in the function's secrets (above); nothing was deployed" ;;
    *) die "the pre-deploy check could not run (above); nothing was deployed (--skip-check deploys unchecked)" ;;
  esac
}
