# Sourced by try-on-kind.sh and e2e-check.sh: the kind cluster they act on, and bounded waits.
# shellcheck shell=bash
CLUSTER=calico-alp
CONTEXT="kind-$CLUSTER"
HOME_DIR="${CALICO_ALP_HOME:-$HOME/.calico-alp}"
export PATH="$HOME_DIR/bin:$PATH"
# Every wait ends; WAIT_CAP (seconds) shortens them all, for the scripts' own tests.
WAIT_CAP="${WAIT_CAP:-}"
limit() { if [ -n "$WAIT_CAP" ] && [ "$WAIT_CAP" -lt "$1" ]; then echo "$WAIT_CAP"; else echo "$1"; fi; }
pause() { if [ -n "$WAIT_CAP" ]; then sleep 0.1; else sleep "$1"; fi; }
# Pinned to the kind cluster whatever context is current.
k() { kubectl --context "$CONTEXT" "$@"; }
has_kind_context() { kubectl config get-contexts -o name 2>/dev/null | grep -qx "$CONTEXT"; }

# The demo app's enrolled workloads, for the end-to-end checks (each script defines fail).
terminating() { # namespace app -> names of the app's pods that are being deleted (they still match the label)
  k -n "$1" get pods -l "app=$2" -o jsonpath='{range .items[?(@.metadata.deletionTimestamp)]}{.metadata.name}{"\n"}{end}'
}

settle() { # wait for the rollouts the stack triggered, and for the old pods to be gone
  local ns app waited
  for pair in "alp-demo frontend" "payments payments-api"; do
    ns=${pair% *}; app=${pair#* }
    k -n "$ns" rollout status "deployment/$app" --timeout="$(limit 300)s" >/dev/null || fail "deployment $ns/$app did not roll out"
    waited=0
    while [ -n "$(terminating "$ns" "$app")" ]; do
      [ "$waited" -ge "$(limit 120)" ] && fail "old pods of $ns/$app still terminating after $(limit 120)s"
      pause 2
      waited=$((waited + 2))
    done
  done
}
