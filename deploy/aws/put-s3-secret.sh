#!/usr/bin/env bash
# Uploads a secret object (typically a JSON object of fields) to S3, encrypted with the stack's KMS key, and
# prints its s3:// reference.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<EOF
Usage: $PROG --bucket BUCKET --object KEY --kms-key KEY_ARN [--field FIELD] [options] < secret.json

Reads the object's body on stdin, checks it, uploads it with
  aws s3 cp - s3://BUCKET/KEY --sse aws:kms --sse-kms-key-id KEY_ARN
(SSE-KMS under the stack's key, which the secrets bucket's policy requires) and prints the reference to put
in the function's environment, on stdout without a newline at the end:
  s3://BUCKET/KEY#FIELD                 (with --field: one string field of a JSON object)
  s3://BUCKET/KEY                       (without: the whole object is the secret)
  s3://BUCKET/KEY?versionId=V#FIELD     (with --pin: exactly this upload, whatever is written later)
With --field the body must be a JSON object whose field FIELD is a string, e.g.
  {"username": "orders", "password": "..."}
and nothing is uploaded otherwise. The body is piped; it never appears in an argument or a file. Who may
read the object is the functions' IAM roles' business (template.yaml grants one object per function).

Options:
  --bucket BUCKET     the secrets bucket (the stack output SecretsBucketName) (required)
  --object KEY        the object key, e.g. orders/credentials.json (required)
  --kms-key KEY_ARN   the key that encrypts the object (the stack output SecretsKeyArn) (required)
  --field FIELD       check that the body is a JSON object with string field FIELD, and reference that field
  --pin               read the new object's version id and reference it (?versionId=V); rotate by uploading
                      and redeploying. Needs a versioned bucket (template.yaml's is).
  --overwrite         replace an existing object (default: refuse, so a typo cannot clobber another secret;
                      the bucket keeps the old version)
  --region REGION     the bucket's region (default: the AWS CLI's configured region)
  --dry-run           print the commands instead of running them (or set DRY_RUN=1); stdin is not read
  -h, --help          show this help
EOF
}

main() {
  local bucket='' object='' kms_key='' field='' pin=0 overwrite=0 region=''
  split_args "$@"
  set -- ${ARGS[@]+"${ARGS[@]}"}
  while [ $# -gt 0 ]; do
    case $1 in
      --bucket) need "$@"; bucket=${2#s3://}; shift 2 ;;
      --object) need "$@"; object=$2; shift 2 ;;
      --kms-key) need "$@"; kms_key=$2; shift 2 ;;
      --field) need "$@"; field=$2; shift 2 ;;
      --pin) pin=1; shift ;;
      --overwrite) overwrite=1; shift ;;
      --region) need "$@"; region=$2; shift 2 ;;
      --dry-run) DRY_RUN=1; shift ;;
      -h | --help) usage; exit 0 ;;
      *) unknown_arg "$1" ;;
    esac
  done
  require --bucket "$bucket"
  require --object "$object"
  require --kms-key "$kms_key"
  check_s3_bucket --bucket "$bucket"
  check_s3_key --object "$object"
  check_kms_key_arn --kms-key "$kms_key"
  if [ ${#field} -gt 256 ] || matches "$field" '[[:cntrl:]]'; then
    usage_error "--field: a JSON field name is 1 to 256 characters without control characters"
  fi
  local -a in_region=()
  if [ -n "$region" ]; then
    check_region --region "$region"
    in_region=(--region "$region")
  fi

  local -a head=(aws s3api head-object --bucket "$bucket" --key "$object" ${in_region[@]+"${in_region[@]}"})
  local -a upload=(aws s3 cp - "s3://$bucket/$object" --sse aws:kms --sse-kms-key-id "$kms_key")
  local -a feed=("$(java_cmd)" "$COMMON_DIR/SecretHelper.java" feed)
  if [ -n "$field" ]; then
    upload+=(--content-type application/json)
    feed+=(--json-field "$field")
  else
    upload+=(--content-type application/octet-stream)
  fi
  upload+=(--no-progress ${in_region[@]+"${in_region[@]}"})

  if [ "$overwrite" = 0 ]; then
    if is_dry_run; then
      printf '# stops if the object exists (no --overwrite):\n'
      run "${head[@]}"
    else
      printf '+ %s\n' "$(shell_line "${head[@]}")" >&2
      if "${head[@]}" >/dev/null 2>&1; then
        die "s3://$bucket/$object exists; give --overwrite to replace it (the bucket keeps the old version)"
      fi
    fi
  fi

  if is_dry_run; then
    printf '# the object body is read from stdin, checked, and piped into the upload:\n'
  elif [ -t 0 ]; then
    note "reading the object body from the terminal: paste it, then press Ctrl-D"
  fi
  run "${feed[@]}" -- "${upload[@]}"

  local reference
  reference="s3://$bucket/$(pct_encode "$object")"
  if [ "$pin" = 1 ]; then
    local -a version=("${head[@]}" --query VersionId --output text)
    local version_id=VERSION_ID
    if is_dry_run; then
      run_out "${version[@]}"
    else
      version_id=$(run_out "${version[@]}" | tr -d '\r\n')
      if [ "$version_id" = None ] || [ "$version_id" = null ] || [ -z "$version_id" ]; then
        die "s3://$bucket/$object was uploaded, but the bucket has no versioning: run again without --pin"
      fi
      if ! matches "$version_id" '^[A-Za-z0-9._+/=-]{1,1024}$'; then
        die "could not read the version id of s3://$bucket/$object; it was uploaded: run again without --pin"
      fi
    fi
    reference="$reference?versionId=$version_id"
  fi
  if [ -n "$field" ]; then
    reference="$reference#$(pct_encode "$field")"
  fi
  print_reference "$reference"
}

main "$@"
