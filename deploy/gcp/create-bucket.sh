#!/usr/bin/env bash
# Creates the bucket that holds secret objects (plain JSON objects and Berglas secrets).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<EOF
Usage: $PROG --project PROJECT --bucket BUCKET --location LOCATION [--versioning] [--dry-run]

Creates gs://BUCKET, unless it exists, with
  - uniform bucket-level access: access is IAM only (no per-object ACLs), which grant-access.sh needs for
    its per-object IAM conditions;
  - public access prevention: the bucket and its objects can never be made public.
Keep secrets in a bucket of their own: nothing else, and no broad roles on it.

Options:
  --project PROJECT    project that owns the bucket (required)
  --bucket BUCKET      globally unique bucket name (required)
  --location LOCATION  e.g. europe-west1, the function's region (required)
  --versioning         keep old generations of overwritten objects, so references pinned with
                       ?generation=N / #N keep working after an update (old secret versions then stay
                       readable until deleted: delete them once no deployment uses them)
  --dry-run            print the commands instead of running them (or set DRY_RUN=1)
  -h, --help           show this help
EOF
}

main() {
  local project='' bucket='' location='' versioning=0
  split_args "$@"
  set -- ${ARGS[@]+"${ARGS[@]}"}
  while [ $# -gt 0 ]; do
    case $1 in
      --project) need "$@"; project=$2; shift 2 ;;
      --bucket) need "$@"; bucket=${2#gs://}; shift 2 ;;
      --location) need "$@"; location=$2; shift 2 ;;
      --versioning) versioning=1; shift ;;
      --dry-run) DRY_RUN=1; shift ;;
      -h | --help) usage; exit 0 ;;
      *) unknown_arg "$1" ;;
    esac
  done
  require --project "$project"
  require --bucket "$bucket"
  require --location "$location"
  check_project --project "$project"
  check_bucket --bucket "$bucket"
  check_location --location "$location"

  if exists gcloud storage buckets describe "gs://$bucket" "--project=$project"; then
    note "bucket gs://$bucket already exists: its settings are left as they are; per-object grants need" \
      "uniform bucket-level access (gcloud storage buckets update gs://$bucket --uniform-bucket-level-access)"
  else
    run gcloud storage buckets create "gs://$bucket" "--project=$project" "--location=$location" \
      --uniform-bucket-level-access --public-access-prevention
  fi
  if [ "$versioning" = 1 ]; then
    run gcloud storage buckets update "gs://$bucket" "--project=$project" --versioning
  fi
}

main "$@"
