#!/usr/bin/env bash
# Encrypts one secret value with AWS KMS, the way the Lambda console's encryption helpers do, and prints what
# goes into the function's environment variable.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<EOF
Usage: $PROG --key KEY --function FUNCTION_NAME [options] < secret
       $PROG --key KEY --no-context [options] < secret

Reads one secret value on stdin (from a terminal: prompts without echo), encrypts it with
  aws kms encrypt --key-id KEY --plaintext fileb:///dev/stdin \\
      --encryption-context LambdaFunctionName=FUNCTION_NAME --query CiphertextBlob --output text
and prints, on stdout and without a newline at the end:
  BASE64                           (default: the console's form; declare the variable @Encrypted(Kms.AWS))
  aws-kms://KEY?ciphertext=BASE64  (--reference: self-describing, and KMS refuses a blob of another key)
BASE64 is canonical padded base64 on one line. The encryption context {"LambdaFunctionName": FUNCTION_NAME}
is secretfn's default, so the ciphertext decrypts only in that function, and an IAM condition on
kms:EncryptionContext:LambdaFunctionName can limit each function to its own values. The value is piped; it
never appears in an argument, a file or the environment. Pipe it with printf '%s' (echo would add a newline
to the secret).

Options:
  --key KEY                 the KMS key: key id, key ARN, alias/NAME or alias ARN (the stack output
                            SecretsKeyArn) (required)
  --function FUNCTION_NAME  the Lambda function that will decrypt it: its name, which is the encryption
                            context (the stack output ApiGatewayFunctionName) (required unless --no-context)
  --no-context              encrypt without encryption context; the function must then bind
                            AwsSettings.encryptionContext(EncryptionContext.none()), and any function allowed
                            to decrypt with KEY can decrypt it
  --reference               print aws-kms://KEY?ciphertext=BASE64 instead of the bare ciphertext
  --region REGION           the key's region (default: the AWS CLI's configured region)
  --dry-run                 print the commands instead of running them (or set DRY_RUN=1); stdin is not read
  -h, --help                show this help
EOF
}

main() {
  local key='' function='' no_context=0 reference=0 region=''
  split_args "$@"
  set -- ${ARGS[@]+"${ARGS[@]}"}
  while [ $# -gt 0 ]; do
    case $1 in
      --key) need "$@"; key=$2; shift 2 ;;
      --function) need "$@"; function=$2; shift 2 ;;
      --no-context) no_context=1; shift ;;
      --reference) reference=1; shift ;;
      --region) need "$@"; region=$2; shift 2 ;;
      --dry-run) DRY_RUN=1; shift ;;
      -h | --help) usage; exit 0 ;;
      *) unknown_arg "$1" ;;
    esac
  done
  require --key "$key"
  if [ "$no_context" = 1 ]; then
    if [ -n "$function" ]; then
      usage_error "--function and --no-context exclude each other"
    fi
  else
    require --function "$function"
    check_function_name --function "$function"
  fi
  check_kms_key --key "$key"
  if [ -n "$region" ]; then
    check_region --region "$region"
  fi

  local -a encrypt=(aws kms encrypt --key-id "$key" --plaintext fileb:///dev/stdin)
  if [ "$no_context" = 0 ]; then
    encrypt+=(--encryption-context "LambdaFunctionName=$function")
  fi
  encrypt+=(--query CiphertextBlob --output text)
  if [ -n "$region" ]; then
    encrypt+=(--region "$region")
  fi

  local label='the secret'
  if [ -n "$function" ]; then
    label="a variable of $function"
  fi
  if is_dry_run; then
    printf '# the value of %s is read from stdin and piped into:\n' "$label"
    printf "%s | tr -d '\\\\r\\\\n'\n" "$(shell_line "${encrypt[@]}")"
    return 0
  fi

  local ciphertext
  ciphertext=$(secret_input "$label" | run_out "${encrypt[@]}" | tr -d '\r\n')
  if [ -z "$ciphertext" ]; then
    die "aws kms encrypt printed no ciphertext"
  fi
  if ! is_canonical_base64 "$ciphertext"; then
    die "aws kms encrypt printed something that is not one line of canonical base64; nothing to print"
  fi
  if [ "$no_context" = 1 ]; then
    note "no encryption context: bind AwsSettings.encryptionContext(EncryptionContext.none()) in the function"
  fi
  if [ "$reference" = 1 ]; then
    printf 'aws-kms://%s?ciphertext=%s' "$key" "$ciphertext"
  else
    printf '%s' "$ciphertext"
  fi
}

main "$@"
