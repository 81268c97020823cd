#!/usr/bin/env bash
# Deploys a secretfn function to Cloud Functions (2nd gen), with its references and ciphertexts as
# environment variables and its own service account.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<EOF
Usage: $PROG --name NAME --project PROJECT --region REGION --source DIR --entry-point CLASS
                 --service-account EMAIL [--trigger-topic TOPIC] [--env NAME=VALUE]... [--env-file FILE]...
                 [options] [-- GCLOUD_ARGS...]

First runs secretfn's pre-deploy check on the function's jar and these variables (the exact YAML file the
deploy will use): a missing or unparsable variable, a store the function does not bind, or a value that
looks like plaintext stops the script before anything is deployed; an unpinned reference is a warning.
Then runs 'gcloud functions deploy NAME --gen2 --runtime=java21 --trigger-http' (or --trigger-topic) with
  --service-account EMAIL   the function's own account (setup-kms.sh), never the default compute account
  --env-vars-file FILE      every variable, written to a private temporary YAML file that is deleted after
                            the deploy. Values hold references and ciphertexts, which contain '=', ',', '/'
                            and '+'; a YAML file carries them unchanged where --set-env-vars would split them.
                            The deploy replaces all of the function's variables with these.
  --no-allow-unauthenticated  unless --allow-unauthenticated is given.

Options:
  --name NAME             function name (required)
  --project PROJECT       project id (required)
  --region REGION         e.g. europe-west1 (required)
  --source DIR            directory with the function's pom.xml or jar, or a gs:// zip (required)
  --entry-point CLASS     fully qualified class name of the function (required)
  --service-account EMAIL the function's service account (required)
  --trigger-topic TOPIC   an event function (a CloudEventsFunction) triggered by messages on the Pub/Sub topic
                          TOPIC (its id, in --project) instead of an HTTP function. It stays private: Eventarc
                          invokes it as the trigger's service account (-- --trigger-service-account=EMAIL, which
                          needs roles/run.invoker on the function; gcloud's default is the compute account)
  --env NAME=VALUE        one variable (repeatable): a reference, a ciphertext, KMS_CRYPTO_KEY_ID, or plain
                          configuration. Never a secret's plaintext.
  --env-file FILE         variables from FILE, one NAME=VALUE per line; blank lines and lines starting with
                          '#' are skipped; the value is everything after the first '=', taken literally
                          (encrypt-env.sh --env-line writes such lines)
  --runtime RUNTIME       default: java21 (the functions are built for Java 17 and run on any later runtime)
  --memory SIZE           e.g. 512Mi
  --jvm-flags FLAGS       JVM flags for the function, e.g. -XX:TieredStopAtLevel=1. Sets JAVA_TOOL_OPTIONS to
                          '-XX:MaxRAM=<memory>m -XX:MaxRAMPercentage=70 FLAGS': Google's launcher sizes the
                          heap with those two flags only when JAVA_TOOL_OPTIONS is unset, so setting it
                          without them shrinks the heap to the JVM's default quarter of the memory. The
                          memory is --memory's (in MiB), or 256 (the platform's default) without it.
  --allow-unauthenticated let anyone invoke the function over HTTP
  --function-jar JAR      the function's jar, for the pre-deploy check (default: the one jar in --source, or
                          in its target/ directory)
  --check-jar JAR         the pre-deploy check's jar (default: \$SECRETFN_CHECK_JAR, or this repository's
                          framework/check/target/secretfn-check-*-cli.jar)
  --probe                 the check also reads each secret with your credentials (gcloud auth
                          application-default login), then wipes it: proves access, prints no value
  --skip-check            deploy without the pre-deploy check (not recommended)
  --dry-run               print the commands instead of running them (or set DRY_RUN=1)
  -h, --help              show this help
  -- GCLOUD_ARGS...       passed to gcloud functions deploy as they are (e.g. --max-instances=10)
EOF
}

ENV_NAMES=()
MEMORY_MIB=''
ENV_VALUES=()

# add_env SOURCE NAME VALUE: records one variable; SOURCE names where it came from in errors.
add_env() {
  local source=$1 name=$2 value=$3 existing
  check_env_name "$source" "$name"
  case $name in
    X_GOOGLE_*) usage_error "$source: variables starting with X_GOOGLE_ are reserved by Cloud Functions" ;;
  esac
  if matches "$value" '[[:cntrl:]]'; then
    usage_error "$source: the value of $name contains a control character (a stray newline from echo?)"
  fi
  for existing in ${ENV_NAMES[@]+"${ENV_NAMES[@]}"}; do
    if [ "$existing" = "$name" ]; then
      usage_error "$source: $name is set twice"
    fi
  done
  ENV_NAMES+=("$name")
  ENV_VALUES+=("$value")
}

read_env_file() {
  local file=$1 line number=0
  if [ ! -f "$file" ] || [ ! -r "$file" ]; then
    usage_error "--env-file: cannot read '$file'"
  fi
  while IFS= read -r line || [ -n "$line" ]; do
    number=$((number + 1))
    line=${line%$'\r'}
    case $line in
      '' | '#'*) continue ;;
      *=*) add_env "--env-file $file line $number" "${line%%=*}" "${line#*=}" ;;
      *) usage_error "--env-file $file line $number: expected NAME=VALUE" ;;
    esac
  done <"$file"
}

# memory_mib SIZE: sets MEMORY_MIB to gcloud's memory size (a number with k, M, G, Ki, Mi or Gi, an optional
# trailing B) in MiB, the unit of the heap sizing that Google's launcher applies. Not in a subshell: a usage
# error must end the script.
memory_mib() {
  local size=$1 number unit
  if ! matches "$size" '^[0-9]{1,12}(k|Ki|M|Mi|G|Gi)?[bB]?$'; then
    usage_error "--memory: '$size' is not a memory size (e.g. 512Mi, 1Gi, 512M)"
  fi
  size=${size%[bB]}
  number=${size%%[!0-9]*}
  unit=${size#"$number"}
  number=$((10#$number)) # 0512 is decimal here, not octal
  case $unit in
    '') number=$((number / 1048576)) ;;
    k) number=$((number * 1000 / 1048576)) ;;
    Ki) number=$((number / 1024)) ;;
    M) number=$((number * 1000000 / 1048576)) ;;
    Mi) ;;
    G) number=$((number * 1000000000 / 1048576)) ;;
    Gi) number=$((number * 1024)) ;;
  esac
  if [ "$number" -lt 128 ]; then
    usage_error "--memory: '$1' is less than 128 MiB, too little for a JVM"
  fi
  MEMORY_MIB=$number
}

# warn_unsized_heap: a JAVA_TOOL_OPTIONS from --env/--env-file without heap sizing turns the launcher's off.
warn_unsized_heap() {
  local i
  for ((i = 0; i < ${#ENV_NAMES[@]}; i++)); do
    if [ "${ENV_NAMES[i]}" = JAVA_TOOL_OPTIONS ] && ! matches "${ENV_VALUES[i]}" 'MaxRAM|Xmx'; then
      note "JAVA_TOOL_OPTIONS is set without -XX:MaxRAM or -Xmx: Google's launcher then leaves the heap at" \
        "the JVM's default quarter of the memory; use --jvm-flags, which keeps the launcher's sizing"
    fi
  done
}

# function_jar SOURCE: the function's jar for the check: the only *.jar in SOURCE, or else in SOURCE/target
# (not original-*.jar). Sets FUNCTION_JAR, or stops with a usage error that says what to pass.
FUNCTION_JAR=''
function_jar() {
  local source=$1 dir jar
  local -a jars
  case $source in
    gs://* | https://*)
      usage_error "--source $source is not local: pass --function-jar with the jar it was built from, or" \
        "--skip-check" ;;
  esac
  for dir in "$source" "$source/target"; do
    jars=()
    for jar in "$dir"/*.jar; do
      case ${jar##*/} in
        original-*) ;;
        *) [ -f "$jar" ] && jars+=("$jar") ;;
      esac
    done
    if [ ${#jars[@]} -eq 1 ]; then
      FUNCTION_JAR=${jars[0]}
      return 0
    elif [ ${#jars[@]} -gt 1 ]; then
      usage_error "$dir holds ${#jars[@]} jars: pass --function-jar with the function's (the shaded one)"
    fi
  done
  usage_error "no jar in $source or $source/target for the pre-deploy check: build the function first, or" \
    "pass --function-jar (--skip-check deploys unchecked)"
}

env_yaml() {
  local i
  for ((i = 0; i < ${#ENV_NAMES[@]}; i++)); do
    printf '%s: "%s"\n' "${ENV_NAMES[i]}" "$(dq_escape "${ENV_VALUES[i]}")"
  done
}

main() {
  local name='' project='' region='' source='' entry_point='' email='' runtime=java21 memory='' public=0
  local jvm_flags='' jvm_flags_set=0 topic='' function_jar_given='' check_jar_given='' skip_check=0 probe=0
  local -a extra=()
  split_args "$@"
  set -- ${ARGS[@]+"${ARGS[@]}"}
  while [ $# -gt 0 ]; do
    case $1 in
      --name) need "$@"; name=$2; shift 2 ;;
      --project) need "$@"; project=$2; shift 2 ;;
      --region) need "$@"; region=$2; shift 2 ;;
      --source) need "$@"; source=$2; shift 2 ;;
      --entry-point) need "$@"; entry_point=$2; shift 2 ;;
      --service-account) need "$@"; email=$2; shift 2 ;;
      --runtime) need "$@"; runtime=$2; shift 2 ;;
      --memory) need "$@"; memory=$2; shift 2 ;;
      --jvm-flags) need "$@"; jvm_flags=$2; jvm_flags_set=1; shift 2 ;;
      --allow-unauthenticated) public=1; shift ;;
      --trigger-topic) need "$@"; topic=$2; shift 2 ;;
      --env)
        need "$@"
        case $2 in
          *=*) add_env --env "${2%%=*}" "${2#*=}" ;;
          *) usage_error "--env: expected NAME=VALUE" ;;
        esac
        shift 2 ;;
      --env-file) need "$@"; read_env_file "$2"; shift 2 ;;
      --function-jar) need "$@"; function_jar_given=$2; shift 2 ;;
      --check-jar) need "$@"; check_jar_given=$2; shift 2 ;;
      --skip-check) skip_check=1; shift ;;
      --probe) probe=1; shift ;;
      --dry-run) DRY_RUN=1; shift ;;
      -h | --help) usage; exit 0 ;;
      --) shift; extra=("$@"); break ;;
      *) unknown_arg "$1" ;;
    esac
  done
  require --name "$name"
  require --project "$project"
  require --region "$region"
  require --source "$source"
  require --entry-point "$entry_point"
  require --service-account "$email"
  check --name "$name" '^[A-Za-z][A-Za-z0-9_-]{0,62}$' \
    "'$name' is not a function name (letters, digits, '-' and '_', starting with a letter, at most 63)"
  check_project --project "$project"
  check_location --region "$region"
  check --entry-point "$entry_point" '^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$' \
    "'$entry_point' is not a fully qualified Java class name"
  check --runtime "$runtime" '^java[0-9]+$' "'$runtime' is not a Java runtime (java17, java21, ...)"
  check_service_account_email --service-account "$email"
  if [ -n "$topic" ]; then
    check --trigger-topic "$topic" '^[A-Za-z][A-Za-z0-9._~+%-]{2,254}$' \
      "'$topic' is not a topic id (3 to 255 of A-Z a-z 0-9 . _ ~ + % -, starting with a letter)"
    case $topic in
      goog*) usage_error "--trigger-topic: a topic id cannot start with 'goog'" ;;
    esac
    if [ "$public" = 1 ]; then
      usage_error "--allow-unauthenticated: an event function is invoked by its trigger, never over public HTTP"
    fi
  fi
  case $source in
    gs://* | https://*) ;; # a zip in Cloud Storage or a source repository: gcloud checks it
    *)
      if [ ! -d "$source" ]; then
        usage_error "--source: '$source' is not a directory (nor a gs:// or https:// source)"
      fi
      ;;
  esac

  if [ "$jvm_flags_set" = 1 ]; then
    if [ -z "$jvm_flags" ] || matches "$jvm_flags" '[[:cntrl:]]'; then
      usage_error "--jvm-flags: expected JVM flags on one line, e.g. -XX:TieredStopAtLevel=1"
    fi
    local arg
    for arg in ${extra[@]+"${extra[@]}"}; do
      case $arg in
        --memory | --memory=*)
          usage_error "--jvm-flags sizes the heap for --memory: give --memory before '--', not after it" ;;
      esac
    done
    memory_mib "${memory:-256Mi}"
    add_env --jvm-flags JAVA_TOOL_OPTIONS "-XX:MaxRAM=${MEMORY_MIB}m -XX:MaxRAMPercentage=70 $jvm_flags"
  fi
  warn_unsized_heap

  local -a check_args=()
  if [ "$skip_check" = 1 ]; then
    if [ "$probe" = 1 ]; then
      usage_error "--probe is part of the check, which --skip-check skips"
    fi
    note "--skip-check: deploying without the pre-deploy check of the function's secrets"
  elif [ ${#ENV_NAMES[@]} -gt 0 ]; then
    if [ -n "$function_jar_given" ]; then
      [ -f "$function_jar_given" ] || usage_error "--function-jar: '$function_jar_given' is not a file"
      FUNCTION_JAR=$function_jar_given
    else
      function_jar "$source"
    fi
    find_check_jar "$check_jar_given"
    check_args=(--jar "$FUNCTION_JAR" --entry-point "$entry_point")
    if [ "$probe" = 1 ]; then
      check_args+=(--probe)
    fi
  fi

  local trigger=--trigger-http
  if [ -n "$topic" ]; then
    trigger=--trigger-topic=$topic
  fi
  local -a deploy=(gcloud functions deploy "$name" --gen2 "--project=$project" "--region=$region"
    "--runtime=$runtime" "--source=$source" "--entry-point=$entry_point" "$trigger"
    "--service-account=$email")
  if [ "$public" = 1 ]; then
    deploy+=(--allow-unauthenticated)
  else
    deploy+=(--no-allow-unauthenticated)
  fi
  if [ -n "$memory" ]; then
    deploy+=("--memory=$memory")
  fi

  if [ ${#ENV_NAMES[@]} -eq 0 ]; then
    note "no --env or --env-file given: the function keeps the variables it has (nothing to check)"
    run "${deploy[@]}" ${extra[@]+"${extra[@]}"}
    return 0
  fi
  if is_dry_run; then
    printf "cat > env-vars.yaml <<'EOF'\n"
    env_yaml
    printf 'EOF\n'
    if [ ${#check_args[@]} -gt 0 ]; then
      run_check "${check_args[@]}" --env-vars-file env-vars.yaml
    fi
    run "${deploy[@]}" --env-vars-file=env-vars.yaml ${extra[@]+"${extra[@]}"}
    printf 'rm -f env-vars.yaml\n'
    return 0
  fi
  scratch_dir
  local file=$SCRATCH/env-vars.yaml
  (
    umask 077
    env_yaml >"$file"
  )
  if [ ${#check_args[@]} -gt 0 ]; then
    run_check "${check_args[@]}" --env-vars-file "$file"
  fi
  run "${deploy[@]}" "--env-vars-file=$file" ${extra[@]+"${extra[@]}"}
  rm -f "$file"
}

main "$@"
