#!/usr/bin/env bash
# Blue-green deploy of payready to the cluster kubectl points at (infrastructure/kubernetes).
#
#   scripts/deploy/blue-green.sh IMAGE        roll IMAGE out to the idle colour, then send traffic to it
#   scripts/deploy/blue-green.sh --rollback   send traffic back to the previous colour
#   scripts/deploy/blue-green.sh --status     print the live colour
#
# IMAGE is a reference with a tag or a digest (registry/payready:1.2.3, …@sha256:…). The live Service
# `payready` selects one colour; the idle colour is the other one (blue on the first deploy). Steps: apply
# the idle colour's overlay with IMAGE, wait for its rollout, then flip the Service's selector. The old
# colour keeps running (its autoscaler brings it down to minReplicas) so --rollback is instant. When the
# rollout fails the selector is left alone and the script exits 1.
#
# Environment: NAMESPACE (default: kubectl's), ROLLOUT_TIMEOUT (default 10m), KUBECTL (default kubectl).
set -euo pipefail

# shellcheck source=scripts/deploy/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
previous_annotation=payready.dev/previous-colour

usage() {
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
}

other() {
  case "$1" in
    blue) echo green ;;
    green) echo blue ;;
    *) die "unknown colour '$1'" ;;
  esac
}

# Points the live Service at $1's pods (stable and, when canary.sh added it, canary), recording $2.
flip() {
  local to="$1" from="$2"
  k patch service "$service" --type merge \
    -p "{\"metadata\":{\"annotations\":{\"$previous_annotation\":\"$from\"}},\"spec\":{\"selector\":{\"colour\":\"$to\",\"track\":null}}}"
}

deploy() {
  local image="$1" live idle dir
  check_image "$image"
  live="$(live_colour)"
  if [ -z "$live" ]; then
    idle=blue
    echo "blue-green: no live Service yet: first deploy, to blue"
  else
    idle="$(other "$live")"
    echo "blue-green: live colour $live, deploying $image to $idle"
  fi

  dir="$(overlay_with_image "$idle" "$image")"
  k apply -k "$dir"
  if ! k rollout status "deployment/payready-$idle" --timeout "$rollout_timeout"; then
    die "payready-$idle did not become ready; traffic stays on ${live:-nothing} (inspect: kubectl describe deployment payready-$idle)"
  fi

  if [ -z "$live" ]; then
    k apply -k "$manifests/live"
    flip "$idle" none
  else
    flip "$idle" "$live"
    echo "blue-green: payready-$live is kept for rollback: scripts/deploy/blue-green.sh --rollback"
  fi
  echo "blue-green: live colour is now $idle ($image)"
}

rollback() {
  local live previous
  live="$(live_colour)"
  [ -n "$live" ] || die "no live Service '$service': nothing to roll back"
  previous="$(other "$live")"
  # The previous colour must still be able to serve before traffic goes back to it.
  k rollout status "deployment/payready-$previous" --timeout "$rollout_timeout" ||
    die "payready-$previous is not ready; traffic stays on $live"
  flip "$previous" "$live"
  echo "blue-green: rolled back: live colour is now $previous (was $live)"
}

if [ $# -ne 1 ]; then
  usage >&2
  exit 2
fi
case "$1" in
  --rollback) rollback ;;
  --status)
    live="$(live_colour)"
    echo "${live:-none}"
    ;;
  -h | --help) usage ;;
  -*) die "unknown option $1 (see --help)" ;;
  *) deploy "$1" ;;
esac
