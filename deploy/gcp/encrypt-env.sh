#!/usr/bin/env bash
# Encrypts one secret value with Cloud KMS and prints what goes into the function's environment variable.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<EOF
Usage: $PROG --key CRYPTO_KEY --name VARIABLE [options] < secret

Reads the secret value of environment variable VARIABLE on stdin (from a terminal: prompts without echo),
encrypts it with 'gcloud kms encrypt' and prints, on stdout and without a newline at the end:
  gcp-kms://CRYPTO_KEY?ciphertext=BASE64     (default: self-describing, declare nothing else)
  BASE64                                      (--bare: the seed's form; set KMS_CRYPTO_KEY_ID=CRYPTO_KEY on
                                               the function and declare VARIABLE @Encrypted(Kms.GCP))
BASE64 is standard padded base64 on one line. The value is piped; it never appears in an argument, a file
or the environment. Pipe it with printf '%s' (echo would add a newline to the secret).

Options:
  --key CRYPTO_KEY     projects/P/locations/L/keyRings/R/cryptoKeys/K, as setup-kms.sh printed (required)
  --name VARIABLE      the environment variable that will hold the result (required)
  --bind-name          bind the ciphertext to VARIABLE: its UTF-8 bytes become KMS additional authenticated
                       data, so the ciphertext cannot be moved to another variable. The function must switch
                       the same binding on, or decryption fails.
  --bare               print the bare base64 ciphertext instead of a gcp-kms:// reference
  --env-line           print VARIABLE=VALUE and a newline (for deploy-function.sh --env-file)
  --dry-run            print the commands instead of running them (or set DRY_RUN=1); stdin is not read
  -h, --help           show this help
EOF
}

main() {
  local key='' name='' bind=0 bare=0 env_line=0
  split_args "$@"
  set -- ${ARGS[@]+"${ARGS[@]}"}
  while [ $# -gt 0 ]; do
    case $1 in
      --key) need "$@"; key=$2; shift 2 ;;
      --name) need "$@"; name=$2; shift 2 ;;
      --bind-name) bind=1; shift ;;
      --bare) bare=1; shift ;;
      --env-line) env_line=1; shift ;;
      --dry-run) DRY_RUN=1; shift ;;
      -h | --help) usage; exit 0 ;;
      *) unknown_arg "$1" ;;
    esac
  done
  require --key "$key"
  require --name "$name"
  parse_key --key "$key"
  check_env_name --name "$name"

  local -a encrypt=(gcloud kms encrypt "--project=$KEY_PROJECT" "--location=$KEY_LOCATION"
    "--keyring=$KEY_RING" "--key=$KEY_ID" --plaintext-file=- --ciphertext-file=-)

  if is_dry_run; then
    printf '# the value of %s is read from stdin and piped into:\n' "$name"
    if [ "$bind" = 1 ]; then
      printf "printf '%%s' %s > aad.txt\n" "$(shell_word "$name")"
      encrypt+=(--additional-authenticated-data-file=aad.txt)
    fi
    printf "%s | base64 | tr -d '\\\\r\\\\n'\n" "$(shell_line "${encrypt[@]}")"
    if [ "$bind" = 1 ]; then
      printf 'rm -f aad.txt\n'
    fi
    return 0
  fi

  if [ "$bind" = 1 ]; then
    scratch_dir
    printf '%s' "$name" >"$SCRATCH/aad"
    encrypt+=("--additional-authenticated-data-file=$SCRATCH/aad")
  fi
  local ciphertext
  ciphertext=$(secret_input "$name" | run_out "${encrypt[@]}" | base64_line)
  if [ -z "$ciphertext" ]; then
    die "gcloud kms encrypt printed no ciphertext"
  fi

  local value=$ciphertext
  if [ "$bare" = 0 ]; then
    value="gcp-kms://$key?ciphertext=$ciphertext"
  else
    note "bare ciphertext: set KMS_CRYPTO_KEY_ID=$key on the function and declare $name as encrypted"
  fi
  if [ "$env_line" = 1 ]; then
    printf '%s=%s\n' "$name" "$value"
  else
    printf '%s' "$value"
  fi
}

main "$@"
