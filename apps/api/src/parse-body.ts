import { ApiHttpError } from './http-errors.js';

/** The part of a zod schema used here (apps/api does not depend on zod itself; the schemas live in shared). */
interface Schema<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
}

/** The body as the schema's output, or 400 naming the first offending field (`param`, as OpenAI does). */
export function parseBody<T>(schema: Schema<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const { issues } = parsed.error;
  const issue = issues[0]!;
  const param = issue.path.map(String).join('.');
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  throw new ApiHttpError(
    400,
    'invalid_request',
    `${param ? `${param}: ` : ''}${issue.message}${more}`,
    param ? { param } : {},
  );
}
