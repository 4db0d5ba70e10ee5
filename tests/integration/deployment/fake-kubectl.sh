#!/usr/bin/env bash
# A stand-in for kubectl in tests/integration/deployment/deploy-scripts.test.ts. State lives in
# $FAKE_KUBECTL_DIR: `calls` gets one line per call (the arguments joined by \x1f); `live-colour` is the
# live Service's selector colour (absent: no Service), `stable-replicas` what `get deployment` answers,
# `rollout-exit` the exit status of `rollout status`. `apply -k DIR` renders DIR with the real kubectl
# ($REAL_KUBECTL) into applied-N.yaml; `patch service` updates live-colour as the API server would.
set -euo pipefail
state="${FAKE_KUBECTL_DIR:?}"
(
  IFS=$'\x1f'
  printf '%s\n' "$*"
) >>"$state/calls"
call="$(wc -l <"$state/calls")"

args=("$@")
arg_after() {
  local i
  for ((i = 0; i < ${#args[@]} - 1; i++)); do
    if [ "${args[$i]}" = "$1" ]; then
      printf '%s' "${args[$((i + 1))]}"
      return
    fi
  done
}

case " $* " in
  *" get service payready "*)
    if [ -f "$state/live-colour" ]; then cat "$state/live-colour"; fi
    ;;
  *" get deployment "*) cat "$state/stable-replicas" ;;
  *" rollout status "*) exit "$(cat "$state/rollout-exit" 2>/dev/null || echo 0)" ;;
  *" apply -k "*) "${REAL_KUBECTL:?}" kustomize "$(arg_after -k)" >"$state/applied-$call.yaml" 2>>"$state/kustomize.log" ;;
  *" patch service payready "*)
    patch="$(arg_after -p)"
    colour="$(printf '%s' "$patch" | sed -n 's/.*"colour":"\([a-z]*\)".*/\1/p')"
    if [ -n "$colour" ]; then printf '%s' "$colour" >"$state/live-colour"; fi
    ;;
esac
