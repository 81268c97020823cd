#!/usr/bin/env bash
# Uploads a secret object (typically a JSON object of fields) to Cloud Storage and prints its reference.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<EOF
Usage: $PROG --bucket BUCKET --object OBJECT [--field FIELD] [options] < secret.json

Reads the object's body on stdin, checks it, uploads it with 'gcloud storage cp - gs://BUCKET/OBJECT' and
prints the reference to put in the function's environment, on stdout without a newline at the end:
  gs://BUCKET/OBJECT#FIELD                  (with --field: one string field of a JSON object)
  gs://BUCKET/OBJECT                        (without: the whole object is the secret)
  gs://BUCKET/OBJECT?generation=N#FIELD     (with --pin: exactly this upload, whatever is written later)
With --field the body must be a JSON object whose field FIELD is a string, e.g.
  {"username": "orders", "password": "..."}
and nothing is uploaded otherwise. The body is piped; it never appears in an argument or a file. Storage
encrypts objects at rest; who may read them is IAM's job: run grant-access.sh next.

Options:
  --bucket BUCKET   the secrets bucket (see create-bucket.sh) (required)
  --object OBJECT   the object name, e.g. orders/db.json (required)
  --field FIELD     check that the body is a JSON object with string field FIELD, and reference that field
  --pin             reference the uploaded generation (?generation=N); rotate by uploading and redeploying.
                    A pinned old generation stays readable only in a bucket with object versioning.
  --overwrite       replace an existing object (default: refuse, so a typo cannot clobber another secret)
  --dry-run         print the commands instead of running them (or set DRY_RUN=1); stdin is not read
  -h, --help        show this help
EOF
}

main() {
  local bucket='' object='' field='' pin=0 overwrite=0
  split_args "$@"
  set -- ${ARGS[@]+"${ARGS[@]}"}
  while [ $# -gt 0 ]; do
    case $1 in
      --bucket) need "$@"; bucket=$2; shift 2 ;;
      --object) need "$@"; object=$2; shift 2 ;;
      --field) need "$@"; field=$2; shift 2 ;;
      --pin) pin=1; shift ;;
      --overwrite) overwrite=1; shift ;;
      --dry-run) DRY_RUN=1; shift ;;
      -h | --help) usage; exit 0 ;;
      *) unknown_arg "$1" ;;
    esac
  done
  require --bucket "$bucket"
  require --object "$object"
  check_bucket --bucket "$bucket"
  check_object --object "$object"
  if [ ${#field} -gt 256 ] || matches "$field" '[[:cntrl:]]'; then
    usage_error "--field: a JSON field name is 1 to 256 characters without control characters"
  fi

  local url="gs://$bucket/$object"
  local -a upload=(gcloud storage cp - "$url" "--cache-control=$NO_CACHE")
  local -a feed=("$(java_cmd)" "$COMMON_DIR/SecretHelper.java" feed)
  if [ -n "$field" ]; then
    upload+=(--content-type=application/json)
    feed+=(--json-field "$field")
  else
    upload+=(--content-type=application/octet-stream)
  fi
  if [ "$overwrite" = 0 ]; then
    upload+=(--if-generation-match=0)
  fi

  if is_dry_run; then
    printf '# the object body is read from stdin, checked, and piped into the upload:\n'
  else
    if [ -t 0 ]; then
      note "reading the object body from the terminal: paste it, then press Ctrl-D"
    fi
  fi
  run "${feed[@]}" -- "${upload[@]}"

  local reference
  reference="gs://$bucket/$(pct_encode "$object")"
  if [ "$pin" = 1 ]; then
    read_generation "$url"
    reference="$reference?generation=$GENERATION"
  fi
  if [ -n "$field" ]; then
    reference="$reference#$(pct_encode "$field")"
  fi
  print_reference "$reference"
}

main "$@"
