#!/usr/bin/env bash
# Grants a function's service account read access to exactly the secret objects it uses (and, if asked,
# decrypt on a key), with IAM conditions rather than bucket-wide roles.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<EOF
Usage: $PROG --service-account EMAIL (--secret REFERENCE | --prefix gs://BUCKET/PREFIX | --bucket BUCKET
                                      | --key CRYPTO_KEY)... [--dry-run]

Adds IAM bindings for the service account a function runs as. Each option may be repeated.

  --secret REFERENCE   read access to the one object a gs:// or berglas:// reference names (its ?generation,
                       #field or #generation part is ignored; %XX escapes are decoded), as
                       roles/storage.objectViewer on the bucket with the IAM condition
                         resource.name == "projects/_/buckets/BUCKET/objects/OBJECT"
                       so that neither other objects nor listing the bucket are granted.
                       For a Secret Manager reference (sm://PROJECT/SECRET[#VERSION] or
                       gcp-sm://projects/P[/locations/L]/secrets/S/versions/V[#field]):
                       roles/secretmanager.secretAccessor on that one secret (all its versions), not
                       on the project; a regional secret through its regional endpoint.
                       (put-secret-manager-secret.sh grants this itself for the secrets it creates.)
  --prefix gs://BUCKET/PREFIX
                       the same for every object whose name starts with PREFIX (resource.name.startsWith),
                       e.g. one prefix per function in a shared bucket.
  --bucket BUCKET      roles/storage.objectViewer on the whole bucket, without condition: only for a bucket
                       that holds this function's secrets and nothing else.
  --key CRYPTO_KEY     roles/cloudkms.cryptoKeyDecrypter on that one key (setup-kms.sh already grants it on
                       the key it creates; use this for a second key, e.g. another team's Berglas key).
  --service-account EMAIL
                       the function's service account (required)
  --dry-run            print the commands instead of running them (or set DRY_RUN=1)
  -h, --help           show this help

IAM conditions on Cloud Storage need uniform bucket-level access on the bucket (create-bucket.sh turns it
on). A binding takes up to a few minutes to apply everywhere.
EOF
}

# condition_binding BUCKET MEMBER TITLE DESCRIPTION EXPRESSION
condition_binding() {
  local bucket=$1 member=$2 title=$3 description=$4 expression=$5
  local json
  json=$(printf '{"title": "%s", "description": "%s", "expression": "%s"}' \
    "$(dq_escape "$title")" "$(dq_escape "$description")" "$(dq_escape "$expression")")
  local -a bind=(gcloud storage buckets add-iam-policy-binding "gs://$bucket" "--member=$member"
    --role=roles/storage.objectViewer)
  if is_dry_run; then
    printf "cat > condition.json <<'EOF'\n%s\nEOF\n" "$json"
    run "${bind[@]}" --condition-from-file=condition.json
    printf 'rm -f condition.json\n'
    return 0
  fi
  scratch_dir
  local file
  file=$(mktemp "$SCRATCH/condition.XXXXXX")
  printf '%s\n' "$json" >"$file"
  run_retried "${bind[@]}" "--condition-from-file=$file"
  rm -f "$file"
}

# describe_object TEXT NAME: TEXT as a condition's description, which IAM limits to 256 characters.
describe_object() {
  if [ ${#2} -le 200 ]; then
    printf '%s' "$1"
  else
    printf 'Read one object (its name is too long to show here)'
  fi
}

# parse_secret_manager_reference REF: sets SM_PROJECT, SM_LOCATION (empty: global) and SM_SECRET from an
# sm:// (Berglas) or gcp-sm:// reference; the version and field do not matter for a grant on the secret.
SM_PROJECT='' SM_LOCATION='' SM_SECRET=''
parse_secret_manager_reference() {
  local ref=$1 path=${1%%#*}
  local sm_re='^sm://([a-z][a-z0-9.:-]{0,62}[a-z0-9])/([A-Za-z0-9_-]{1,255})$'
  local gcp_re='^gcp-sm://projects/([a-z][a-z0-9.:-]{0,62}[a-z0-9])(/locations/([a-z0-9-]{1,63}))?/secrets/([A-Za-z0-9_-]{1,255})/versions/[A-Za-z0-9_-]+$'
  if [[ $path =~ $sm_re ]]; then
    SM_PROJECT=${BASH_REMATCH[1]} SM_LOCATION='' SM_SECRET=${BASH_REMATCH[2]}
  elif [[ $path =~ $gcp_re ]]; then
    SM_PROJECT=${BASH_REMATCH[1]} SM_LOCATION=${BASH_REMATCH[3]} SM_SECRET=${BASH_REMATCH[4]}
  else
    usage_error "--secret: '$ref' is not a Secret Manager reference of the form sm://PROJECT/SECRET[#VERSION]" \
      "or gcp-sm://projects/PROJECT[/locations/LOCATION]/secrets/SECRET/versions/VERSION[#FIELD]"
  fi
}

main() {
  local email=''
  local -a secrets=() prefixes=() buckets=() keys=()
  split_args "$@"
  set -- ${ARGS[@]+"${ARGS[@]}"}
  while [ $# -gt 0 ]; do
    case $1 in
      --service-account) need "$@"; email=$2; shift 2 ;;
      --secret) need "$@"; secrets+=("$2"); shift 2 ;;
      --prefix) need "$@"; prefixes+=("$2"); shift 2 ;;
      --bucket) need "$@"; buckets+=("$2"); shift 2 ;;
      --key) need "$@"; parse_key "$1" "$2"; keys+=("$2"); shift 2 ;;
      --dry-run) DRY_RUN=1; shift ;;
      -h | --help) usage; exit 0 ;;
      *) unknown_arg "$1" ;;
    esac
  done
  require --service-account "$email"
  check_service_account_email --service-account "$email"
  if [ $((${#secrets[@]} + ${#prefixes[@]} + ${#buckets[@]} + ${#keys[@]})) -eq 0 ]; then
    usage_error "nothing to grant: give --secret, --prefix, --bucket or --key"
  fi
  local member="serviceAccount:$email"

  # Validate everything before the first binding, so a typo in the third option grants nothing.
  local -a secret_buckets=() secret_objects=() prefix_buckets=() prefix_names=()
  local -a sm_projects=() sm_locations=() sm_secrets=()
  local ref rest bucket object
  for ref in ${secrets[@]+"${secrets[@]}"}; do
    case $ref in
      gs://*) rest=${ref#gs://}; rest=${rest%%#*}; rest=${rest%%\?*} ;;
      berglas://*) rest=${ref#berglas://}; rest=${rest%%#*} ;;
      sm://* | gcp-sm://*)
        parse_secret_manager_reference "$ref"
        sm_projects+=("$SM_PROJECT")
        sm_locations+=("$SM_LOCATION")
        sm_secrets+=("$SM_SECRET")
        continue ;;
      *) usage_error "--secret: expected a gs://, berglas://, sm:// or gcp-sm:// reference (a gcp-kms:// one" \
        "needs only --key)" ;;
    esac
    bucket=${rest%%/*}
    if [ "$bucket" = "$rest" ]; then
      usage_error "--secret: '$ref' has no object name after the bucket"
    fi
    check_bucket --secret "$bucket"
    if ! object=$(pct_decode "${rest#*/}"); then
      usage_error "--secret: '$ref' has a '%' that is not followed by two hexadecimal digits"
    fi
    check_object --secret "$object"
    secret_buckets+=("$bucket")
    secret_objects+=("$object")
  done
  for ref in ${prefixes[@]+"${prefixes[@]}"}; do
    case $ref in
      gs://*/?*) rest=${ref#gs://} ;;
      *) usage_error "--prefix: expected gs://BUCKET/PREFIX with a non-empty PREFIX (for a whole bucket use --bucket)" ;;
    esac
    bucket=${rest%%/*}
    check_bucket --prefix "$bucket"
    if matches "${rest#*/}" '[[:cntrl:]]'; then
      usage_error "--prefix: the prefix contains a control character"
    fi
    prefix_buckets+=("$bucket")
    prefix_names+=("${rest#*/}")
  done
  for bucket in ${buckets[@]+"${buckets[@]}"}; do
    check_bucket --bucket "${bucket#gs://}"
  done

  local i resource
  for ((i = 0; i < ${#secret_objects[@]}; i++)); do
    bucket=${secret_buckets[i]}
    object=${secret_objects[i]}
    resource="projects/_/buckets/$bucket/objects/$object"
    condition_binding "$bucket" "$member" "secretfn: read one secret" \
      "$(describe_object "Read gs://$bucket/$object" "$object")" \
      "resource.name == \"$(dq_escape "$resource")\""
  done
  for ((i = 0; i < ${#prefix_names[@]}; i++)); do
    bucket=${prefix_buckets[i]}
    resource="projects/_/buckets/$bucket/objects/${prefix_names[i]}"
    condition_binding "$bucket" "$member" "secretfn: read secrets under a prefix" \
      "$(describe_object "Read gs://$bucket/${prefix_names[i]}*" "${prefix_names[i]}")" \
      "resource.name.startsWith(\"$(dq_escape "$resource")\")"
  done
  for ((i = 0; i < ${#sm_secrets[@]}; i++)); do
    secret_manager_gcloud "${sm_locations[i]}"
    local -a scope=("--project=${sm_projects[i]}")
    if [ -n "${sm_locations[i]}" ]; then
      scope+=("--location=${sm_locations[i]}")
    fi
    run_retried "${SM_GCLOUD[@]}" secrets add-iam-policy-binding "${sm_secrets[i]}" "${scope[@]}" \
      "--member=$member" --role=roles/secretmanager.secretAccessor --condition=None
  done
  for bucket in ${buckets[@]+"${buckets[@]}"}; do
    run_retried gcloud storage buckets add-iam-policy-binding "gs://${bucket#gs://}" "--member=$member" \
      --role=roles/storage.objectViewer --condition=None
  done
  local key
  for key in ${keys[@]+"${keys[@]}"}; do
    parse_key --key "$key"
    run_retried gcloud kms keys add-iam-policy-binding "$KEY_ID" "--keyring=$KEY_RING" \
      "--location=$KEY_LOCATION" "--project=$KEY_PROJECT" "--member=$member" \
      --role=roles/cloudkms.cryptoKeyDecrypter --condition=None
  done
}

main "$@"
