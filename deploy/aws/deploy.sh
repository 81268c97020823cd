#!/usr/bin/env bash
# Deploys template.yaml (the secrets key and bucket, and the secretfn functions) with the SAM CLI, then prints
# the stack's outputs as shell assignments.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<EOF
Usage: $PROG --stack-name STACK --region REGION --bootstrap [options]
       $PROG --stack-name STACK --region REGION [--api-key-ciphertext VALUE] [--upstream-url URL] [options]
                 [-- SAM_DEPLOY_ARGS...]

Without --bootstrap, first runs secretfn's pre-deploy check on every function of the template, with its jar
(CodeUri) and the values the template's parameters will have: the ones passed here, and for the others the
stack's current values (CloudFormation keeps them), read with 'aws cloudformation describe-stacks', or the
template's Defaults before the stack exists. A missing or unparsable variable, a store the function does not
bind, or a value that looks like plaintext stops the script before anything is deployed; an unpinned
reference is a warning. Then runs
  sam deploy --template-file TEMPLATE --stack-name STACK --region REGION --capabilities CAPABILITY_IAM
      --no-fail-on-empty-changeset --resolve-s3 --parameter-overrides CreateFunctions=... NAME=VALUE...
      VersionToken=DIGEST
where DIGEST covers the template, the code its CodeUri names (which must exist: build it first) and the
values passed, so that the alias "live" moves to a new version whenever one of them changes. Then it prints
the stack's outputs on stdout, one NAME=VALUE line each, for eval:
  SECRETS_KEY_ARN, SECRETS_BUCKET, API_FUNCTION, ORDERS_FUNCTION, BILLING_FUNCTION and, once the
  functions exist, WEATHER_API_URL.
Two phases, because the ciphertexts need the key that the stack creates:
  1. --bootstrap: the key and the bucket only (CreateFunctions=false). Then encrypt the API key with
     encrypt-env.sh and upload the credentials with put-s3-secret.sh.
  2. without --bootstrap: the functions too. Parameters not given keep the stack's current values, so a
     later deploy needs only what changes.
Parameters are ciphertexts, references and names, never a secret's plaintext. DB_USER and DB_PASS of the
orders function always name the current version of orders/credentials.json (no pin): the function refreshes
them when they are rotated.

Options:
  --stack-name STACK          the stack; the functions are STACK-weather, STACK-orders and STACK-billing
                              (required)
  --region REGION             e.g. eu-west-1 (required)
  --bootstrap                 create or update only the key and the bucket
  --api-key-ciphertext VALUE  API_KEY of the weather function, as encrypt-env.sh printed it (base64 or
                              aws-kms://), made with --function STACK-weather
  --upstream-url URL          UPSTREAM_URL of the functions
  --database-username NAME    the username field of the generated billing database secret (DatabaseSecret)
  --signing-key-parameter P   SIGNING_KEY of the billing function: this hierarchical SecureString parameter
                              (/path/name, written with put-ssm-parameter.sh)
  --signing-key-version N     pin SIGNING_KEY to this parameter version (put-ssm-parameter.sh prints it)
  --unpin-signing-key         read the latest version of the signing key parameter again
  --webhook-secret-parameter P, --webhook-secret-version N, --unpin-webhook-secret
                              the same for WEBHOOK_SECRET
  --snap-start true|false     Lambda SnapStart on the published versions (secretfn resolves after restore)
  --deployer-role-arn ARN     an IAM role that the key policy names as administrator and encrypter (not
                              decrypter), e.g. the CI role that runs this script
  --s3-bucket BUCKET          where sam uploads the code (default: --resolve-s3, a bucket SAM manages)
  --template FILE             default: template.yaml next to this script
  --build                     run 'sam build' first and deploy its output (for a template whose CodeUri is a
                              project directory; template.yaml points at the prebuilt jars of the
                              samples-lambda function modules, which sam deploy uploads as they are: build
                              them with ./mvnw -pl samples-lambda/weather,samples-lambda/orders,
                              samples-lambda/billing -am package -DskipTests). The check reads TEMPLATE, not
                              sam build's output: its CodeUri must name the function jars
  --check-jar JAR             the pre-deploy check's jar (default: \$SECRETFN_CHECK_JAR, or this repository's
                              framework/check/target/secretfn-check-*-cli.jar: ./mvnw -q -pl framework/check
                              -am package -DskipTests)
  --probe                     the check also reads each secret with your AWS credentials (the default chain;
                              AWS_REGION is set to --region), then wipes it: proves access, prints no value
  --skip-check                deploy without the pre-deploy check (not recommended)
  --guided                    let sam deploy ask for every setting (and offer to save them in samconfig.toml)
  --dry-run                   print the commands instead of running them (or set DRY_RUN=1)
  -h, --help                  show this help
  -- SAM_DEPLOY_ARGS...       passed to sam deploy as they are (e.g. --confirm-changeset)
EOF
}

# code_uris TEMPLATE: the local paths that the template's CodeUri properties name (one per line, as written;
# s3:// locations, intrinsics and the Bucket/Key map form are left out).
code_uris() {
  sed -n -E 's/^[[:space:]]*CodeUri:[[:space:]]*//p' "$1" |
    sed -E 's/[[:space:]]+#.*$//; s/^"(.*)"$/\1/' |
    grep -v -E '^$|^s3://|^!|^\{' || true
}

sha256_hex() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum | cut -c1-64
  else
    shasum -a 256 | cut -c1-64
  fi
}

# version_token TEMPLATE NAME=VALUE...: a digest of what the functions are made of: the template, every file
# its CodeUri properties name, and the parameter values passed. Two deploys with the same digest deploy the
# same functions; any difference publishes new versions (see VersionToken in template.yaml). Parameters not
# passed keep their values, which is why leaving them out cannot hide a change.
version_token() {
  local template=$1 dir path file
  shift
  dir=$(cd "$(dirname "$template")" && pwd)
  {
    printf 'template\n'
    cat "$template"
    while IFS= read -r path; do
      printf '\ncode %s\n' "$path"
      if [ -d "$dir/$path" ]; then
        while IFS= read -r file; do
          printf 'file %s\n' "$file"
          cat "$dir/$path/$file"
        done < <(cd "$dir/$path" && find . -type f | LC_ALL=C sort)
      else
        cat "$dir/$path"
      fi
    done < <(code_uris "$template")
    printf '\nparameter %s' "$@"
  } | sha256_hex | cut -c1-16
}

# check_code TEMPLATE: every local CodeUri exists (sam deploy uploads them, on the first deploy too).
check_code() {
  local template=$1 dir path missing=0
  dir=$(cd "$(dirname "$template")" && pwd)
  while IFS= read -r path; do
    if [ ! -e "$dir/$path" ]; then
      note "$template: CodeUri $path does not exist; build it first (the samples:" \
        "./mvnw -pl samples-lambda/weather,samples-lambda/orders,samples-lambda/billing -am package -DskipTests" \
        "in the repository)"
      missing=1
    fi
  done < <(code_uris "$template")
  return "$missing"
}

# Stack output -> variable printed for eval.
output_variable() {
  case $1 in
    SecretsKeyArn) printf 'SECRETS_KEY_ARN' ;;
    SecretsBucketName) printf 'SECRETS_BUCKET' ;;
    ApiGatewayFunctionName) printf 'API_FUNCTION' ;;
    OrdersStreamFunctionName) printf 'ORDERS_FUNCTION' ;;
    BillingWebhookFunctionName) printf 'BILLING_FUNCTION' ;;
    WeatherApiUrl) printf 'WEATHER_API_URL' ;;
    *) return 1 ;;
  esac
}

print_outputs() {
  local stack=$1 region=$2
  local -a describe=(aws cloudformation describe-stacks --stack-name "$stack" --region "$region"
    --query 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output text)
  if is_dry_run; then
    run_out "${describe[@]}"
    printf '# prints SECRETS_KEY_ARN=..., SECRETS_BUCKET=..., API_FUNCTION=%s, ORDERS_FUNCTION=%s' \
      "$stack-weather" "$stack-orders"
    printf ', BILLING_FUNCTION=%s' "$stack-billing"
    printf ' and, with the functions, WEATHER_API_URL=...\n'
    return 0
  fi
  local outputs key value variable
  outputs=$(run_out "${describe[@]}")
  while IFS=$'\t' read -r key value; do
    if variable=$(output_variable "$key"); then
      printf '%s=%s\n' "$variable" "$(shell_word "$value")"
    fi
  done <<<"$outputs"
}

# refuse_to_remove_functions STACK REGION: --bootstrap on a stack that has its functions would delete them.
refuse_to_remove_functions() {
  local stack=$1 region=$2 current
  local -a describe=(aws cloudformation describe-stacks --stack-name "$stack" --region "$region"
    --query "Stacks[0].Parameters[?ParameterKey=='CreateFunctions'].ParameterValue" --output text)
  if is_dry_run; then
    printf '# stops if the stack exists with its functions (--bootstrap would delete them):\n'
    run_out "${describe[@]}"
    return 0
  fi
  printf '+ %s\n' "$(shell_line "${describe[@]}")" >&2
  if current=$("${describe[@]}" 2>/dev/null) && [ "$(printf '%s' "$current" | tr -d '\r\n')" = true ]; then
    die "stack $stack has its functions: --bootstrap would delete them. Deploy without --bootstrap; the key" \
      "and the bucket are updated either way"
  fi
}

# template_parameters TEMPLATE: the names of the parameters a YAML template declares, one per line (the keys
# at the first indentation under the top-level Parameters:). CloudFormation drops a stack's parameter that the
# template no longer declares, and so does the check's view of the stack.
template_parameters() {
  awk '
    /^Parameters:[[:space:]]*(#.*)?$/ { inside = 1; indent = 0; next }
    inside && /^[^[:space:]#]/ { inside = 0 }
    inside && /^[[:space:]]+[A-Za-z0-9]+:/ {
      lead = match($0, /[^[:space:]]/) - 1
      if (indent == 0) indent = lead
      if (lead == indent) { name = $0; sub(/^[[:space:]]+/, "", name); sub(/:.*/, "", name); print name }
    }
  ' "$1"
}

# check_functions STACK REGION TEMPLATE PROBE NAME=VALUE...: the pre-deploy check over every function of
# TEMPLATE (each with the jar its CodeUri names, STACK as AWS::StackName; with the probe if PROBE is 1), with
# each parameter's value as the deploy will set it: NAME=VALUE as
# sam deploy gets it (NAME="" is the empty value), and for each parameter not passed the stack's current value,
# which CloudFormation keeps (its Default would be wrong). Without a stack the Defaults apply. The stack's
# values are left out of the command shown: this script has not validated them.
check_functions() {
  local stack=$1 region=$2 template=$3 probe=$4 override name value current declared
  shift 4
  local -a args=(--sam-template "$template" --stack-name "$stack") passed=()
  if [ "$probe" = 1 ]; then
    args+=(--probe)
  fi
  for override in "$@"; do
    name=${override%%=*}
    value=${override#*=}
    if [ "$value" = '""' ]; then
      value=''
    fi
    passed+=("$name")
    args+=(--parameter "$name=$value")
  done
  CHECK_SHOWN=("${args[@]}")
  local -a describe=(aws cloudformation describe-stacks --stack-name "$stack" --region "$region"
    --query 'Stacks[0].Parameters[].[ParameterKey,ParameterValue]' --output text)
  if is_dry_run; then
    printf "# the stack's current parameters: the check gets --parameter NAME=VALUE for each one not passed\n"
    run_out "${describe[@]}"
    run_check "${args[@]}"
    return 0
  fi
  scratch_dir
  printf '+ %s\n' "$(shell_line "${describe[@]}")" >&2
  if current=$("${describe[@]}" 2>"$SCRATCH/describe-stacks.err"); then
    declared=" $(template_parameters "$template" | tr '\n' ' ') "
    while IFS=$'\t' read -r name value; do
      value=${value%$'\r'}
      if [ -z "$name" ] || [[ " ${passed[*]} " == *" $name "* ]] || [[ $declared != *" $name "* ]]; then
        continue
      fi
      if [ "$value" = '****' ]; then
        note "$name is NoEcho: describe-stacks hides its current value, so the check uses the template's" \
          "Default for it (pass it to check its value)"
        continue
      fi
      args+=(--parameter "$name=$value")
      CHECK_SHOWN+=(--parameter "$name=<the stack's current value>")
    done <<<"$current"
  elif grep -q 'does not exist' "$SCRATCH/describe-stacks.err"; then
    note "stack $stack does not exist yet: the check takes the template's Defaults for the parameters not passed"
  else
    cat "$SCRATCH/describe-stacks.err" >&2
    die "could not read the current parameters of stack $stack (above), which the pre-deploy check needs;" \
      "nothing was deployed (--skip-check deploys unchecked)"
  fi
  run_check "${args[@]}"
}

# check_parameter_pin --OPTION PARAMETER VERSION UNPIN: the SSM options of one billing variable.
check_parameter_pin() {
  local option=$1 parameter=$2 version=$3 unpin=$4
  if [ -n "$parameter" ]; then
    check "$option-parameter" "$parameter" '^(/[A-Za-z0-9_.-]+){1,15}$' \
      "'$parameter' is not a hierarchical parameter name (/path/to/name)"
  fi
  if [ -n "$version" ]; then
    if [ "$unpin" = 1 ]; then
      usage_error "$option-version and --unpin${option#-} exclude each other"
    fi
    check "$option-version" "$version" '^[1-9][0-9]{0,18}$' "'$version' is not a parameter version (1, 2, ...)"
  fi
}

main() {
  local stack='' region='' bootstrap=0 template='' s3_bucket='' build=0 guided=0
  local api_key='' upstream_url='' snap_start='' deployer=''
  local db_user='' signing_parameter='' signing_version='' unpin_signing=0
  local webhook_parameter='' webhook_version='' unpin_webhook=0
  local check_jar_given='' skip_check=0 probe=0
  local -a extra=()
  split_args "$@"
  set -- ${ARGS[@]+"${ARGS[@]}"}
  while [ $# -gt 0 ]; do
    case $1 in
      --stack-name) need "$@"; stack=$2; shift 2 ;;
      --region) need "$@"; region=$2; shift 2 ;;
      --bootstrap) bootstrap=1; shift ;;
      --api-key-ciphertext) need "$@"; api_key=$2; shift 2 ;;
      --upstream-url) need "$@"; upstream_url=$2; shift 2 ;;
      --database-username) need "$@"; db_user=$2; shift 2 ;;
      --signing-key-parameter) need "$@"; signing_parameter=$2; shift 2 ;;
      --signing-key-version) need "$@"; signing_version=$2; shift 2 ;;
      --unpin-signing-key) unpin_signing=1; shift ;;
      --webhook-secret-parameter) need "$@"; webhook_parameter=$2; shift 2 ;;
      --webhook-secret-version) need "$@"; webhook_version=$2; shift 2 ;;
      --unpin-webhook-secret) unpin_webhook=1; shift ;;
      --credentials-version | --unpin-credentials)
        usage_error "$1 was removed: the orders function refreshes DB_USER and DB_PASS when" \
          "orders/credentials.json is rotated, which needs its unpinned reference (README.md, Rotating)" ;;
      --snap-start) need "$@"; snap_start=$2; shift 2 ;;
      --deployer-role-arn) need "$@"; deployer=$2; shift 2 ;;
      --s3-bucket) need "$@"; s3_bucket=$2; shift 2 ;;
      --template) need "$@"; template=$2; shift 2 ;;
      --build) build=1; shift ;;
      --guided) guided=1; shift ;;
      --check-jar) need "$@"; check_jar_given=$2; shift 2 ;;
      --skip-check) skip_check=1; shift ;;
      --probe) probe=1; shift ;;
      --dry-run) DRY_RUN=1; shift ;;
      -h | --help) usage; exit 0 ;;
      --) shift; extra=("$@"); break ;;
      *) unknown_arg "$1" ;;
    esac
  done
  require --stack-name "$stack"
  require --region "$region"
  check_stack_name --stack-name "$stack"
  check_region --region "$region"
  # The values end up in one sam argument each, NAME=VALUE, which sam splits at spaces and quotes: none of
  # the patterns below allows those.
  if [ -n "$api_key" ]; then
    local ciphertext=${api_key#aws-kms://*\?ciphertext=}
    local prefix_re='^aws-kms://[A-Za-z0-9:/_.-]{0,2048}\?ciphertext='
    if ! is_canonical_base64 "$ciphertext" ||
      { [ "$ciphertext" != "$api_key" ] && ! matches "$api_key" "$prefix_re"; }; then
      usage_error "--api-key-ciphertext: expected the canonical base64 ciphertext or aws-kms:// reference that" \
        "encrypt-env.sh printed (the value is not repeated here in case it is the key itself)"
    fi
  fi
  if [ -n "$upstream_url" ]; then
    check --upstream-url "$upstream_url" '^https?://[^[:space:]"\]+$' \
      "expected an http:// or https:// URL without spaces, quotes or backslashes"
  fi
  # The same patterns as the template's parameters, so a bad value stops here and not in CloudFormation.
  if [ -n "$db_user" ]; then
    check --database-username "$db_user" '^[A-Za-z][A-Za-z0-9_]{0,62}$' \
      "'$db_user' is not a database user name (a letter, then letters, digits and '_')"
  fi
  check_parameter_pin --signing-key "$signing_parameter" "$signing_version" "$unpin_signing"
  check_parameter_pin --webhook-secret "$webhook_parameter" "$webhook_version" "$unpin_webhook"
  if [ -n "$snap_start" ]; then
    check --snap-start "$snap_start" '^(true|false)$' "expected true or false"
  fi
  if [ -n "$deployer" ]; then
    check --deployer-role-arn "$deployer" '^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$' \
      "'$deployer' is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)"
  fi
  if [ -n "$s3_bucket" ]; then
    check_s3_bucket --s3-bucket "$s3_bucket"
  fi
  if [ -z "$template" ]; then
    template="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/template.yaml"
  elif [ ! -f "$template" ]; then
    usage_error "--template: '$template' is not a file"
  fi

  local -a overrides=()
  if [ "$bootstrap" = 1 ]; then
    overrides+=(CreateFunctions=false)
  else
    overrides+=(CreateFunctions=true)
    if [ -z "$api_key" ]; then
      note "no --api-key-ciphertext: the stack keeps its current ApiKeyCiphertext (the first deploy with" \
        "the functions needs one)"
    fi
  fi
  if [ -n "$api_key" ]; then
    overrides+=("ApiKeyCiphertext=$api_key")
  fi
  if [ -n "$upstream_url" ]; then
    overrides+=("UpstreamUrl=$upstream_url")
  fi
  if [ -n "$db_user" ]; then
    overrides+=("DatabaseUsername=$db_user")
  fi
  if [ -n "$signing_parameter" ]; then
    overrides+=("SigningKeyParameter=$signing_parameter")
  fi
  if [ -n "$signing_version" ]; then
    overrides+=("SigningKeyVersion=$signing_version")
  elif [ "$unpin_signing" = 1 ]; then
    overrides+=('SigningKeyVersion=""')
  fi
  if [ -n "$webhook_parameter" ]; then
    overrides+=("WebhookSecretParameter=$webhook_parameter")
  fi
  if [ -n "$webhook_version" ]; then
    overrides+=("WebhookSecretVersion=$webhook_version")
  elif [ "$unpin_webhook" = 1 ]; then
    overrides+=('WebhookSecretVersion=""')
  fi
  if [ -n "$snap_start" ]; then
    overrides+=("EnableSnapStart=$snap_start")
  fi
  if [ -n "$deployer" ]; then
    overrides+=("DeployerRoleArn=$deployer")
  fi

  if [ "$skip_check" = 1 ] && [ "$probe" = 1 ]; then
    usage_error "--probe is part of the check, which --skip-check skips"
  fi
  if [ "$bootstrap" = 1 ]; then
    if [ "$skip_check" = 1 ] || [ "$probe" = 1 ] || [ -n "$check_jar_given" ]; then
      note "--bootstrap deploys no function: there is nothing for the pre-deploy check to check"
    fi
  elif [ "$skip_check" = 0 ]; then
    find_check_jar "$check_jar_given"
  fi

  if [ "$bootstrap" = 1 ]; then
    refuse_to_remove_functions "$stack" "$region"
  fi
  local deployed=$template
  if [ "$build" = 1 ]; then
    run sam build --template-file "$template"
    deployed=.aws-sam/build/template.yaml
  fi
  local token=VERSION_TOKEN
  if is_dry_run && { [ "$build" = 1 ] || ! check_code "$deployed"; }; then
    if [ "$bootstrap" = 0 ]; then
      printf '# VersionToken: a digest of the template, the code and the parameters, once the code is built\n'
    fi
  elif [ ! -f "$deployed" ]; then
    die "$deployed does not exist (sam build writes it); nothing was deployed"
  elif ! check_code "$deployed"; then
    die "nothing was deployed"
  else
    token=$(version_token "$deployed" "${overrides[@]}")
  fi
  if [ "$bootstrap" = 0 ]; then
    if [ "$skip_check" = 1 ]; then
      note "--skip-check: deploying without the pre-deploy check of the functions' secrets"
    else
      if [ "$build" = 1 ]; then
        # sam build copies each function's Environment as it is and rewrites only CodeUri, to directories
        # that the check does not read: the source template has the same variables and names the jars.
        note "--build: the pre-deploy check reads $template, whose CodeUri must name the functions' jars" \
          "(sam build's output names directories, which the check does not read)"
      fi
      if [ "$probe" = 1 ]; then
        # The probe's AWS clients take the region from the environment, as the function's do.
        export AWS_REGION=$region
      fi
      check_functions "$stack" "$region" "$template" "$probe" "${overrides[@]}"
    fi
    overrides+=("VersionToken=$token")
  fi
  local -a deploy=(sam deploy --template-file "$deployed" --stack-name "$stack" --region "$region"
    --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset)
  if [ -n "$s3_bucket" ]; then
    deploy+=(--s3-bucket "$s3_bucket")
  else
    deploy+=(--resolve-s3)
  fi
  deploy+=(--parameter-overrides "${overrides[@]}")
  if [ "$guided" = 1 ]; then
    deploy+=(--guided)
  fi
  run "${deploy[@]}" ${extra[@]+"${extra[@]}"}
  print_outputs "$stack" "$region"
}

main "$@"
