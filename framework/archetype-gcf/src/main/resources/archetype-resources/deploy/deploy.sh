#!/usr/bin/env bash
# Deploys ${functionName}Function to Cloud Functions (2nd gen): the jar that './mvnw package' wrote to target/deploy,
# with exactly the variables of deploy/env.yaml, running as the function's own service account.
set -euo pipefail

usage() {
  cat <<USAGE
Usage: deploy/deploy.sh --project PROJECT --region REGION --service-account EMAIL [--name NAME]
                        [--env-file FILE] [--dry-run] [-- GCLOUD_ARGS...]

  --project PROJECT        the Google Cloud project
  --region REGION          e.g. europe-west1
  --service-account EMAIL  the function's own account, with access to the key and the object (README.md)
  --name NAME              the function's name (default: ${artifactId})
  --env-file FILE          the variables, relative to the project directory (default: deploy/env.yaml)
  --dry-run                print the gcloud command instead of running it
  -- GCLOUD_ARGS...        passed on to gcloud functions deploy (e.g. --memory=512Mi --allow-unauthenticated)
USAGE
}

fail() {
  echo "deploy.sh: $*" >&2
  exit 2
}

main() {
  local project='' region='' account='' name='${artifactId}' env_file='deploy/env.yaml' dry_run=0
  while [ $# -gt 0 ]; do
    case $1 in
      --project) [ $# -ge 2 ] || fail "--project needs a value"; project=$2; shift 2 ;;
      --region) [ $# -ge 2 ] || fail "--region needs a value"; region=$2; shift 2 ;;
      --service-account) [ $# -ge 2 ] || fail "--service-account needs a value"; account=$2; shift 2 ;;
      --name) [ $# -ge 2 ] || fail "--name needs a value"; name=$2; shift 2 ;;
      --env-file) [ $# -ge 2 ] || fail "--env-file needs a value"; env_file=$2; shift 2 ;;
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

  # PRE-DEPLOY CHECK: the place for secretfn's check (to come), which will compare the secrets the jar declares
  # with "$env_file" and stop here on a missing variable, a reference that does not parse, or a plaintext value.

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
