#!/usr/bin/env bash
# Checks on the kind cluster from try-on-kind.sh.
#   enforced  the enrolled pods run Dikastes; GET /v1/payments from the frontend gets 200 (the dev
#             stack's policy allows it) and GET /admin gets 403 (no policy allows it)
#   removed   after pulumi destroy: no pod runs Dikastes or istio-proxy any more, and
#             policySyncPathPrefix is what it was before pulumi up
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/kind-common.sh
. scripts/kind-common.sh
fail() { printf 'e2e-check: FAIL: %s\n' "$*" >&2; exit 1; }
ok() { printf 'e2e-check: ok: %s\n' "$*"; }
# Refused when the kind context is missing, whatever context is current.
has_kind_context || fail "the kubeconfig has no context $CONTEXT; refusing to check any other cluster"

containers() { # namespace app -> every container and init container name of the app's pods
  k -n "$1" get pods -l "app=$2" -o jsonpath='{range .items[*]}{.spec.initContainers[*].name} {.spec.containers[*].name}{"\n"}{end}'
}

status_code() { # path -> HTTP status of GET payments-api<path> from the frontend
  k -n alp-demo exec deploy/frontend -c curl -- \
    curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://payments-api.payments:8080$1" || echo 000
}

expect_status() { # path expected: retried, because Felix streams new policy to Dikastes asynchronously
  local got
  for _ in $(seq 1 "$(limit 30)"); do
    got=$(status_code "$1")
    [ "$got" = "$2" ] && { ok "GET $1 -> $got"; return 0; }
    pause 4
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
    [ -f "$HOME_DIR/policy-sync-before" ] || fail "no baseline at $HOME_DIR/policy-sync-before; try-on-kind.sh records it before the first pulumi up"
    before=$(cat "$HOME_DIR/policy-sync-before")
    after=$(k get felixconfiguration default -o jsonpath='{.spec.policySyncPathPrefix}')
    [ "$after" = "$before" ] || fail "policySyncPathPrefix is '$after', was '$before' before pulumi up"
    ok "policySyncPathPrefix is back to '$before'"
    ;;
  *)
    echo "usage: $0 enforced|removed" >&2
    exit 2
    ;;
esac
