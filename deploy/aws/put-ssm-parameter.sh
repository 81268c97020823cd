#!/usr/bin/env bash
# Writes a SecureString parameter to SSM Parameter Store from stdin (CloudFormation cannot create one) and
# prints its pinned ssm:// reference.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<EOF
Usage: $PROG --name NAME [--kms-key KEY] [--field FIELD] [options] < value

Reads the value on stdin (from a terminal: prompts without echo), checks it (not empty, UTF-8 text without
carriage returns; with --field, a JSON object whose field FIELD is a string) and writes it with
  aws ssm put-parameter --name NAME --type SecureString --value file:///dev/stdin --query Version --output text
then prints the reference of exactly that version, on stdout without a newline at the end:
  ssm:///hierarchical/name?version=N[#FIELD]     (a NAME that starts with '/')
  ssm://plain-name?version=N[#FIELD]             (a NAME without '/')
The value travels through pipes only: the AWS CLI reads it from its stdin (file:///dev/stdin is a pipe
here, not a file on disk), so it is never in an argument, an exported variable or a file.
An existing parameter is kept unless --overwrite is given; with it, the new version is N+1 and the old
versions stay readable (up to 100), so a deployment pinned to one keeps working until it is redeployed.

Options:
  --name NAME         the parameter, e.g. /orders/signing-key (template.yaml's SigningKeyParameter) (required)
  --kms-key KEY       the KMS key that encrypts it (key id, ARN or alias/NAME; default: aws/ssm). The
                      function then needs kms:Decrypt on it (template.yaml grants it for the stack's key)
  --field FIELD       check that the value is a JSON object with string field FIELD, and reference it
  --overwrite         write a new version of an existing parameter (default: refuse)
  --advanced          the Advanced tier (values up to 8 KB instead of 4 KB; charged per parameter)
  --region REGION     the parameter's region (default: the AWS CLI's configured region)
  --dry-run           print the commands instead of running them (or set DRY_RUN=1); stdin is not read
  -h, --help          show this help
EOF
}

# ssm_reference NAME VERSION FIELD: the ssm:// reference (FIELD may be empty). The one place that writes the
# form, so a change of the grammar changes only this. A hierarchical name keeps its leading '/' after
# 'ssm://' (three slashes); a plain name follows 'ssm://' directly.
ssm_reference() {
  local name=$1 version=$2 field=$3 reference
  reference="ssm://$(pct_encode "$name")?version=$version"
  if [ -n "$field" ]; then
    reference="$reference#$(pct_encode "$field")"
  fi
  printf '%s' "$reference"
}

# A parameter name as SSM allows it: letters, digits and . - _ / (hierarchies of at most 15 levels, 1011
# characters with the leading '/'); the prefixes 'aws' and 'ssm' are reserved.
check_parameter_name() {
  local flag=$1 name=$2
  check "$flag" "$name" '^(/[A-Za-z0-9_.-]+){1,15}$|^[A-Za-z0-9_.-]+$' \
    "'$name' is not a parameter name (/path/to/name or a plain name, of letters, digits and . - _)"
  if [ ${#name} -gt 1011 ]; then
    usage_error "$flag: a parameter name is at most 1011 characters"
  fi
  local first=${name#/}
  first=$(printf '%s' "${first%%/*}" | tr '[:upper:]' '[:lower:]')
  case $first in
    aws* | ssm*) usage_error "$flag: names starting with 'aws' or 'ssm' are reserved by AWS" ;;
  esac
}

main() {
  local name='' kms_key='' field='' overwrite=0 advanced=0 region=''
  split_args "$@"
  set -- ${ARGS[@]+"${ARGS[@]}"}
  while [ $# -gt 0 ]; do
    case $1 in
      --name) need "$@"; name=$2; shift 2 ;;
      --kms-key) need "$@"; kms_key=$2; shift 2 ;;
      --field) need "$@"; field=$2; shift 2 ;;
      --overwrite) overwrite=1; shift ;;
      --advanced) advanced=1; shift ;;
      --region) need "$@"; region=$2; shift 2 ;;
      --dry-run) DRY_RUN=1; shift ;;
      -h | --help) usage; exit 0 ;;
      *) unknown_arg "$1" ;;
    esac
  done
  require --name "$name"
  check_parameter_name --name "$name"
  if [ -n "$kms_key" ]; then
    check_kms_key --kms-key "$kms_key"
  fi
  if [ ${#field} -gt 256 ] || matches "$field" '[[:cntrl:]]'; then
    usage_error "--field: a JSON field name is 1 to 256 characters without control characters"
  fi

  # --value file:///dev/stdin: the AWS CLI loads a parameter value that starts with file:// from that path
  # (in text mode, hence feed --text), and /dev/stdin is the pipe from the checked feed below. The value is
  # therefore neither in the CLI's argv (which shows only the path), nor in its environment, nor on disk.
  # Not --cli-input-json: that would need a JSON document built around the value, one more tool and one
  # more place for it. Not --value VALUE: visible to every user through ps.
  local -a put=(aws ssm put-parameter --name "$name" --type SecureString --value file:///dev/stdin)
  if [ -n "$kms_key" ]; then
    put+=(--key-id "$kms_key")
  fi
  if [ "$overwrite" = 1 ]; then
    put+=(--overwrite)
  fi
  if [ "$advanced" = 1 ]; then
    put+=(--tier Advanced)
  fi
  put+=(--query Version --output text)
  if [ -n "$region" ]; then
    check_region --region "$region"
    put+=(--region "$region")
  fi
  local -a feed=("$(java_cmd)" "$COMMON_DIR/SecretHelper.java" feed --text)
  if [ -n "$field" ]; then
    feed+=(--json-field "$field")
  fi

  local version=VERSION
  if is_dry_run; then
    printf '# the value is read from stdin, checked by %s, and piped into:\n' "$(shell_line "${feed[@]}" --)"
    run_out "${put[@]}"
  else
    version=$(secret_input "$name" | run_out "${feed[@]}" -- "${put[@]}" | tr -d '\r\n')
    if ! matches "$version" '^[1-9][0-9]{0,18}$'; then
      die "could not read the new version of $name from the AWS CLI's output; it may have been written:" \
        "see 'aws ssm get-parameter-history --name $name --query Parameters[].Version'"
    fi
  fi
  print_reference "$(ssm_reference "$name" "$version" "$field")"
}

main "$@"
