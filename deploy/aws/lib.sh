# shellcheck shell=bash
# Helpers for the deploy/aws scripts: the shared ones in ../common/lib.sh (the rules every script follows are
# stated there) and the AWS specific ones below. Sourced by each script, never run on its own.

# shellcheck source=SCRIPTDIR/../common/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh"

# AWS CLI v2 pipes output to a pager when stdout is a terminal, which would stop a script at a prompt.
export AWS_PAGER=''

# The stack's function names, as template.yaml derives them: STACK-weather, STACK-orders and STACK-billing.
# Lambda allows 64 characters, hence at most 56 for the stack name (the longest suffix has 8).
readonly STACK_NAME_RE='^[A-Za-z][A-Za-z0-9-]{0,55}$'

check_region() {
  check "$1" "$2" '^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$' "'$2' is not an AWS region (for example eu-west-1)"
}

check_stack_name() {
  local rule="a letter, then letters, digits and '-', at most 56 characters so that the function names"
  check "$1" "$2" "$STACK_NAME_RE" \
    "'$2' is not a usable stack name ($rule STACK-weather, STACK-orders and STACK-billing fit Lambda's 64)"
}

check_function_name() {
  check "$1" "$2" '^[A-Za-z0-9_-]{1,64}$' \
    "'$2' is not a Lambda function name (1 to 64 letters, digits, '-' and '_'; the name, not the ARN)"
}

# A KMS key as --key-id takes it: key id, key ARN, alias/NAME or alias ARN. All of them fit the aws-kms://
# reference grammar.
check_kms_key() {
  local re='^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|alias/[A-Za-z0-9/_-]{1,250}|arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key/([0-9a-f-]{36}|mrk-[0-9a-f]{32})|alias/[A-Za-z0-9/_-]{1,250}))$'
  check "$1" "$2" "$re" \
    "'$2' is not a KMS key (a key id, arn:aws:kms:REGION:ACCOUNT:key/ID, alias/NAME or an alias ARN)"
}

# The key ARN only: the secrets bucket's policy compares the upload's key id with the ARN, literally.
check_kms_key_arn() {
  check "$1" "$2" '^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/([0-9a-f-]{36}|mrk-[0-9a-f]{32})$' \
    "'$2' is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID, the stack output SecretsKeyArn)"
}

check_s3_bucket() {
  check "$1" "$2" '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' \
    "'$2' is not an S3 bucket name (3 to 63 characters of a-z 0-9 . -, starting and ending with a letter or digit)"
  case $2 in
    *..*) usage_error "$1: a bucket name cannot contain '..'" ;;
  esac
}

check_s3_key() {
  local flag=$1 name=$2
  if [ -z "$name" ]; then
    usage_error "$flag: the object key is empty"
  fi
  if [ "$(printf '%s' "$name" | LC_ALL=C wc -c)" -gt 1024 ]; then
    usage_error "$flag: an object key is at most 1024 bytes of UTF-8"
  fi
  if matches "$name" '[[:cntrl:]]'; then
    usage_error "$flag: the object key contains a control character"
  fi
  case $name in
    . | .. | */. | */.. | ./* | ../* | */./* | */../*)
      usage_error "$flag: use an object key without '.' or '..' segments (tools resolve them differently)" ;;
  esac
}

# Canonical padded base64 as secretfn's parser accepts it: unused bits zero, so one spelling per byte string.
readonly BASE64_RE='^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=|[A-Za-z0-9+/][AQgw]==)$'

is_canonical_base64() {
  [ ${#1} -le 65536 ] && matches "$1" "$BASE64_RE"
}
