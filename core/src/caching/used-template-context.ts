import type { TemplateContext } from '../context/template-context.js';
import { templateVariables } from '../prompts/render-template.js';

const CONTEXT_FIELDS = new Set<keyof TemplateContext>(['date', 'project', 'branch', 'clean', 'cwd']);

/** The context fields a template uses, with their values: what of the context can change the answer. */
export function usedTemplateContext(
  template: string | undefined,
  context: TemplateContext,
): Record<string, string> | undefined {
  if (!template) return undefined;
  const used: Record<string, string> = {};
  for (const name of templateVariables(template)) {
    if (CONTEXT_FIELDS.has(name as keyof TemplateContext))
      used[name] = String(context[name as keyof TemplateContext] ?? '');
  }
  return Object.keys(used).length > 0 ? used : undefined;
}
