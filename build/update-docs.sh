#!/usr/bin/env bash
# Regenerates the generated documentation: docs/configuration.md from Pulumi.yaml's config schema,
# and the Mermaid picture of the dev stack in README.md (between its BEGIN/END markers).
# Tests in tests/CalicoAlp.Cli.Tests fail when either is out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
alp() { dotnet run --project tools/CalicoAlp.Cli -v quiet -- "$@"; }

alp config-reference > docs/configuration.md

graph=$(mktemp)
trap 'rm -f "$graph"' EXIT
alp graph --stack dev > "$graph"
awk -v graph="$graph" '
  /^<!-- BEGIN alp graph/ { print; print "```mermaid"; while ((getline line < graph) > 0) print line; print "```"; skip = 1; next }
  /^<!-- END alp graph/ { skip = 0 }
  !skip { print }
' README.md > README.md.new
mv README.md.new README.md
echo "updated docs/configuration.md and the graph in README.md"
