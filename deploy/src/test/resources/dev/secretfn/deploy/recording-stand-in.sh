#!/usr/bin/env bash
# Recording stand-in for gcloud, gsutil, aws, sam and java in the deploy script tests; the tests install it as
# each of those names, first on PATH. It never talks to a cloud. For call N it writes to $STANDIN_LOG:
#   N.argv   the program name and every argument, each ended by a NUL byte
#   N.env    the environment, NUL-separated (the tests check that no secret was exported)
#   N.stdin  what it read on stdin, for the commands that read stdin ('-' as a file or source,
#            --data-file=-, file:///dev/stdin, fileb:///dev/stdin)
#   N.<flag> a copy of the file that --additional-authenticated-data-file, --condition-from-file or
#            --env-vars-file names (the scripts delete those files as soon as the command returns); for java,
#            the file after a separate --env-vars-file argument (the pre-deploy check's form)
# Canned behaviour:
#   gcloud kms encrypt          prints "FAKEKMS1" followed by the plaintext with every byte XOR 0x80
#   gcloud ... describe         fails with NOT_FOUND unless the resource kind ("kms-keyrings", "kms-keys",
#                               "iam-service-accounts", "storage-buckets") is listed in $STANDIN_EXISTING;
#                               'gcloud storage objects describe' prints generation $STANDIN_GENERATION
#   gcloud secrets describe     fails with NOT_FOUND unless "secrets" is listed in $STANDIN_EXISTING
#   gcloud secrets versions add prints the new version's name as --format=value(name) does, with the project
#                               number $STANDIN_PROJECT_NUMBER and version $STANDIN_SM_VERSION (defaults
#                               123456789012 and 3), under locations/L/ when --location=L is given
#   aws kms encrypt             prints, as --output text does, the base64 of the same fake ciphertext and a newline
#   aws s3api head-object       fails with a 404 unless "s3-object" is listed in $STANDIN_EXISTING; with
#                               --query VersionId it prints $STANDIN_VERSION_ID (default: a realistic id)
#   aws ssm put-parameter       prints the new version $STANDIN_SSM_VERSION (default 1), as --query Version
#                               --output text does
#   aws cloudformation describe-stacks
#                               with --query Stacks[0].Outputs...: prints $STANDIN_STACK_OUTPUTS (printf %b);
#                               with --query Stacks[0].Parameters[].[...]: fails as for a missing stack
#                               unless "stack" is listed in $STANDIN_EXISTING, then prints
#                               $STANDIN_STACK_PARAMETERS (printf %b);
#                               with another --query Stacks[0].Parameters...: fails the same way, then prints
#                               $STANDIN_CREATE_FUNCTIONS (default: true)
#   sam build                   writes .aws-sam/build/template.yaml naming one built function directory, as
#                               sam build does (in the working directory)
#   sam                         otherwise recorded only
#   $STANDIN_FAIL               a call whose arguments contain this text fails with exit status 1
#   $STANDIN_FAIL_ONCE          the same, for the first matching call only
#   java                        recorded, then the real java ($STANDIN_REAL_JAVA) runs with the same stdin
set -euo pipefail

log=${STANDIN_LOG:?STANDIN_LOG must name the log directory}
program=${0##*/}
count=$(find "$log" -maxdepth 1 -name '*.argv' | wc -l)
id=$(printf '%03d' $((count + 1)))
printf '%s\0' "$program" "$@" >"$log/$id.argv"
env -0 >"$log/$id.env"

if [ "$program" = java ]; then
  previous=''
  for arg in "$@"; do
    if [ "$previous" = --env-vars-file ]; then
      cp "$arg" "$log/$id.env-vars-file"
    fi
    previous=$arg
  done
  exec "${STANDIN_REAL_JAVA:?}" "$@"
fi

reads_stdin=0
for arg in "$@"; do
  case $arg in
    - | --plaintext-file=- | --additional-authenticated-data-file=- | --data-file=- | file:///dev/stdin | \
      fileb:///dev/stdin) reads_stdin=1 ;;
    --additional-authenticated-data-file=* | --condition-from-file=* | --env-vars-file=*)
      flag=${arg%%=*}
      cp "${arg#*=}" "$log/$id.${flag#--}"
      ;;
  esac
done
if [ "$reads_stdin" = 1 ]; then
  cat >"$log/$id.stdin"
fi

joined=" $* "
if [ -n "${STANDIN_FAIL:-}" ] && [[ $joined == *"$STANDIN_FAIL"* ]]; then
  echo "ERROR: (stand-in) injected failure" >&2
  exit 1
fi
if [ -n "${STANDIN_FAIL_ONCE:-}" ] && [[ $joined == *"$STANDIN_FAIL_ONCE"* ]] && [ ! -e "$log/failed-once" ]; then
  : >"$log/failed-once"
  echo "ERROR: (stand-in) injected failure, once" >&2
  exit 1
fi

if [ "$program" = gcloud ] && [ $# -ge 2 ]; then
  case "$1 $2" in
    'kms encrypt')
      printf 'FAKEKMS1'
      LC_ALL=C tr '\000-\377' '\200-\377\000-\177' <"$log/$id.stdin"
      ;;
    'secrets describe')
      case " ${STANDIN_EXISTING:-} " in
        *' secrets '*) printf 'name: projects/%s/secrets/%s\n' "${STANDIN_PROJECT_NUMBER:-123456789012}" "${3:-}" ;;
        *) echo "ERROR: (stand-in) NOT_FOUND: secret ${3:-}" >&2; exit 1 ;;
      esac
      ;;
    'secrets versions')
      if [ "${3:-}" = add ]; then
        location=''
        for arg in "$@"; do
          case $arg in
            --location=*) location="locations/${arg#--location=}/" ;;
          esac
        done
        printf 'projects/%s/%ssecrets/%s/versions/%s\n' "${STANDIN_PROJECT_NUMBER:-123456789012}" "$location" \
          "${4:-}" "${STANDIN_SM_VERSION:-3}"
      fi
      ;;
    'storage objects')
      if [ "${3:-}" = describe ]; then
        printf '%s\n' "${STANDIN_GENERATION:-1700000000000042}"
      fi
      ;;
    *)
      if [ "${3:-}" = describe ]; then
        case " ${STANDIN_EXISTING:-} " in
          *" $1-$2 "*) printf 'name: %s\n' "${4:-}" ;;
          *) echo "ERROR: (stand-in) NOT_FOUND: $1 $2 ${4:-}" >&2; exit 1 ;;
        esac
      fi
      ;;
  esac
fi

if [ "$program" = sam ] && [ "${1:-}" = build ]; then
  mkdir -p .aws-sam/build/ApiGatewayFunction
  printf 'built class files\n' >.aws-sam/build/ApiGatewayFunction/Handler.class
  printf 'Resources:\n  ApiGatewayFunction:\n    Properties:\n      CodeUri: ApiGatewayFunction\n' \
    >.aws-sam/build/template.yaml
fi

if [ "$program" = aws ] && [ $# -ge 2 ]; then
  case "$1 $2" in
    'kms encrypt')
      {
        printf 'FAKEKMS1'
        LC_ALL=C tr '\000-\377' '\200-\377\000-\177' <"$log/$id.stdin"
      } | base64 | tr -d '\n'
      printf '\n'
      ;;
    'ssm put-parameter')
      printf '%s\n' "${STANDIN_SSM_VERSION:-1}"
      ;;
    's3api head-object')
      if [[ $joined == *' --query VersionId '* ]]; then
        printf '%s\n' "${STANDIN_VERSION_ID:-3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY}"
      else
        case " ${STANDIN_EXISTING:-} " in
          *' s3-object '*) printf '{"ContentLength": 42}\n' ;;
          *) echo 'An error occurred (404) when calling the HeadObject operation: Not Found' >&2; exit 254 ;;
        esac
      fi
      ;;
    'cloudformation describe-stacks')
      case $joined in
        *' Stacks[0].Outputs'*) printf '%b' "${STANDIN_STACK_OUTPUTS:-}" ;;
        *' Stacks[0].Parameters'*)
          case " ${STANDIN_EXISTING:-} " in
            *' stack '*)
              if [[ $joined == *' Stacks[0].Parameters[].['* ]]; then
                printf '%b' "${STANDIN_STACK_PARAMETERS:-}"
              else
                printf '%s\n' "${STANDIN_CREATE_FUNCTIONS:-true}"
              fi
              ;;
            *) echo 'An error occurred (ValidationError) when calling the DescribeStacks operation: Stack does not exist' >&2
              exit 254 ;;
          esac
          ;;
      esac
      ;;
  esac
fi
exit 0
