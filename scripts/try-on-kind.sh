#!/usr/bin/env bash
# Runs the main job on a laptop: a kind cluster with Calico (operator install, CSI driver on), the
# demo app, a local file backend for Pulumi, and `pulumi up --stack dev`.
#
#   ./scripts/try-on-kind.sh            create everything and turn ALP on
#   ./scripts/try-on-kind.sh --cluster  only the cluster, Calico and the demo app (for e2e-upgrade.sh)
#   ./scripts/try-on-kind.sh --destroy  pulumi destroy, keep the cluster (to look at what is left)
#   ./scripts/try-on-kind.sh --down     pulumi destroy (if the stack exists), then always delete the cluster
#
# Safe by construction: every kubectl call and the stack itself are pinned to the kind context
# (kind-calico-alp), and each verb refuses to run when that context is missing, whatever context
# is current. Pulumi runs against its own file backend (PULUMI_BACKEND_URL), so your global
# `pulumi login` is never changed, and the stack's config is a copy of Pulumi.dev.yaml under
# ~/.calico-alp with kubeContext set, so the committed file is never rewritten.
#
# Needs Docker (running, for every verb: the cluster lives in it), curl, the .NET SDK and, for the
# native alp, a C toolchain; it checks all of them before it creates anything. Installs kind, kubectl
# and the Pulumi CLI at the versions below into ~/.calico-alp/bin when the ones on PATH are missing or
# another version, each download checked against its SHA-256 (scripts/kind-tools.sha256).
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/kind-common.sh
. scripts/kind-common.sh
KIND_VERSION=v0.31.0
KUBECTL_VERSION=v1.35.0
# The node image by digest (kind v0.31.0's release notes): a tag can be re-pushed, a digest cannot.
NODE_IMAGE=kindest/node:v1.35.0@sha256:452d707d4862f52530247495d180205e029056831160e22870e37e3f6c1ac31f
CALICO_VERSION=v3.33.1
PULUMI_VERSION=3.205.0
# Pulumi.yaml declares `type: object` config, which older CLIs reject.
PULUMI_MINIMUM=3.186.0
TOOLS="$HOME_DIR/bin"
STATE="$HOME_DIR/pulumi-state"
STACK_CONFIG="$HOME_DIR/Pulumi.dev.yaml"
BASELINE="$HOME_DIR/policy-sync-before"
export PULUMI_BACKEND_URL="file://$STATE"
# A local file backend encrypts with a passphrase; this one only protects a throwaway laptop stack.
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-calico-alp-on-kind}"

say() { printf '\n== %s\n' "$*"; }
die() { printf 'try-on-kind: %s\n' "$*" >&2; exit 1; }

wait_until() { # seconds description command... : retries the command every 5 s, fails after the timeout
  local seconds what=$2 waited=0
  seconds=$(limit "$1")
  shift 2
  until "$@" >/dev/null 2>&1; do
    [ "$waited" -ge "$seconds" ] && die "timed out after ${seconds}s waiting for $what"
    pause 5
    waited=$((waited + 5))
  done
}

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

require_docker() { # every verb: the kind cluster is a set of Docker containers
  command -v docker >/dev/null || die "Docker is needed (Docker Engine or Docker Desktop): the kind cluster runs in it; install it and retry"
  docker info >/dev/null 2>&1 || die "Docker is installed but not running (docker info failed); start it and retry"
}

prerequisites() { # everything up needs, checked before anything is created
  local missing=()
  command -v curl >/dev/null || missing+=("curl")
  command -v dotnet >/dev/null || missing+=(".NET SDK 10 (dotnet)")
  [ ${#missing[@]} -eq 0 ] || die "missing prerequisites: ${missing[*]}"
  require_docker
  # The native alp doctor runs from is published after the cluster is up; its toolchain is checked now.
  [ -n "${ALP_DOCTOR:-}" ] || ./build/alp --check-toolchain || die "the native alp cannot be built here (see above); nothing was created"
}

sha256_of() { if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1; }

download() { # url target published-sum-url : fetch to a temporary file, check its SHA-256, then move it into place
  local url=$1 target=$2 published=$3 want got tmp
  tmp=$(mktemp "$TOOLS/.download.XXXXXX")
  curl -fsSL --retry 3 -o "$tmp" "$url" || { rm -f "$tmp"; die "could not download $url (no network, or no such release); nothing was installed"; }
  want=$(awk -v u="$url" '$2 == u { print $1 }' scripts/kind-tools.sha256)
  if [ -z "$want" ]; then
    printf 'try-on-kind: no pinned SHA-256 for %s; checking the sum its publisher serves (%s)\n' "$url" "$published" >&2
    want=$(curl -fsSL --retry 3 "$published" | awk -v f="$(basename "$url")" 'NF == 1 || $2 == f || $2 == "*" f { print $1; exit }') ||
      { rm -f "$tmp"; die "could not download the SHA-256 of $url from $published"; }
  fi
  got=$(sha256_of "$tmp")
  if [ -z "$want" ] || [ "$got" != "$want" ]; then
    rm -f "$tmp"
    die "SHA-256 mismatch for $url: expected ${want:-(none)}, got $got; nothing was installed"
  fi
  mv "$tmp" "$target"
}

version_at_least() { # have want : true when have >= want (dotted numbers)
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

install_tools() {
  local p os arch parch
  p=$(platform); os=${p%/*}; arch=${p#*/}
  mkdir -p "$TOOLS"
  if ! kind version 2>/dev/null | grep -q "kind $KIND_VERSION "; then
    say "installing kind $KIND_VERSION into $TOOLS"
    local kind_url="https://kind.sigs.k8s.io/dl/$KIND_VERSION/kind-$os-$arch"
    download "$kind_url" "$TOOLS/kind" "$kind_url.sha256sum"
    chmod +x "$TOOLS/kind"
  fi
  if ! kubectl version --client 2>/dev/null | grep -q "Client Version: $KUBECTL_VERSION"; then
    say "installing kubectl $KUBECTL_VERSION into $TOOLS"
    local kubectl_url="https://dl.k8s.io/release/$KUBECTL_VERSION/bin/$os/$arch/kubectl"
    download "$kubectl_url" "$TOOLS/kubectl" "$kubectl_url.sha256"
    chmod +x "$TOOLS/kubectl"
  fi
  if ! pulumi version 2>/dev/null | grep -qx "v$PULUMI_VERSION"; then
    say "installing the Pulumi CLI $PULUMI_VERSION into $TOOLS (no installer, no shell rc edits)"
    parch=$([ "$arch" = amd64 ] && echo x64 || echo arm64)
    local pulumi_url="https://get.pulumi.com/releases/sdk/pulumi-v$PULUMI_VERSION-$os-$parch.tar.gz"
    download "$pulumi_url" "$TOOLS/pulumi.tar.gz" "https://get.pulumi.com/releases/sdk/pulumi-$PULUMI_VERSION-checksums.txt"
    tar -xzf "$TOOLS/pulumi.tar.gz" -C "$TOOLS" --strip-components=1 && rm -f "$TOOLS/pulumi.tar.gz"
  fi
  local have
  have=$(pulumi version | sed 's/^v//')
  version_at_least "$have" "$PULUMI_MINIMUM" || die "the Pulumi CLI on PATH is $have; Pulumi.yaml needs $PULUMI_MINIMUM or newer"
}

require_context() {
  has_kind_context ||
    die "the kubeconfig has no context $CONTEXT; refusing to act on any other cluster (create it with ./scripts/try-on-kind.sh)"
}

calico_ready() { k wait --for=condition=Available tigerastatus/calico tigerastatus/apiserver --timeout=10s; }

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
  require_context

  # Calico's own order since v3.30: the operator's CRDs, the operator, then the Installation.
  say "installing Calico $CALICO_VERSION with the tigera-operator (CSI driver on by default)"
  local base="https://raw.githubusercontent.com/projectcalico/calico/$CALICO_VERSION/manifests"
  k apply --server-side -f "$base/operator-crds.yaml" >/dev/null
  k apply --server-side -f "$base/tigera-operator.yaml" >/dev/null
  k apply --server-side -f "$base/custom-resources.yaml" >/dev/null
  wait_until 900 "Calico (tigerastatus calico and apiserver Available)" calico_ready
  k -n calico-system rollout status daemonset/csi-node-driver --timeout="$(limit 300)s"

  say "deploying the demo app (scripts/demo-app.yaml)"
  k apply -f scripts/demo-app.yaml >/dev/null
  k -n alp-demo rollout status deployment/frontend --timeout="$(limit 300)s"
  k -n payments rollout status deployment/payments-api --timeout="$(limit 300)s"
}

ensure_stack() { # created from a copy of Pulumi.yaml, so the salt `stack init` saves lands outside the repository
  mkdir -p "$HOME_DIR/project" "$STATE"
  stack_exists && return 0
  cp Pulumi.yaml "$HOME_DIR/project/Pulumi.yaml"
  (cd "$HOME_DIR/project" && pulumi stack init dev --non-interactive >/dev/null)
}

stack_config() { # the dev stack's config, pinned to the kind context, outside the repository
  mkdir -p "$HOME_DIR" "$STATE"
  local salt=""
  salt=$(grep -h '^encryptionsalt:' "$HOME_DIR/project/Pulumi.dev.yaml" "$STACK_CONFIG" 2>/dev/null | head -n1 || true)
  {
    [ -n "$salt" ] && echo "$salt"
    # Whatever context the dev stack names, the script's copy names the kind cluster's.
    grep -v '^  calico-alp:kubeContext:' Pulumi.dev.yaml
    echo "  calico-alp:kubeContext: $CONTEXT"
  } >"$STACK_CONFIG.new"
  mv "$STACK_CONFIG.new" "$STACK_CONFIG"
}

stack_exists() { pulumi stack ls --json 2>/dev/null | grep -q '"name": "dev"'; }

up() {
  prerequisites
  install_tools
  cluster
  say "checking the dev stack offline"
  stack_config
  # ALP: another alp to run instead (the script's tests pass the JIT one, so they never wait for a native publish).
  "${ALP:-./build/alp}" check --stack dev --stack-file "$STACK_CONFIG"
  # The baseline is what the cluster had before this stack ever ran, recorded once: a rerun while
  # ALP is on would otherwise record the stack's own value.
  if [ ! -f "$BASELINE" ] && ! stack_exists; then
    k get felixconfiguration default -o jsonpath='{.spec.policySyncPathPrefix}' >"$BASELINE" 2>/dev/null || : >"$BASELINE"
  fi
  # Read-only: the cluster against what the stack declares; any failing check stops here, before anything is applied.
  say "alp doctor: the cluster against the dev stack (context $CONTEXT)"
  # ALP_DOCTOR: another alp to run instead (the script's tests pass a stand-in).
  [ -n "${ALP_DOCTOR:-}" ] || ./build/alp --publish
  "${ALP_DOCTOR:-./build/.alp/alp}" doctor --stack dev --stack-file "$STACK_CONFIG" --context "$CONTEXT"
  say "pulumi up --stack dev (context $CONTEXT)"
  ensure_stack
  stack_config
  pulumi up --stack dev --config-file "$STACK_CONFIG" --yes --skip-preview
  say "ALP is on. Try: ./scripts/e2e-check.sh enforced"
}

destroy() {
  require_docker
  install_tools
  require_context
  if stack_exists; then
    stack_config
    say "pulumi destroy --stack dev (context $CONTEXT)"
    pulumi destroy --stack dev --config-file "$STACK_CONFIG" --yes --skip-preview
  else
    say "no dev stack in $STATE; nothing to destroy"
  fi
}

case "${1:-}" in
  "") up ;;
  --cluster)
    prerequisites
    install_tools
    cluster
    ;;
  --destroy) destroy ;;
  --down)
    # Docker and the tools first: without them neither destroy nor the deletion can run, and saying so beats trying.
    require_docker
    install_tools
    # The cluster goes whatever destroy did: it is the script's own, and deleting it removes all.
    status=0
    (destroy) || { status=$?; printf 'try-on-kind: pulumi destroy failed (%s); deleting the cluster anyway\n' "$status" >&2; }
    say "deleting kind cluster $CLUSTER"
    kind delete cluster --name "$CLUSTER"
    rm -f "$BASELINE"
    exit "$status"
    ;;
  -h | --help) sed -n '2,/^set /{/^#/p}' "$0" ;;
  *) die "unknown argument '$1'; use no argument, --cluster, --destroy or --down" ;;
esac
