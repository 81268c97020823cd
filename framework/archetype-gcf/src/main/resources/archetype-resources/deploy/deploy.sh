#!/usr/bin/env bash
# Deploys ${functionName}Function to Cloud Functions (2nd gen): the jar that './mvnw package' wrote to target/deploy,
# with exactly the variables of deploy/env.yaml, running as the function's own service account.
set -euo pipefail

usage() {
  cat <<USAGE
Usage: deploy/deploy.sh --project PROJECT --region REGION --service-account EMAIL [--name NAME]
                        [--env-file FILE] [--probe | --skip-check] [--dry-run] [-- GCLOUD_ARGS...]

First runs secretfn's pre-deploy check (./mvnw compile secretfn:check) on the env file: a missing variable, a
value that does not parse, a store the function does not bind or a value that looks like plaintext stops here,
before anything is deployed.

  --project PROJECT        the Google Cloud project
  --region REGION          e.g. europe-west1
  --service-account EMAIL  the function's own account, with access to the key and the object (README.md)
  --name NAME              the function's name (default: ${artifactId})
  --env-file FILE          the variables, relative to the project directory (default: deploy/env.yaml)
  --probe                  the check also reads each secret with your Application Default Credentials and wipes
                           it, proving access without printing anything (as the function, with
                           gcloud auth application-default login --impersonate-service-account=EMAIL)
  --skip-check             deploy without the check (not recommended)
  --dry-run                run the check, then print the gcloud command instead of running it
  -- GCLOUD_ARGS...        passed on to gcloud functions deploy (e.g. --memory=512Mi --allow-unauthenticated)
USAGE
}

fail() {
  echo "deploy.sh: $*" >&2
  exit 2
}

main() {
  local project='' region='' account='' name='${artifactId}' env_file='deploy/env.yaml' dry_run=0 check=1 probe=false
  while [ $# -gt 0 ]; do
    case $1 in
      --project) [ $# -ge 2 ] || fail "--project needs a value"; project=$2; shift 2 ;;
      --region) [ $# -ge 2 ] || fail "--region needs a value"; region=$2; shift 2 ;;
      --service-account) [ $# -ge 2 ] || fail "--service-account needs a value"; account=$2; shift 2 ;;
      --name) [ $# -ge 2 ] || fail "--name needs a value"; name=$2; shift 2 ;;
      --env-file) [ $# -ge 2 ] || fail "--env-file needs a value"; env_file=$2; shift 2 ;;
      --probe) probe=true; shift ;;
      --skip-check) check=0; shift ;;
      --dry-run) dry_run=1; shift ;;
      -h | --help) usage; exit 0 ;;
      --) shift; break ;;
      *) usage >&2; fail "unknown argument '$1'" ;;
    esac
  done
  [ -n "$project" ] || fail "--project is required"
  [ -n "$region" ] || fail "--region is required"
  [ -n "$account" ] || fail "--service-account is required (never the default compute account)"

  cd "$(dirname "$0")/.."
  [ -f "target/deploy/${artifactId}.jar" ] || fail "no target/deploy/${artifactId}.jar: run ./mvnw package first"
  [ -r "$env_file" ] || fail "cannot read $env_file"
  local placeholders
  # The variables' names only: a value is never printed.
  placeholders=$(grep 'REPLACE_ME' "$env_file" | cut -d: -f1 | tr '\n' ' ' || true)
  [ -z "$placeholders" ] || fail "$env_file still has placeholders (README.md, Deploying) for: $placeholders"

  # The pre-deploy check reads the file that gcloud will get. It prints one line per problem, never a value.
  if [ "$check" = 1 ]; then
    local checked=$env_file
    case $checked in
      /*) ;;
      *) checked=$PWD/$checked ;;
    esac
    ./mvnw -B -ntp compile secretfn:check "-Dsecretfn.envVarsFile=$checked" "-Dsecretfn.probe=$probe" ||
      { echo "deploy.sh: the pre-deploy check failed (above); nothing was deployed" >&2; exit 1; }
  else
    echo "deploy.sh: --skip-check: deploying without the pre-deploy check" >&2
  fi

  set -- gcloud functions deploy "$name" --gen2 --runtime=java21 --trigger-http --no-allow-unauthenticated \
    --project="$project" --region="$region" --service-account="$account" \
    --entry-point=${package}.${functionName}Function --source=target/deploy --env-vars-file="$env_file" "$@"
  if [ "$dry_run" = 1 ]; then
    printf '%q ' "$@"
    echo
  else
    "$@"
  fi
}

main "$@"
