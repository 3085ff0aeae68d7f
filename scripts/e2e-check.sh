#!/usr/bin/env bash
# Checks on the kind cluster from try-on-kind.sh.
#   enforced  the enrolled pods run Dikastes; GET /v1/payments from the frontend gets 200 (the dev
#             stack's policy allows it) and GET /admin gets 403 (no policy allows it)
#   removed   after pulumi destroy: no pod runs Dikastes or istio-proxy any more, and
#             policySyncPathPrefix is what it was before pulumi up
set -euo pipefail
export PATH="$HOME/.calico-alp/bin:$PATH"
fail() { printf 'e2e-check: FAIL: %s\n' "$*" >&2; exit 1; }
ok() { printf 'e2e-check: ok: %s\n' "$*"; }

containers() { # namespace app -> every container and init container name of the app's pods
  kubectl -n "$1" get pods -l "app=$2" -o jsonpath='{range .items[*]}{.spec.initContainers[*].name} {.spec.containers[*].name}{"\n"}{end}'
}

settle() { # wait for the rollouts the stack triggered
  kubectl -n alp-demo rollout status deployment/frontend --timeout=5m >/dev/null
  kubectl -n payments rollout status deployment/payments-api --timeout=5m >/dev/null
  # Terminating pods of the old ReplicaSet still match the label for a while.
  kubectl -n alp-demo wait --for=delete pod -l app=frontend --field-selector=status.phase!=Running --timeout=2m >/dev/null 2>&1 || true
}

status_code() { # path -> HTTP status of GET payments-api<path> from the frontend
  kubectl -n alp-demo exec deploy/frontend -c curl -- \
    curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://payments-api.payments:8080$1" || echo 000
}

expect_status() { # path expected: retried, because Felix streams new policy to Dikastes asynchronously
  local got
  for _ in $(seq 1 30); do
    got=$(status_code "$1")
    [ "$got" = "$2" ] && { ok "GET $1 -> $got"; return 0; }
    sleep 4
  done
  fail "GET $1 returned $got, expected $2"
}

case "${1:-}" in
  enforced)
    settle
    for app in "alp-demo frontend" "payments payments-api"; do
      # shellcheck disable=SC2086
      containers $app | grep -qw dikastes || fail "pods of ${app#* } run no dikastes container"
      # shellcheck disable=SC2086
      containers $app | grep -qw istio-proxy || fail "pods of ${app#* } run no istio-proxy"
    done
    ok "the enrolled pods run istio-proxy and dikastes"
    expect_status /v1/payments 200
    expect_status /admin 403
    ;;
  removed)
    settle
    for app in "alp-demo frontend" "payments payments-api"; do
      # shellcheck disable=SC2086
      if containers $app | grep -qwE 'dikastes|istio-proxy'; then
        fail "pods of ${app#* } still run a sidecar: $(containers $app)"
      fi
    done
    ok "no pod runs dikastes or istio-proxy"
    before=$(cat "$HOME/.calico-alp/policy-sync-before" 2>/dev/null || true)
    after=$(kubectl get felixconfiguration default -o jsonpath='{.spec.policySyncPathPrefix}')
    [ "$after" = "$before" ] || fail "policySyncPathPrefix is '$after', was '$before' before pulumi up"
    ok "policySyncPathPrefix is back to '$before'"
    ;;
  *)
    echo "usage: $0 enforced|removed" >&2
    exit 2
    ;;
esac
