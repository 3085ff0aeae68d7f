#!/usr/bin/env bash
# Istio upgraded by revision on the kind cluster, under constant traffic (issue #29's end-to-end
# scenario). Applies examples/upgrade's steps in order as one stack, "upgrade", with pulumi up,
# while a client pod that is not in the mesh sends GET /v1/payments to payments-api five times a
# second. After each step: every pod of the enrolled workloads runs istio-proxy and Dikastes and
# was injected by the revision its tag points to (the injector's istio.io/rev annotation). Before
# step 4, the step that removes a revision too early is refused by alp check, and alp doctor is
# the gate. At the end: every answer other than 2xx and the policy's own 403 is a failure; the
# goal is none, and the script fails on any.
#
#   ./scripts/e2e-upgrade.sh            the cluster from ./scripts/try-on-kind.sh --cluster, then the steps
#   ./scripts/e2e-upgrade.sh --destroy  pulumi destroy --stack upgrade and remove the client
#
# Pinned to the kind context like try-on-kind.sh; Pulumi state and the stack's config stay under
# ~/.calico-alp. The dev stack must not be up on the same cluster: two stacks would own one Istio.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/kind-common.sh
. scripts/kind-common.sh
STATE="$HOME_DIR/pulumi-state"
PROJECT="$HOME_DIR/upgrade-project"
STACK_CONFIG="$HOME_DIR/Pulumi.upgrade.yaml"
LOG="$HOME_DIR/upgrade-traffic.log"
export PULUMI_BACKEND_URL="file://$STATE"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-calico-alp-on-kind}"
# ALP and ALP_DOCTOR: another alp to run instead (the script's tests pass the JIT one and a stand-in).
ALP="${ALP:-./build/.alp/alp}"
ALP_DOCTOR="${ALP_DOCTOR:-$ALP}"

say() { printf '\n== %s\n' "$*"; }
fail() { printf 'e2e-upgrade: FAIL: %s\n' "$*" >&2; exit 1; }
ok() { printf 'e2e-upgrade: ok: %s\n' "$*"; }
has_kind_context || fail "the kubeconfig has no context $CONTEXT; refusing to act on any other cluster (create it with ./scripts/try-on-kind.sh --cluster)"

# The traffic: one pod outside the mesh (no injection label), printing one status code per request.
client() {
  k -n alp-demo apply -f - >/dev/null <<'CLIENT'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: upgrade-traffic
spec:
  replicas: 1
  selector:
    matchLabels: {app: upgrade-traffic}
  template:
    metadata:
      labels: {app: upgrade-traffic}
    spec:
      containers:
        - name: curl
          image: docker.io/curlimages/curl:8.11.1
          command: ["sh", "-c", "while true; do curl -s -o /dev/null -w '%{http_code}\\n' --max-time 2 http://payments-api.payments:8080/v1/payments; sleep 0.2; done"]
CLIENT
  k -n alp-demo rollout status deployment/upgrade-traffic --timeout="$(limit 180)s" >/dev/null
}

stack_config() { # step file -> the stack's config, with the salt pulumi stack init wrote
  local salt
  salt=$(grep -h '^encryptionsalt:' "$PROJECT/Pulumi.upgrade.yaml" 2>/dev/null | head -n1 || true)
  { [ -n "$salt" ] && echo "$salt"; cat "$1"; } >"$STACK_CONFIG"
}

injected_by() { # namespace app revision: each pod runs istio-proxy and dikastes and names that revision
  local pods
  pods=$(k -n "$1" get pods -l "app=$2" -o jsonpath='{range .items[*]}{.metadata.name} {.metadata.annotations.istio\.io/rev} {.spec.initContainers[*].name} {.spec.containers[*].name}{"\n"}{end}')
  [ -n "$pods" ] || fail "no pod of $1/$2"
  while read -r name revision containers; do
    case " $containers " in *" dikastes "*) ;; *) fail "$1/$name runs no dikastes: $containers" ;; esac
    case " $containers " in *" istio-proxy "*) ;; *) fail "$1/$name runs no istio-proxy: $containers" ;; esac
    [ "$revision" = "$3" ] || fail "$1/$name was injected by revision '$revision', expected $3"
  done <<<"$pods"
  ok "$1/$2: every pod runs istio-proxy and dikastes from revision $3"
}

step() { # step payments-revision frontend-revision
  say "step $1: pulumi up --stack upgrade with examples/upgrade/Pulumi.$1.yaml"
  stack_config "examples/upgrade/Pulumi.$1.yaml"
  "$ALP" check --stack upgrade --stack-file "$STACK_CONFIG" >/dev/null
  "$ALP_DOCTOR" doctor --stack upgrade --stack-file "$STACK_CONFIG" --context "$CONTEXT"
  (cd "$PROJECT" && pulumi up --stack upgrade --config-file "$STACK_CONFIG" --yes --skip-preview)
  settle
  injected_by payments payments-api "$2"
  injected_by alp-demo frontend "$3"
}

count() { # the client's answers so far, by class
  k -n alp-demo logs deployment/upgrade-traffic >"$LOG"
  total=$(wc -l <"$LOG")
  allowed=$(grep -c '^2' "$LOG" || true)
  denied=$(grep -cx '403' "$LOG" || true)
  failed=$((total - allowed - denied))
}

run() {
  [ -x "$ALP" ] || ./build/alp --publish
  mkdir -p "$PROJECT" "$STATE"
  [ -f "$PROJECT/Pulumi.yaml" ] || cp Pulumi.yaml "$PROJECT/Pulumi.yaml"
  (cd "$PROJECT" && { pulumi stack select upgrade 2>/dev/null || pulumi stack init upgrade --non-interactive >/dev/null; })
  say "a client outside the mesh: GET /v1/payments five times a second"
  client
  step step1 1-30-4 1-30-4
  step step2 1-30-4 1-31-0
  step step3 1-31-0 1-31-0
  stack_config examples/upgrade/Pulumi.step4-too-early.yaml
  if "$ALP" check --stack upgrade --stack-file "$STACK_CONFIG" >/dev/null 2>&1; then
    fail "alp check took step4-too-early, which removes a revision a tag still points to"
  fi
  ok "alp check refuses step4-too-early"
  step step4 1-31-0 1-31-0
  count
  say "traffic: $total requests, $allowed 2xx, $denied 403 from the policy, $failed failed (goal: 0)"
  [ "$failed" -eq 0 ] || { sort "$LOG" | uniq -c >&2; fail "$failed requests failed while the steps applied"; }
  [ "$allowed" -gt 0 ] || fail "no request was allowed: the probe policy did not reach Dikastes"
  ok "no failed request across the upgrade"
}

destroy() {
  if [ -f "$PROJECT/Pulumi.yaml" ] && (cd "$PROJECT" && pulumi stack select upgrade >/dev/null 2>&1); then
    stack_config examples/upgrade/Pulumi.step4.yaml
    (cd "$PROJECT" && pulumi destroy --stack upgrade --config-file "$STACK_CONFIG" --yes --skip-preview)
  fi
  k -n alp-demo delete deployment upgrade-traffic --ignore-not-found >/dev/null
}

case "${1:-}" in
  "") run ;;
  --destroy) destroy ;;
  -h | --help) sed -n '2,/^set /{/^#/p}' "$0" ;;
  *) fail "unknown argument '$1'; use no argument or --destroy" ;;
esac
