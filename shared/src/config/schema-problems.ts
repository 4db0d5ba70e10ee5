import type { z } from 'zod';
import { closestMatch } from '../errors/closest-match.js';
import type { ConfigProblem } from '../errors/config-error.js';
import { dotted, originAt, valueAt, type Layer, type NodeOrigin } from './layer.js';
import { configSchema } from './schema.js';

/** The parts of zod's internal definition we walk to find the valid keys and descriptions at a path. */
interface SchemaNode {
  description?: string;
  _zod: {
    def: {
      type: string;
      innerType?: SchemaNode;
      in?: SchemaNode;
      shape?: Record<string, SchemaNode>;
      catchall?: SchemaNode;
      element?: SchemaNode;
    };
  };
}

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'catch', 'readonly', 'nonoptional']);

function unwrap(node: SchemaNode): SchemaNode {
  let current = node;
  for (;;) {
    const def = current._zod.def;
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
}

/** The (unwrapped) schema at a key path, following object shapes, catchalls and array elements. */
function schemaAt(path: readonly PropertyKey[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = unwrap(configSchema as unknown as SchemaNode);
  for (const key of path) {
    const def: SchemaNode['_zod']['def'] = node._zod.def;
    const next: SchemaNode | undefined =
      def.type === 'object'
        ? (def.shape?.[String(key)] ?? def.catchall)
        : def.type === 'array'
          ? def.element
          : undefined;
    if (!next) return undefined;
    node = unwrap(next);
  }
  return node;
}

/** `string "high"`, `number 1.5`, `null`, `a list`: the offending value as a person reads it. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 60 ? `${text.slice(0, 57)}…` : text}`;
}

function bound(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean; origin?: string }): string {
  const limit = String(issue.maximum ?? issue.minimum);
  const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
  if (issue.maximum !== undefined) return `${issue.inclusive ? 'at most' : 'less than'} ${limit}${unit}`;
  return `${issue.inclusive ? 'at least' : 'greater than'} ${limit}${unit}`;
}

function unionExpected(issue: z.core.$ZodIssueInvalidUnion): string {
  const described = schemaAt(issue.path)?.description;
  if (described) return described;
  const expected = issue.errors
    .flat()
    .map((branch) => ('expected' in branch ? String(branch.expected) : branch.message));
  return [...new Set(expected)].join(' or ');
}

function valueProblem(issue: z.core.$ZodIssue): Pick<ConfigProblem, 'message' | 'expected'> {
  switch (issue.code) {
    case 'invalid_type':
      return { message: 'wrong type', expected: issue.expected === 'int' ? 'integer' : issue.expected };
    case 'invalid_union':
      return { message: 'wrong type', expected: unionExpected(issue) };
    case 'invalid_value':
      return { message: 'not an allowed value', expected: `one of ${issue.values.map((v) => String(v)).join(', ')}` };
    case 'too_big':
    case 'too_small':
      return { message: 'out of range', expected: bound(issue as Parameters<typeof bound>[0]) };
    case 'invalid_format':
      return {
        message: 'wrong format',
        expected: issue.format === 'regex' ? issue.message : issue.format === 'url' ? 'a URL' : issue.format,
      };
    default:
      return { message: issue.message };
  }
}

function at(origin: NodeOrigin | undefined, which: 'key' | 'value'): Pick<ConfigProblem, 'source' | 'line' | 'column'> {
  if (!origin) return { source: 'default' };
  const line = which === 'value' ? (origin.valueLine ?? origin.line) : origin.line;
  const column = which === 'value' ? (origin.valueColumn ?? origin.column) : origin.column;
  return line === undefined ? { source: origin.source } : { source: origin.source, line, column };
}

function unknownKeys(issue: z.core.$ZodIssueUnrecognizedKeys, merged: Layer): ConfigProblem[] {
  const parent = schemaAt(issue.path);
  const valid = Object.keys(parent?._zod.def.shape ?? {});
  return issue.keys.map((key) => {
    const path = [...issue.path, key];
    const suggestion = closestMatch(key, valid);
    const hint = suggestion ? `did you mean ${suggestion}?` : `valid keys: ${valid.join(', ')}`;
    return { ...at(originAt(merged.origins, path), 'key'), keyPath: dotted(path), message: `unknown key (${hint})` };
  });
}

/** zod's issues as problems located in the file (or variable, or flag) that supplied the offending value. */
export function schemaProblems(issues: readonly z.core.$ZodIssue[], merged: Layer): ConfigProblem[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') return unknownKeys(issue, merged);
    return [
      {
        ...at(originAt(merged.origins, issue.path), 'value'),
        keyPath: dotted(issue.path),
        ...valueProblem(issue),
        got: describeValue(valueAt(merged.value, issue.path)),
      },
    ];
  });
}
