#!/usr/bin/env bash
# Creates a Berglas secret in Cloud Storage without the berglas binary, and prints its berglas:// reference.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<EOF
Usage: $PROG --key CRYPTO_KEY --bucket BUCKET --object OBJECT [options] < secret

Reads the secret on stdin (from a terminal: prompts without echo) and writes gs://BUCKET/OBJECT in the format
the Berglas CLI writes ('berglas create'), so berglas and secretfn both read it:
  - a fresh random 256-bit data key (DEK) encrypts the secret locally with AES-256-GCM (12-byte nonce,
    16-byte tag, no additional data), in ../common/SecretHelper.java (needs java 11+ on PATH or
    JAVA_HOME);
  - 'gcloud kms encrypt' wraps the DEK with CRYPTO_KEY, with OBJECT as additional authenticated data;
  - the body is base64(wrapped DEK) ":" base64(nonce || ciphertext || tag), with no newline;
  - the object carries metadata berglas-kms-key=CRYPTO_KEY and berglas-secret=1, set in the same upload.
Then prints, on stdout without a newline at the end:
  berglas://BUCKET/OBJECT        (or berglas://BUCKET/OBJECT#GENERATION with --pin)
The secret and the DEK travel through pipes only; neither is ever in an argument, a file or a log line.

Options:
  --key CRYPTO_KEY   projects/P/locations/L/keyRings/R/cryptoKeys/K, as setup-kms.sh printed (required)
  --bucket BUCKET    the secrets bucket (required)
  --object OBJECT    the object name, e.g. orders/api-key (required)
  --pin              reference the uploaded generation (#GENERATION)
  --overwrite        replace an existing secret (default: refuse, like 'berglas create')
  --dry-run          print the commands instead of running them (or set DRY_RUN=1); stdin is not read
  -h, --help         show this help
EOF
}

main() {
  local key='' bucket='' object='' pin=0 overwrite=0
  split_args "$@"
  set -- ${ARGS[@]+"${ARGS[@]}"}
  while [ $# -gt 0 ]; do
    case $1 in
      --key) need "$@"; key=$2; shift 2 ;;
      --bucket) need "$@"; bucket=$2; shift 2 ;;
      --object) need "$@"; object=$2; shift 2 ;;
      --pin) pin=1; shift ;;
      --overwrite) overwrite=1; shift ;;
      --dry-run) DRY_RUN=1; shift ;;
      -h | --help) usage; exit 0 ;;
      *) unknown_arg "$1" ;;
    esac
  done
  require --key "$key"
  require --bucket "$bucket"
  require --object "$object"
  parse_key --key "$key"
  check_bucket --bucket "$bucket"
  check_object --object "$object"

  local url="gs://$bucket/$object"
  local aad=aad.txt
  if ! is_dry_run; then
    scratch_dir
    aad=$SCRATCH/aad
    printf '%s' "$object" >"$aad"
  fi
  local -a wrap=(gcloud kms encrypt "--project=$KEY_PROJECT" "--location=$KEY_LOCATION" "--keyring=$KEY_RING"
    "--key=$KEY_ID" --plaintext-file=- --ciphertext-file=- "--additional-authenticated-data-file=$aad")
  local -a upload=(gcloud storage cp - "$url" "--custom-metadata=berglas-kms-key=$key,berglas-secret=1"
    "--cache-control=$NO_CACHE")
  if [ "$overwrite" = 0 ]; then
    upload+=(--if-generation-match=0)
  fi

  if is_dry_run; then
    printf '# the secret is read from stdin and sealed; the helper pipes the data key into gcloud kms encrypt:\n'
    printf "printf '%%s' %s > aad.txt\n" "$(shell_word "$object")"
    # shellcheck disable=SC2016 # this is shell text for the reader, not to expand here
    printf 'body=$(%s)\n' "$(shell_line "$(java_cmd)" "$COMMON_DIR/SecretHelper.java" berglas-seal -- "${wrap[@]}")"
    # shellcheck disable=SC2016
    printf 'printf %%s "$body" | %s\n' "$(shell_line "${upload[@]}")"
    printf 'rm -f aad.txt\n'
  else
    local body
    printf '+ %s\n' "$(shell_line "$(java_cmd)" "$COMMON_DIR/SecretHelper.java" berglas-seal -- "${wrap[@]}")" >&2
    body=$(secret_input "$object" | "$(java_cmd)" "$COMMON_DIR/SecretHelper.java" berglas-seal -- "${wrap[@]}")
    # The body is ciphertext only, so holding it in a shell variable is fine.
    printf '%s' "$body" | run "${upload[@]}"
  fi

  local reference
  reference="berglas://$bucket/$(pct_encode "$object")"
  if [ "$pin" = 1 ]; then
    read_generation "$url"
    reference="$reference#$GENERATION"
  fi
  print_reference "$reference"
}

main "$@"
