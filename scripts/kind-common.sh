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
