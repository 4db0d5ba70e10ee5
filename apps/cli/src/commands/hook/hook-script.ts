/** The first lines of every hook payready writes: how install and uninstall recognise their own file. */
export const HOOK_MARKER = '# payready-hook:';

export type HookKind = 'pre-commit' | 'pre-push';

export interface HookSettings {
  kind: HookKind;
  /** `--deadline` handed to payready review. */
  deadline: string;
  /** Whole seconds for the shell-level watchdog (`timeout`), a little above the deadline. */
  hardLimitSeconds: number;
  failOn: string;
  /** How the hook runs payready: this node and bundle, with `payready` on PATH as the fallback. */
  node: string;
  cli: string;
  agent?: string;
}

export const chainedName = (kind: HookKind): string => `${kind}.payready-chained`;

const quote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

function header(settings: HookSettings): string {
  return `#!/bin/sh
${HOOK_MARKER} ${settings.kind} (installed by \`payready hook install\`; \`payready hook uninstall\` removes it)
# Reviews the change with \`payready review\` within ${settings.deadline}. Blocks only for findings at or above
# ${settings.failOn} (exit 6). A timeout, no reachable agent (exit 3) or any other failure lets it through.
# Your own hook, if you had one, was kept as ${chainedName(settings.kind)} and runs first.
# Skip once with PAYREADY_SKIP_REVIEW=1 or git's --no-verify.
PAYREADY_NODE=${quote(settings.node)}
PAYREADY_CLI=${quote(settings.cli)}
chained="$(dirname "$0")/${chainedName(settings.kind)}"
`;
}

/** Picks the payready to run, wraps it in \`timeout\` when the system has one, and sets REVIEW="…". */
function runner(settings: HookSettings): string {
  const agent = settings.agent ? ` --agent ${quote(settings.agent)}` : '';
  return `[ -n "$PAYREADY_SKIP_REVIEW" ] && exit 0
if [ -f "$PAYREADY_CLI" ] && [ -x "$PAYREADY_NODE" ]; then
  set -- "$PAYREADY_NODE" "$PAYREADY_CLI"
elif command -v payready >/dev/null 2>&1; then
  set -- payready
else
  echo "payready: not installed where the hook expects it; change not reviewed" >&2
  exit 0
fi
if command -v timeout >/dev/null 2>&1; then
  set -- timeout -k 2 ${settings.hardLimitSeconds} "$@"
fi
review() {
  "$@" review --deadline ${quote(settings.deadline)} --on-timeout=skip --fail-on ${quote(settings.failOn)}${agent} $REVIEW_ARGS </dev/null
}
verdict() {
  case $1 in
    0) return 0 ;;
    6) echo "payready: blocked by review findings at or above ${settings.failOn}; fix them, or skip with --no-verify" >&2; return 1 ;;
    3) echo "payready: no agent is reachable (exit 3); change not reviewed" >&2 ;;
    124|137) echo "payready: review passed its deadline; change not reviewed" >&2 ;;
    *) echo "payready: review failed (exit $1); change not reviewed" >&2 ;;
  esac
  return 0
}
`;
}

const PRE_COMMIT_BODY = `REVIEW_ARGS=--staged
review "$@"
verdict $?
exit $?
`;

// pre-push gets "<local ref> <local sha> <remote ref> <remote sha>" lines on stdin: each pushed ref is
// reviewed as remote..local; a new branch as its last commit; a deleted ref not at all.
const PRE_PUSH_BODY = `status=0
while read -r local_ref local_sha remote_ref remote_sha; do
  case $local_sha in *[!0]*) ;; *) continue ;; esac
  case $remote_sha in
    *[!0]*) REVIEW_ARGS="--range $remote_sha..$local_sha" ;;
    *) git rev-parse -q --verify "$local_sha~1" >/dev/null || continue; REVIEW_ARGS="--range $local_sha~1..$local_sha" ;;
  esac
  review "$@"
  verdict $? || status=1
done <<PAYREADY_REFS
$refs
PAYREADY_REFS
exit $status
`;

/** The hook file's text. The user's chained hook gets the same arguments (and, for pre-push, the same stdin). */
export function hookScript(settings: HookSettings): string {
  if (settings.kind === 'pre-commit') {
    return `${header(settings)}if [ -x "$chained" ]; then
  "$chained" "$@" || exit $?
fi
${runner(settings)}${PRE_COMMIT_BODY}`;
  }
  return `${header(settings)}refs=$(cat)
if [ -x "$chained" ]; then
  printf '%s\\n' "$refs" | "$chained" "$@" || exit $?
fi
${runner(settings)}${PRE_PUSH_BODY}`;
}
