import type { Finding } from './findings-schema.js';

export type FindingsParse = { ok: true; findings: Finding[] } | { ok: false; problem: string };

/**
 * The JSON text inside a reply. Asked for JSON only, models still wrap it in a ```json fence or add a
 * sentence before it; both are tolerated (the content is what matters), anything else is malformed.
 */
export function extractJson(answer: string): string | undefined {
  const trimmed = answer.trim();
  const fenced = /```(?:json|JSON)?\s*\n([\s\S]*?)\n?\s*```/.exec(trimmed);
  if (fenced) return fenced[1]!.trim();
  const start = trimmed.search(/[[{]/);
  if (start < 0) return undefined;
  const end = Math.max(trimmed.lastIndexOf('}'), trimmed.lastIndexOf(']'));
  // No closing bracket: hand the rest to JSON.parse, whose error says where it broke.
  return end > start ? trimmed.slice(start, end + 1) : trimmed.slice(start);
}

/** The first few schema problems, as one line the model can act on when asked again. */
function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Validates a reviewer's reply against the findings schema (zod, loaded on first use). */
export async function parseFindings(answer: string): Promise<FindingsParse> {
  const json = extractJson(answer);
  if (json === undefined) return { ok: false, problem: 'the reply contains no JSON object' };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, problem: `the reply is not valid JSON (${(error as Error).message})` };
  }
  const { findingsReplySchema } = await import('./findings-schema.js');
  const parsed = findingsReplySchema.safeParse(value);
  if (!parsed.success)
    return {
      ok: false,
      problem: `the JSON does not match the findings schema: ${describeIssues(parsed.error.issues)}`,
    };
  return { ok: true, findings: parsed.data.findings };
}
