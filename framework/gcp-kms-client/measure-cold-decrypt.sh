#!/usr/bin/env bash
# One cold Cloud KMS decrypt per fresh JVM, lean and official transport in turn, against an emulator in its own JVM.
# Usage (from the repository root): framework/gcp-kms-client/measure-cold-decrypt.sh [RUNS]   (default 5)
# Prints one line per run and the medians; the figures are the resolver's time ("resolved ... in N ms"), the time
# from launch to plaintext, and the JVM's CPU time.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
./mvnw -o -q -pl framework/gcp-kms-client -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
  -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
module=framework/gcp-kms-client
cp="$module/target/test-classes:$module/target/classes:$(cat $module/target/test-cp.txt)"
out="$module/target/measure"
rm -rf "$out" && mkdir -p "$out" && mkfifo "$out/in"
java -cp "$cp" dev.secretfn.gcp.kms.client.KmsEmulatorMain < "$out/in" > "$out/emulator.out" 2>&1 &
exec 7>"$out/in"
until grep -q '^REF=' "$out/emulator.out"; do sleep 0.2; done
host=$(grep '^HOST=' "$out/emulator.out" | cut -d= -f2)
ref=$(grep '^REF=' "$out/emulator.out" | cut -d= -f2-)
for i in $(seq "$runs"); do
  for transport in lean official; do
    SECRETFN_GCP_KMS_EMULATOR_HOST="$host" DB_PASS="$ref" \
      java -cp "$cp" dev.secretfn.gcp.kms.client.ColdDecrypt "$transport" "$(date +%s%3N)" 2>/dev/null
  done
done | tee "$out/runs.txt"
exec 7>&-
for transport in lean official; do
  for field in resolveMs launchToPlaintextMs cpuMs; do
    median=$(grep "transport=$transport " "$out/runs.txt" | sed "s/.*$field=\([0-9]*\).*/\1/" | sort -n \
      | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}')
    echo "median $transport $field=$median"
  done
done
