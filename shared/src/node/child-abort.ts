/**
 * An AbortController that also aborts, with the parent's reason, when `parent` does: AbortSignal.any's job
 * for one parent and one local cause. any() costs a signal, WeakRefs and a FinalizationRegistry entry per
 * call on Node 20, and the ask path nests several (request lifetime, deadline, attempt); this costs one
 * listener, removed by `dispose()` so a long-lived parent does not collect them.
 */
export function childAbort(parent: AbortSignal): { controller: AbortController; dispose(): void } {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { controller, dispose: noop };
  }
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { controller, dispose: () => parent.removeEventListener('abort', onAbort) };
}

function noop(): void {}
