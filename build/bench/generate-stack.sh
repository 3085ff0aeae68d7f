#!/usr/bin/env bash
# Writes a synthetic stack file for the benchmarks: N namespaces of W enrolled Deployments each,
# and one namespaced HTTP policy per namespace. Usage: generate-stack.sh N W > Pulumi.bench-N.yaml
set -euo pipefail
namespaces=${1:?number of namespaces}
workloads=${2:-10}
cat <<HEAD
config:
  calico-alp:environment: non-production
  calico-alp:protect: false
  calico-alp:namespaces:
HEAD
for ((n = 0; n < namespaces; n++)); do
  echo "    - name: team-$n"
  echo "      ownership: existing"
  echo "      enrolment: workloads"
  echo "      egress: restricted"
  echo "      workloads:"
  for ((w = 0; w < workloads; w++)); do
    echo "        - app-$w"
  done
done
echo "  calico-alp:httpPolicies:"
for ((n = 0; n < namespaces; n++)); do
  cat <<POLICY
    - name: team-$n-read-only
      kind: NetworkPolicy
      namespace: team-$n
      selector: app == 'app-0'
      ingress:
        - action: Allow
          http:
            methods: [GET]
            paths:
              - prefix: /api
POLICY
done
