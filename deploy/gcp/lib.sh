# shellcheck shell=bash
# Helpers for the deploy/gcp scripts: the shared ones in ../common/lib.sh (the rules every script follows are
# stated there) and the Google Cloud specific ones below. Sourced by each script, never run on its own.
#
# SC2034 (assigned but unused) is off for this file only: NO_CACHE and the KEY_* variables that parse_key
# sets are read by the scripts that source it, which shellcheck checks with this file included.
# shellcheck disable=SC2034

# shellcheck source=SCRIPTDIR/../common/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh"

KEY_PROJECT='' KEY_LOCATION='' KEY_RING='' KEY_ID=''

# Berglas's own cache-control value for secret objects: never cache a secret anywhere.
readonly NO_CACHE='private, no-cache, no-store, no-transform, max-age=0'

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

# The gcloud command for Secret Manager: a regional secret is reached through its regional endpoint, which
# gcloud uses only when told to (the property api_endpoint_overrides/secretmanager, set for these commands
# alone rather than in the user's configuration).
SM_GCLOUD=()
secret_manager_gcloud() {
  if [ -n "$1" ]; then
    SM_GCLOUD=(env "CLOUDSDK_API_ENDPOINT_OVERRIDES_SECRETMANAGER=https://secretmanager.$1.rep.googleapis.com/"
      gcloud)
  else
    SM_GCLOUD=(gcloud)
  fi
}
