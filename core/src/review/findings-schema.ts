import { z } from '@payready/shared/zod';
import { SEVERITIES } from './severity.js';

// Loaded with `await import()` by parse-findings.ts: zod stays off every path but review's.

// "High" and " high" are the same answer; anything else outside the scale is a malformed reply.
const severitySchema = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.enum(SEVERITIES));

/** One finding. `line` is the line in the new version of the file; null for a finding about the whole file. */
export const findingSchema = z.object({
  severity: severitySchema,
  file: z.string().trim().min(1),
  line: z
    .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)])
    .nullish()
    .transform((value) => (value === undefined || value === 0 ? null : value)),
  message: z.string().trim().min(1),
});

/** The reply the reviewer is asked for: `{"findings": [...]}`; a bare array is accepted too. */
export const findingsReplySchema = z.preprocess(
  // Not a union: zod would then report "invalid input" at the root instead of the finding that is wrong.
  (value) => (Array.isArray(value) ? { findings: value } : value),
  z.object({ findings: z.array(findingSchema) }),
);

export type Finding = z.output<typeof findingSchema>;
