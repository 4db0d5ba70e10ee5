# shellcheck shell=bash
# Shared by blue-green.sh and canary.sh (sourced).
# Environment: NAMESPACE (default: kubectl's), ROLLOUT_TIMEOUT (default 10m), KUBECTL (default kubectl).

script="$(basename "$0")"
manifests="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../infrastructure/kubernetes" && pwd)"
kubectl_bin="${KUBECTL:-kubectl}"
# shellcheck disable=SC2034 # used by the scripts that source this
rollout_timeout="${ROLLOUT_TIMEOUT:-10m}"
# The live Service: it selects the pods of one colour.
service=payready

die() {
  printf '%s: %s\n' "$script" "$*" >&2
  exit 1
}

k() {
  if [ -n "${NAMESPACE:-}" ]; then
    "$kubectl_bin" --namespace "$NAMESPACE" "$@"
  else
    "$kubectl_bin" "$@"
  fi
}

# The live colour, or nothing when the Service does not exist yet. Any other kubectl failure stops here.
live_colour() {
  k get service "$service" --ignore-not-found -o 'jsonpath={.spec.selector.colour}'
}

check_image() {
  [[ "$1" =~ ^[A-Za-z0-9._/:@-]+$ ]] || die "not an image reference: '$1'"
  [[ "$1" == *@* || "${1##*/}" == *:* ]] || die "IMAGE needs a tag or a digest: $1"
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Prints a kustomization directory that renders overlays/$1 with image $2, in a copy of the manifests
# (kustomize loads nothing from outside its root, and the checkout stays as it is).
overlay_with_image() {
  local overlay="$1" image="$2" name tag
  rm -rf "$work/manifests"
  cp -R "$manifests" "$work/manifests"
  mkdir "$work/manifests/deploy"
  {
    printf '# written by scripts/deploy/%s\nbases:\n  - ../overlays/%s\nimages:\n' "$script" "$overlay"
    printf '  - name: registry.example.com/payready\n'
    if [[ "$image" == *@* ]]; then
      printf '    newName: %s\n    digest: %s\n' "${image%%@*}" "${image#*@}"
    else
      tag="${image##*/}"
      name="${image%:*}"
      printf '    newName: %s\n    newTag: "%s"\n' "$name" "${tag##*:}"
    fi
  } >"$work/manifests/deploy/kustomization.yaml"
  printf '%s\n' "$work/manifests/deploy"
}
