#!/usr/bin/env bash
# Records the API baseline of every library module: builds its jar and copies it to
# <module>/api-baseline/baseline.jar, with the version it was built as in <module>/api-baseline/VERSION.
# `mvn verify` then compares each module's jar with its baseline (japicmp, see docs/releasing.md).
#
# Run it right after a release is tagged (the baseline is the released API), or when a module is added.
# The jars are reproducible (project.build.outputTimestamp), so recording twice from the same commit gives
# byte-identical files.
#
# Usage: scripts/record-api-baseline.sh [module ...]   (default: every library module that exists)
set -euo pipefail
cd "$(dirname "$0")/.."

modules=("$@")
if [ ${#modules[@]} -eq 0 ]; then
  for m in protocol client emulator emulator-junit; do
    [ -f "$m/pom.xml" ] && modules+=("$m")
  done
fi
list=$(IFS=,; echo "${modules[*]}")

mvn -B -q -pl "$list" -am package -DskipTests -Djacoco.skip=true -Dmaven.javadoc.skip=true \
  -Dmaven.source.skip=true -Djapicmp.skip=true -Dspotless.check.skip=true

# the project version: the parent POM's own <version> (indented by two spaces, unlike its parent's or plugins')
version=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' pom.xml | head -1)
for m in "${modules[@]}"; do
  jar=$(ls "$m"/target/*.jar | grep -Ev -- '-(sources|javadoc|tests|all)\.jar$' | grep -- "-${version}\.jar$")
  mkdir -p "$m/api-baseline"
  cp "$jar" "$m/api-baseline/baseline.jar"
  echo "$version" > "$m/api-baseline/VERSION"
  echo "$m: $(basename "$jar") -> $m/api-baseline/baseline.jar"
done
