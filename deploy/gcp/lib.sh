# shellcheck shell=bash
# Shared helpers for the deploy/gcp scripts. Sourced by each script, never run on its own.
#
# Rules every script follows (and the tests in deploy/src/test check):
# - A secret's plaintext arrives on stdin only and travels through pipes only: never an argument (visible in
#   `ps`), an exported variable, a file or a log line.
# - DRY_RUN=1 or --dry-run prints the commands instead of running them; nothing is run, stdin is not read.
# - Usage errors exit with status 2 and a message naming the option; other failures exit with status 1.
#
# SC2034 (assigned but unused) is off for this file only: LIB_DIR, NO_CACHE and the KEY_* variables that
# parse_key sets are read by the scripts that source it, which shellcheck checks with this file included.
# shellcheck disable=SC2034

PROG=${0##*/}
DRY_RUN=${DRY_RUN:-0}
LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KEY_PROJECT='' KEY_LOCATION='' KEY_RING='' KEY_ID=''

# Berglas's own cache-control value for secret objects: never cache a secret anywhere.
readonly NO_CACHE='private, no-cache, no-store, no-transform, max-age=0'

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

check_project() {
  check "$1" "$2" '^[a-z][a-z0-9.:-]{0,62}[a-z0-9]$' \
    "'$2' is not a project id (lowercase letters, digits and '-', optionally 'domain:' first)"
}

check_location() {
  check "$1" "$2" '^[a-z0-9-]{1,63}$' "'$2' is not a location (for example global or europe-west1)"
}

check_kms_id() {
  check "$1" "$2" '^[a-zA-Z0-9_-]{1,63}$' "'$2' must be 1 to 63 characters of a-z A-Z 0-9 _ -"
}

check_bucket() {
  check "$1" "$2" '^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$' \
    "'$2' is not a bucket name (3 to 222 characters of a-z 0-9 . _ -, starting and ending with a letter or digit)"
  case $2 in
    *..*) usage_error "$1: a bucket name cannot contain '..'" ;;
  esac
}

check_object() {
  local flag=$1 name=$2
  if [ -z "$name" ]; then
    usage_error "$flag: the object name is empty"
  fi
  if [ "$(printf '%s' "$name" | LC_ALL=C wc -c)" -gt 1024 ]; then
    usage_error "$flag: an object name is at most 1024 bytes of UTF-8"
  fi
  if matches "$name" '[[:cntrl:]]'; then
    usage_error "$flag: the object name contains a control character"
  fi
  case $name in
    . | ..) usage_error "$flag: the object name cannot be '.' or '..'" ;;
    *[][*?#]*)
      usage_error "$flag: use an object name without * ? [ ] #: gcloud storage reads them as wildcards or" \
        "generation marks" ;;
  esac
}

check_env_name() {
  check "$1" "$2" '^[A-Za-z_][A-Za-z0-9_]*$' \
    "'$2' is not an environment variable name (letters, digits and '_', not starting with a digit)"
}

check_service_account_email() {
  check "$1" "$2" '^[a-z0-9][a-z0-9-]{0,62}@[a-z0-9.-]+\.gserviceaccount\.com$' \
    "'$2' is not a service account email (NAME@PROJECT.iam.gserviceaccount.com)"
  case $2 in
    *@developer.gserviceaccount.com | *@appspot.gserviceaccount.com)
      note "warning: $2 is a default service account, which usually holds broad project roles; run" \
        "setup-kms.sh --service-account NAME to create one that can read only this function's secrets" ;;
  esac
}

# An IAM principal as gcloud's --member takes it.
check_member() {
  if ! matches "$2" '^(user|group|serviceAccount|domain):[^[:space:],]+$' &&
    ! matches "$2" '^principal(Set)?://[^[:space:],]+$'; then
    usage_error "$1: '$2' is not an IAM member (user:EMAIL, group:EMAIL, serviceAccount:EMAIL, domain:DOMAIN)"
  fi
}

# The CryptoKey name, exactly as secretfn's reference parser accepts it (no /cryptoKeyVersions/).
readonly CRYPTO_KEY_RE='^projects/([a-z][a-z0-9.:-]{0,62}[a-z0-9])/locations/([a-z0-9-]{1,63})/keyRings/([a-zA-Z0-9_-]{1,63})/cryptoKeys/([a-zA-Z0-9_-]{1,63})$'

# parse_key OPTION NAME: sets KEY_PROJECT, KEY_LOCATION, KEY_RING and KEY_ID from a CryptoKey name.
parse_key() {
  local flag=$1 name=$2
  case $name in
    */cryptoKeyVersions/*)
      usage_error "$flag: give the CryptoKey name, without '/cryptoKeyVersions/...': Cloud KMS picks the version" ;;
  esac
  if ! [[ $name =~ $CRYPTO_KEY_RE ]]; then
    usage_error "$flag: '$name' is not a CryptoKey name of the form projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY"
  fi
  KEY_PROJECT=${BASH_REMATCH[1]}
  KEY_LOCATION=${BASH_REMATCH[2]}
  KEY_RING=${BASH_REMATCH[3]}
  KEY_ID=${BASH_REMATCH[4]}
}

# The email of service account ACCOUNT_ID in PROJECT (domain-scoped projects "example.com:p" included).
service_account_email() {
  local id=$1 project=$2
  case $project in
    *:*) printf '%s@%s.%s.iam.gserviceaccount.com' "$id" "${project#*:}" "${project%%:*}" ;;
    *) printf '%s@%s.iam.gserviceaccount.com' "$id" "$project" ;;
  esac
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

# run_retried CMD...: run, tried up to 4 times with growing pauses. For IAM bindings: a service account
# created moments ago can take a few seconds before IAM accepts it as a member.
run_retried() {
  local attempt=1 delay=${SECRETFN_RETRY_DELAY:-2}
  until run "$@"; do
    if [ "$attempt" -ge 4 ]; then
      return 1
    fi
    note "retrying in ${delay}s (a new service account can take a few seconds to reach IAM)"
    sleep "$delay"
    attempt=$((attempt + 1))
    delay=$((delay * 2))
  done
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

# read_generation URL: sets GENERATION to the object's current generation, for a pinned reference (in a dry
# run: prints the command and sets the placeholder GENERATION). Run right after the upload; a writer that
# overwrites the object in between would be pinned instead, so keep one writer per object.
GENERATION=''
read_generation() {
  local -a describe=(gcloud storage objects describe "$1" '--format=value(generation)')
  if is_dry_run; then
    run_out "${describe[@]}"
    GENERATION=GENERATION
    return 0
  fi
  GENERATION=$(run_out "${describe[@]}")
  if ! matches "$GENERATION" '^[1-9][0-9]{0,18}$'; then
    die "could not read the generation of $1; it was uploaded: run again without --pin for an unpinned reference"
  fi
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
