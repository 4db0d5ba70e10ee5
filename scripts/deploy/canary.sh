#!/usr/bin/env bash
# Sets the share of live traffic that the payready canary takes (infrastructure/kubernetes/overlays/canary).
#
#   scripts/deploy/canary.sh PERCENT [IMAGE]
#
# PERCENT is a whole number from 0 to 100. With IMAGE, the canary is first rolled out with that image (it
# takes no traffic until its rollout is done). The live Service `payready` selects the pods of the live
# colour; the canary's pods join them when labelled with that colour, so the share is canary replicas /
# (stable + canary replicas), rounded to whole pods (printed). 0 scales the canary to zero; 100 points
# the live Service at the canary pods alone (scripts/deploy/blue-green.sh's next flip undoes it).
#
# Environment: NAMESPACE (default: kubectl's), ROLLOUT_TIMEOUT (default 10m), KUBECTL (default kubectl).
set -euo pipefail

# shellcheck source=scripts/deploy/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
canary=payready-canary

usage() {
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
}

if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
  usage
  exit 0
fi
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  usage >&2
  exit 2
fi
percent="$1"
image="${2:-}"
# Validated before any cluster call: 0-100, digits only (no sign, no fraction, no leading zeros but 0).
if ! [[ "$percent" =~ ^(0|[1-9][0-9]?|100)$ ]]; then
  die "PERCENT must be a whole number from 0 to 100, got '$percent'"
fi
if [ -n "$image" ]; then check_image "$image"; fi

live="$(live_colour)"
case "$live" in
  blue | green) ;;
  *) die "the live Service '$service' selects no colour (deploy with scripts/deploy/blue-green.sh first)" ;;
esac

set_selector_track() {
  # $1: canary (only canary pods) or null (stable and canary pods of the live colour)
  local track="$1"
  [ "$track" = null ] || track="\"$track\""
  k patch service "$service" --type merge -p "{\"spec\":{\"selector\":{\"track\":$track}}}"
}

if [ -n "$image" ]; then
  k apply -k "$(overlay_with_image canary "$image")"
  k rollout status "deployment/$canary" --timeout "$rollout_timeout" || die "$canary did not become ready"
fi

if [ "$percent" -eq 0 ]; then
  set_selector_track null
  k scale "deployment/$canary" --replicas 0
  echo "canary: 0% (payready-$live takes all traffic)"
  exit 0
fi

stable="$(k get deployment "payready-$live" -o 'jsonpath={.spec.replicas}')"
[[ "$stable" =~ ^[0-9]+$ ]] || die "cannot read the replicas of payready-$live"
if [ "$percent" -eq 100 ]; then
  replicas=$((stable > 0 ? stable : 1))
else
  # canary / (stable + canary) = percent / 100, rounded to the nearest pod, at least one.
  replicas=$(((stable * percent + (100 - percent) / 2) / (100 - percent)))
  [ "$replicas" -ge 1 ] || replicas=1
fi

k patch deployment "$canary" --type merge \
  -p "{\"spec\":{\"replicas\":$replicas,\"template\":{\"metadata\":{\"labels\":{\"colour\":\"$live\"}}}}}"
k rollout status "deployment/$canary" --timeout "$rollout_timeout" || die "$canary did not become ready"
if [ "$percent" -eq 100 ]; then
  set_selector_track canary
  echo "canary: 100% ($replicas canary pods; payready-$live takes none)"
else
  set_selector_track null
  echo "canary: ${percent}% asked: $replicas canary pods next to $stable of payready-$live ($((100 * replicas / (stable + replicas)))%)"
fi
