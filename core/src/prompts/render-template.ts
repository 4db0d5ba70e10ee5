import { UsageError } from '@payready/shared';
import type { TemplateContext } from '../context/template-context.js';

export interface TemplateVariables {
  /** The user's prompt argument(s). */
  prompt: string;
  /** stdin, when any. */
  stdin: string;
  /** prompt + blank line + stdin (or whichever is present). */
  input: string;
}

const VARIABLE = /\{\{\s*([a-z_]+)\s*\}\}/g;
const KNOWN = new Set(['prompt', 'stdin', 'input', 'date', 'project', 'branch', 'clean', 'cwd']);

/** Names a template refers to, so only those context values are computed (and cache keys include only them). */
export function templateVariables(template: string): string[] {
  return [...new Set([...template.matchAll(VARIABLE)].map((match) => match[1]!))];
}

/**
 * Renders `{{name}}` placeholders. An unknown name is an error naming the persona file, since a typo would
 * otherwise reach the model verbatim.
 */
export function renderTemplate(
  template: string,
  variables: TemplateVariables,
  context: TemplateContext,
  source: string,
): string {
  for (const name of templateVariables(template)) {
    if (!KNOWN.has(name)) {
      throw new UsageError(`unknown template variable {{${name}}} in ${source}; known: ${[...KNOWN].join(', ')}`);
    }
  }
  return template.replace(VARIABLE, (_, name: string) => {
    if (name in variables) return variables[name as keyof TemplateVariables];
    return String(context[name as keyof TemplateContext] ?? '');
  });
}

/** DESIGN: prompt, a blank line, then stdin; either alone when the other is empty. */
export function joinInput(prompt: string, stdin: string): string {
  if (!stdin) return prompt;
  if (!prompt) return stdin;
  return `${prompt}\n\n${stdin}`;
}
