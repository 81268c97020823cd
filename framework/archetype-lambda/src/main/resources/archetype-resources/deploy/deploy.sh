#!/usr/bin/env bash
# Deploys the function with SAM: deploy/template.yaml, its code the jar that './mvnw package' wrote to
# target/deploy, its variables the parameters of deploy/parameters.env.
set -euo pipefail

usage() {
  cat <<USAGE
Usage: deploy/deploy.sh --stack-name NAME --region REGION [--parameters FILE] [--probe | --skip-check]
                        [--dry-run] [-- SAM_ARGS...]

First runs secretfn's pre-deploy check (./mvnw compile secretfn:check) on the template's variables with these
parameters: a missing variable, a value that does not parse, a store the function does not bind or a value that
looks like plaintext stops here, before anything is deployed.

  --stack-name NAME   the stack, and the function's name (the encryption context of API_KEY's ciphertext)
  --region REGION     e.g. eu-central-1
  --parameters FILE   the template's parameters, NAME=VALUE a line, relative to the project directory
                      (default: deploy/parameters.env)
  --probe             the check also reads each secret with your AWS credentials (and AWS_REGION) and wipes it,
                      proving access without printing anything (as the function, with a profile that assumes
                      its execution role)
  --skip-check        deploy without the check (not recommended)
  --dry-run           run the check, then print the sam command instead of running it
  -- SAM_ARGS...      passed on to sam deploy (e.g. --confirm-changeset)
USAGE
}

fail() {
  echo "deploy.sh: $*" >&2
  exit 2
}

main() {
  local stack='' region='' parameters='deploy/parameters.env' dry_run=0 check=1 probe=false
  while [ $# -gt 0 ]; do
    case $1 in
      --stack-name) [ $# -ge 2 ] || fail "--stack-name needs a value"; stack=$2; shift 2 ;;
      --region) [ $# -ge 2 ] || fail "--region needs a value"; region=$2; shift 2 ;;
      --parameters) [ $# -ge 2 ] || fail "--parameters needs a value"; parameters=$2; shift 2 ;;
      --probe) probe=true; shift ;;
      --skip-check) check=0; shift ;;
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

  # The pre-deploy check reads the template and the parameters that sam will get. One line per problem, no value.
  if [ "$check" = 1 ]; then
    local checked=$parameters
    case $checked in
      /*) ;;
      *) checked=$PWD/$checked ;;
    esac
    ./mvnw -B -ntp compile secretfn:check "-Dsecretfn.parameterFile=$checked" "-Dsecretfn.probe=$probe" ||
      { echo "deploy.sh: the pre-deploy check failed (above); nothing was deployed" >&2; exit 1; }
  else
    echo "deploy.sh: --skip-check: deploying without the pre-deploy check" >&2
  fi

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
