#!/usr/bin/env bash
# One-time set-up for a function's secrets: a Cloud KMS key ring and key, the function's own service account,
# and the one IAM binding it needs on the key. Safe to run again: what exists is kept.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<EOF
Usage: $PROG --project PROJECT --keyring RING --key KEY [options]

Creates, unless they exist:
  1. the key ring RING and the symmetric key KEY (purpose encryption) in LOCATION,
  2. the service account NAME that the function runs as (with --service-account),
and grants that service account roles/cloudkms.cryptoKeyDecrypter on KEY alone (not the ring, not the
project). Prints, on stdout, lines to keep for the next steps:
  KMS_CRYPTO_KEY_ID=projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY
  SERVICE_ACCOUNT=NAME@PROJECT.iam.gserviceaccount.com

Options:
  --project PROJECT        Google Cloud project id (required)
  --keyring RING           key ring name (required)
  --key KEY                key name (required)
  --location LOCATION      KMS location (default: global)
  --service-account NAME   account id (6 to 30 characters) of the function's service account
  --rotation-days DAYS     rotate the key every DAYS days (default: 90; 0 for no automatic rotation)
  --encrypter MEMBER       also grant MEMBER roles/cloudkms.cryptoKeyEncrypter on KEY alone (repeatable),
                           for whoever runs encrypt-env.sh or put-berglas-secret.sh, e.g. user:me@example.com
  --deployer MEMBER        also grant MEMBER roles/iam.serviceAccountUser on the service account alone
                           (repeatable): needed to deploy a function that runs as it
  --enable-apis            first enable the Cloud KMS, Cloud Functions, Cloud Run, Cloud Build, Artifact
                           Registry and Cloud Storage APIs in PROJECT
  --dry-run                print the gcloud commands instead of running them (or set DRY_RUN=1)
  -h, --help               show this help
EOF
}

main() {
  local project='' location=global ring='' key='' account='' rotation_days=90 enable_apis=0
  local -a encrypters=() deployers=()
  split_args "$@"
  set -- ${ARGS[@]+"${ARGS[@]}"}
  while [ $# -gt 0 ]; do
    case $1 in
      --project) need "$@"; project=$2; shift 2 ;;
      --location) need "$@"; location=$2; shift 2 ;;
      --keyring) need "$@"; ring=$2; shift 2 ;;
      --key) need "$@"; key=$2; shift 2 ;;
      --service-account) need "$@"; account=$2; shift 2 ;;
      --rotation-days) need "$@"; rotation_days=$2; shift 2 ;;
      --encrypter) need "$@"; check_member "$1" "$2"; encrypters+=("$2"); shift 2 ;;
      --deployer) need "$@"; check_member "$1" "$2"; deployers+=("$2"); shift 2 ;;
      --enable-apis) enable_apis=1; shift ;;
      --dry-run) DRY_RUN=1; shift ;;
      -h | --help) usage; exit 0 ;;
      *) unknown_arg "$1" ;;
    esac
  done
  require --project "$project"
  require --keyring "$ring"
  require --key "$key"
  check_project --project "$project"
  check_location --location "$location"
  check_kms_id --keyring "$ring"
  check_kms_id --key "$key"
  check --rotation-days "$rotation_days" '^(0|[1-9][0-9]{0,4})$' "'$rotation_days' is not a number of days"
  if [ -n "$account" ]; then
    check --service-account "$account" '^[a-z][a-z0-9-]{4,28}[a-z0-9]$' \
      "'$account' is not a service account id (6 to 30 characters of a-z 0-9 -, starting with a letter)"
  elif [ ${#deployers[@]} -gt 0 ]; then
    usage_error "--deployer needs --service-account"
  fi

  local key_name="projects/$project/locations/$location/keyRings/$ring/cryptoKeys/$key"
  local -a on_key=("$key" "--keyring=$ring" "--location=$location" "--project=$project")

  if [ "$enable_apis" = 1 ]; then
    run gcloud services enable cloudkms.googleapis.com cloudfunctions.googleapis.com run.googleapis.com \
      cloudbuild.googleapis.com artifactregistry.googleapis.com storage.googleapis.com "--project=$project"
  fi

  if exists gcloud kms keyrings describe "$ring" "--location=$location" "--project=$project"; then
    note "key ring $ring already exists"
  else
    run gcloud kms keyrings create "$ring" "--location=$location" "--project=$project"
  fi

  if exists gcloud kms keys describe "${on_key[@]}"; then
    note "key $key already exists (its purpose and rotation are left as they are)"
  elif [ "$rotation_days" = 0 ]; then
    run gcloud kms keys create "${on_key[@]}" --purpose=encryption
  else
    run gcloud kms keys create "${on_key[@]}" --purpose=encryption \
      "--rotation-period=${rotation_days}d" "--next-rotation-time=+p${rotation_days}d"
  fi

  local email=''
  if [ -n "$account" ]; then
    email=$(service_account_email "$account" "$project")
    if exists gcloud iam service-accounts describe "$email" "--project=$project"; then
      note "service account $email already exists"
    else
      run gcloud iam service-accounts create "$account" "--project=$project" \
        "--display-name=secretfn function $account" \
        "--description=Runs one secretfn function; holds only the roles that read its secrets"
    fi
    run_retried gcloud kms keys add-iam-policy-binding "${on_key[@]}" \
      "--member=serviceAccount:$email" --role=roles/cloudkms.cryptoKeyDecrypter --condition=None
  fi

  local member
  for member in ${encrypters[@]+"${encrypters[@]}"}; do
    run_retried gcloud kms keys add-iam-policy-binding "${on_key[@]}" \
      "--member=$member" --role=roles/cloudkms.cryptoKeyEncrypter --condition=None
  done
  for member in ${deployers[@]+"${deployers[@]}"}; do
    run_retried gcloud iam service-accounts add-iam-policy-binding "$email" "--project=$project" \
      "--member=$member" --role=roles/iam.serviceAccountUser --condition=None
  done

  local prefix=''
  if is_dry_run; then
    prefix='# '
  fi
  printf '%sKMS_CRYPTO_KEY_ID=%s\n' "$prefix" "$key_name"
  if [ -n "$email" ]; then
    printf '%sSERVICE_ACCOUNT=%s\n' "$prefix" "$email"
  fi
}

main "$@"
