#!/usr/bin/env bash
# Runs the main job on a laptop: a kind cluster with Calico (operator install, CSI driver on), the
# demo app, a local file backend for Pulumi, and `pulumi up --stack dev`.
#
#   ./scripts/try-on-kind.sh            create everything and turn ALP on
#   ./scripts/try-on-kind.sh --destroy  pulumi destroy, keep the cluster (to look at what is left)
#   ./scripts/try-on-kind.sh --down     pulumi destroy (if the stack exists) and delete the cluster
#
# Needs Docker (running) and curl. Installs what is missing (Pulumi CLI, kind, kubectl) from their
# official releases into ~/.calico-alp/bin.
set -euo pipefail
cd "$(dirname "$0")/.."

CLUSTER=calico-alp
KIND_VERSION=v0.30.0
KUBECTL_VERSION=v1.34.1
NODE_IMAGE=kindest/node:v1.34.0
CALICO_VERSION=v3.32.1
PULUMI_VERSION=3.205.0
TOOLS="$HOME/.calico-alp/bin"
STATE="$HOME/.calico-alp/pulumi-state"
export PATH="$TOOLS:$HOME/.pulumi/bin:$PATH"
# A local file backend encrypts with a passphrase; this one only protects a throwaway laptop stack.
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-calico-alp-on-kind}"

say() { printf '\n== %s\n' "$*"; }
die() { printf 'try-on-kind: %s\n' "$*" >&2; exit 1; }

platform() {
  local os arch
  os=$(uname -s | tr '[:upper:]' '[:lower:]')
  case "$(uname -m)" in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) die "unsupported CPU $(uname -m); kind and kubectl ship amd64 and arm64" ;;
  esac
  [ "$os" = linux ] || [ "$os" = darwin ] || die "unsupported OS $os; use Linux or macOS"
  echo "$os/$arch"
}

prerequisites() {
  local missing=()
  command -v curl >/dev/null || missing+=("curl")
  command -v docker >/dev/null || missing+=("docker (Docker Engine or Docker Desktop)")
  command -v dotnet >/dev/null || missing+=(".NET SDK 10 (dotnet)")
  [ ${#missing[@]} -eq 0 ] || die "missing prerequisites: ${missing[*]}"
  docker info >/dev/null 2>&1 || die "Docker is installed but not running (docker info failed); start it and retry"
}

install_tools() {
  local p os arch
  p=$(platform); os=${p%/*}; arch=${p#*/}
  mkdir -p "$TOOLS"
  if ! command -v kind >/dev/null; then
    say "installing kind $KIND_VERSION"
    curl -fsSLo "$TOOLS/kind" "https://kind.sigs.k8s.io/dl/$KIND_VERSION/kind-$os-$arch"
    chmod +x "$TOOLS/kind"
  fi
  if ! command -v kubectl >/dev/null; then
    say "installing kubectl $KUBECTL_VERSION"
    curl -fsSLo "$TOOLS/kubectl" "https://dl.k8s.io/release/$KUBECTL_VERSION/bin/$os/$arch/kubectl"
    chmod +x "$TOOLS/kubectl"
  fi
  if ! command -v pulumi >/dev/null; then
    say "installing the Pulumi CLI $PULUMI_VERSION"
    curl -fsSL https://get.pulumi.com | sh -s -- --version "$PULUMI_VERSION"
  fi
}

cluster() {
  if kind get clusters 2>/dev/null | grep -qx "$CLUSTER"; then
    say "kind cluster $CLUSTER exists"
  else
    say "creating kind cluster $CLUSTER (no default CNI: Calico replaces it)"
    kind create cluster --name "$CLUSTER" --image "$NODE_IMAGE" --config - <<'KIND'
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
networking:
  disableDefaultCNI: true
  podSubnet: 192.168.0.0/16
nodes:
  - role: control-plane
  - role: worker
KIND
  fi
  kubectl config use-context "kind-$CLUSTER" >/dev/null

  say "installing Calico $CALICO_VERSION with the tigera-operator (CSI driver on by default)"
  kubectl apply --server-side -f "https://raw.githubusercontent.com/projectcalico/calico/$CALICO_VERSION/manifests/tigera-operator.yaml" >/dev/null
  kubectl apply -f "https://raw.githubusercontent.com/projectcalico/calico/$CALICO_VERSION/manifests/custom-resources.yaml" >/dev/null
  until kubectl get tigerastatus calico apiserver >/dev/null 2>&1; do sleep 5; done
  kubectl wait --for=condition=Available tigerastatus/calico tigerastatus/apiserver --timeout=15m
  kubectl -n calico-system rollout status daemonset/csi-node-driver --timeout=5m

  say "deploying the demo app (scripts/demo-app.yaml)"
  kubectl apply -f scripts/demo-app.yaml >/dev/null
  kubectl -n alp-demo rollout status deployment/frontend --timeout=5m
  kubectl -n payments rollout status deployment/payments-api --timeout=5m
}

pulumi_stack() {
  mkdir -p "$STATE"
  pulumi login "file://$STATE" >/dev/null
  pulumi stack select dev --create --non-interactive >/dev/null
}

up() {
  prerequisites
  install_tools
  cluster
  say "checking the dev stack offline"
  ./build/alp check --stack dev
  # Remembered so the e2e check can prove destroy gives policySyncPathPrefix back.
  kubectl get felixconfiguration default -o jsonpath='{.spec.policySyncPathPrefix}' > "$HOME/.calico-alp/policy-sync-before" 2>/dev/null || : > "$HOME/.calico-alp/policy-sync-before"
  say "pulumi up --stack dev"
  pulumi_stack
  pulumi up --stack dev --yes --skip-preview
  say "ALP is on. Try: ./scripts/e2e-check.sh enforced"
}

destroy() {
  install_tools
  if pulumi login "file://$STATE" >/dev/null 2>&1 && pulumi stack ls --json 2>/dev/null | grep -q '"name": "dev"'; then
    say "pulumi destroy --stack dev"
    pulumi destroy --stack dev --yes --skip-preview
  else
    say "no dev stack in $STATE; nothing to destroy"
  fi
}

case "${1:-}" in
  "") up ;;
  --destroy) destroy ;;
  --down)
    destroy
    say "deleting kind cluster $CLUSTER"
    kind delete cluster --name "$CLUSTER"
    ;;
  -h | --help) sed -n '2,10p' "$0" ;;
  *) die "unknown argument '$1'; use no argument, --destroy or --down" ;;
esac
