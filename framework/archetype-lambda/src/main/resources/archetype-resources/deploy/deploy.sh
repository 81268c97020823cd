#!/usr/bin/env bash
# Deploys the function with SAM: deploy/template.yaml, its code the jar that './mvnw package' wrote to
# target/deploy, its variables the parameters of deploy/parameters.env.
set -euo pipefail

usage() {
  cat <<USAGE
Usage: deploy/deploy.sh --stack-name NAME --region REGION [--parameters FILE] [--dry-run] [-- SAM_ARGS...]

  --stack-name NAME   the stack, and the function's name (the encryption context of API_KEY's ciphertext)
  --region REGION     e.g. eu-central-1
  --parameters FILE   the template's parameters, NAME=VALUE a line, relative to the project directory
                      (default: deploy/parameters.env)
  --dry-run           print the sam command instead of running it
  -- SAM_ARGS...      passed on to sam deploy (e.g. --confirm-changeset)
USAGE
}

fail() {
  echo "deploy.sh: $*" >&2
  exit 2
}

main() {
  local stack='' region='' parameters='deploy/parameters.env' dry_run=0
  while [ $# -gt 0 ]; do
    case $1 in
      --stack-name) [ $# -ge 2 ] || fail "--stack-name needs a value"; stack=$2; shift 2 ;;
      --region) [ $# -ge 2 ] || fail "--region needs a value"; region=$2; shift 2 ;;
      --parameters) [ $# -ge 2 ] || fail "--parameters needs a value"; parameters=$2; shift 2 ;;
      --dry-run) dry_run=1; shift ;;
      -h | --help) usage; exit 0 ;;
      --) shift; break ;;
      *) usage >&2; fail "unknown argument '$1'" ;;
    esac
  done
  [ -n "$stack" ] || fail "--stack-name is required"
  [ -n "$region" ] || fail "--region is required"

  cd "$(dirname "$0")/.."
  local code
  code=$(sed -n 's/^ *CodeUri: *\.\.\/\(.*\)$/\1/p' deploy/template.yaml)
  [ -f "$code" ] || fail "no $code: run ./mvnw package first"
  [ -r "$parameters" ] || fail "cannot read $parameters"

  local -a overrides=()
  local line number=0 placeholders=''
  while IFS= read -r line || [ -n "$line" ]; do
    number=$((number + 1))
    case $line in
      '' | '#'*) continue ;;
      *=*) ;;
      *) fail "$parameters line $number: expected NAME=VALUE" ;;
    esac
    case ${line#*=} in
      *REPLACE_ME*) placeholders="$placeholders ${line%%=*}" ;; # the names only: a value is never printed
    esac
    overrides+=("$line")
  done <"$parameters"
  [ -z "$placeholders" ] || fail "$parameters still has placeholders (README.md, Deploying) for:$placeholders"

  # PRE-DEPLOY CHECK: the place for secretfn's check (to come), which will compare the secrets the jar declares
  # with deploy/template.yaml's variables and stop here on a missing variable, a reference that does not parse, or
  # a plaintext value.

  local -a command=(sam deploy --template-file deploy/template.yaml --stack-name "$stack" --region "$region"
    --capabilities CAPABILITY_IAM --resolve-s3 --no-fail-on-empty-changeset --parameter-overrides "${overrides[@]}"
    "$@")
  if [ "$dry_run" = 1 ]; then
    printf '%q ' "${command[@]}"
    echo
  else
    "${command[@]}"
  fi
}

main "$@"
