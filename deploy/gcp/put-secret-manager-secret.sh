#!/usr/bin/env bash
# Adds a version to a Secret Manager secret (creating the secret if needed), lets the function's service
# account read that one secret, and prints the pinned gcp-sm:// reference of the new version.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<EOF
Usage: $PROG --project PROJECT --secret SECRET --service-account EMAIL [options] < value

Reads the value on stdin (from a terminal: prompts without echo) and
  1. creates the secret if it does not exist:
       gcloud secrets create SECRET --replication-policy=automatic          (default)
       gcloud secrets create SECRET --replication-policy=user-managed --locations=L1,L2   (--replica-locations)
       gcloud secrets create SECRET --location=LOCATION                      (--location: a regional secret)
  2. grants roles/secretmanager.secretAccessor on that secret (not the project) to the function's account;
  3. adds a version: the value is checked (not empty; with --field, a JSON object whose field is a string)
     and piped into 'gcloud secrets versions add SECRET --data-file=-';
  4. prints the reference of exactly that version, on stdout without a newline at the end:
       gcp-sm://projects/PROJECT/secrets/SECRET/versions/N[#FIELD]
       gcp-sm://projects/PROJECT/locations/LOCATION/secrets/SECRET/versions/N[#FIELD]   (--location)
     (Berglas's form of the same version is sm://PROJECT/SECRET#N.)
The value travels through pipes only; it never appears in an argument, an exported variable or a file.
Run it again with a new value to rotate: it adds version N+1 and prints its reference; redeploy with it.

Options:
  --project PROJECT          the project that holds the secret (required)
  --secret SECRET            the secret id, e.g. orders-db-password (required)
  --service-account EMAIL    the function's service account (setup-kms.sh prints it) (required)
  --location LOCATION        a regional secret in LOCATION (e.g. europe-west1), stored and served only there
  --replica-locations L1,... a global secret replicated to these locations only (user-managed replication)
  --field FIELD              check that the value is a JSON object with string field FIELD, and reference it
  --dry-run                  print the commands instead of running them (or set DRY_RUN=1); stdin is not read
  -h, --help                 show this help
EOF
}

# secret_manager_reference PROJECT LOCATION SECRET VERSION FIELD: the gcp-sm:// reference (LOCATION and FIELD
# may be empty). The one place that writes the form, so a change of the grammar changes only this.
secret_manager_reference() {
  local project=$1 location=$2 secret=$3 version=$4 field=$5 reference
  if [ -n "$location" ]; then
    reference="gcp-sm://projects/$project/locations/$location/secrets/$secret/versions/$version"
  else
    reference="gcp-sm://projects/$project/secrets/$secret/versions/$version"
  fi
  if [ -n "$field" ]; then
    reference="$reference#$(pct_encode "$field")"
  fi
  printf '%s' "$reference"
}

main() {
  local project='' secret='' email='' location='' replicas='' field=''
  split_args "$@"
  set -- ${ARGS[@]+"${ARGS[@]}"}
  while [ $# -gt 0 ]; do
    case $1 in
      --project) need "$@"; project=$2; shift 2 ;;
      --secret) need "$@"; secret=$2; shift 2 ;;
      --service-account) need "$@"; email=$2; shift 2 ;;
      --location) need "$@"; location=$2; shift 2 ;;
      --replica-locations) need "$@"; replicas=$2; shift 2 ;;
      --field) need "$@"; field=$2; shift 2 ;;
      --dry-run) DRY_RUN=1; shift ;;
      -h | --help) usage; exit 0 ;;
      *) unknown_arg "$1" ;;
    esac
  done
  require --project "$project"
  require --secret "$secret"
  require --service-account "$email"
  check_project --project "$project"
  check --secret "$secret" '^[A-Za-z0-9_-]{1,255}$' \
    "'$secret' is not a secret id (1 to 255 letters, digits, '-' and '_')"
  check_service_account_email --service-account "$email"
  if [ -n "$location" ]; then
    if [ -n "$replicas" ]; then
      usage_error "--location and --replica-locations exclude each other (a regional secret has no replicas)"
    fi
    check_location --location "$location"
    if [ "$location" = global ]; then
      usage_error "--location: a regional secret needs a region (e.g. europe-west1); leave --location out for a global one"
    fi
  fi
  if [ -n "$replicas" ]; then
    check --replica-locations "$replicas" '^[a-z0-9-]{1,63}(,[a-z0-9-]{1,63})*$' \
      "expected a comma-separated list of locations, e.g. europe-west1,europe-west4"
  fi
  if [ ${#field} -gt 256 ] || matches "$field" '[[:cntrl:]]'; then
    usage_error "--field: a JSON field name is 1 to 256 characters without control characters"
  fi

  secret_manager_gcloud "$location"
  local -a scope=("--project=$project")
  if [ -n "$location" ]; then
    scope+=("--location=$location")
  fi
  local -a create=("${SM_GCLOUD[@]}" secrets create "$secret" "${scope[@]}")
  if [ -n "$location" ]; then
    : # regional: stored in LOCATION only, no replication policy
  elif [ -n "$replicas" ]; then
    create+=(--replication-policy=user-managed "--locations=$replicas")
  else
    create+=(--replication-policy=automatic)
  fi
  if ! exists "${SM_GCLOUD[@]}" secrets describe "$secret" "${scope[@]}"; then
    run "${create[@]}"
  elif [ -n "$replicas" ]; then
    note "secret $secret exists: its replication is kept as it is (--replica-locations applies on creation only)"
  fi

  # Before the value goes in: a grant that fails leaves no version that nobody can read yet.
  run_retried "${SM_GCLOUD[@]}" secrets add-iam-policy-binding "$secret" "${scope[@]}" \
    "--member=serviceAccount:$email" --role=roles/secretmanager.secretAccessor --condition=None

  local -a add=("${SM_GCLOUD[@]}" secrets versions add "$secret" "${scope[@]}" --data-file=-
    '--format=value(name)')
  local -a feed=("$(java_cmd)" "$COMMON_DIR/SecretHelper.java" feed)
  if [ -n "$field" ]; then
    feed+=(--json-field "$field")
  fi
  local version=VERSION
  if is_dry_run; then
    printf '# the value is read from stdin, checked, and piped into the new version:\n'
    run_out "${feed[@]}" -- "${add[@]}"
  else
    local name
    name=$(secret_input "$secret" | run_out "${feed[@]}" -- "${add[@]}" | tr -d '\r\n')
    # projects/PROJECT_NUMBER[/locations/L]/secrets/SECRET/versions/N: gcloud names the project by number.
    local name_re="^projects/[^/]+/(locations/[a-z0-9-]+/)?secrets/$secret/versions/([1-9][0-9]{0,18})\$"
    if ! [[ $name =~ $name_re ]]; then
      die "could not read the new version's number from gcloud's output; the value may have been added:" \
        "see 'gcloud secrets versions list $secret --project=$project'"
    fi
    version=${BASH_REMATCH[2]}
  fi
  print_reference "$(secret_manager_reference "$project" "$location" "$secret" "$version" "$field")"
}

main "$@"
