import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { ConfigProblem } from '../errors/config-error.js';
import { isPlainObject, type Layer, type NodeOrigin } from './layer.js';

/** Keys the loader consumes itself; they never reach the effective config. */
const LOADER_KEYS = ['extends', '$schema'];

export interface ParsedFile {
  /** Undefined when the file could not be parsed. */
  layer?: Layer;
  /** The raw `extends` value and where it was written. */
  extends?: { value: unknown; origin: NodeOrigin };
  problems: ConfigProblem[];
}

function position(lines: LineCounter, node: unknown): { line: number; column: number } | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  if (!range) return undefined;
  const { line, col } = lines.linePos(range[0]);
  return { line, column: col };
}

function keyName(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function recordOrigins(
  source: string,
  lines: LineCounter,
  node: unknown,
  path: string,
  origins: Map<string, NodeOrigin>,
): void {
  const prefix = path === '' ? '' : `${path}.`;
  if (isMap(node)) {
    for (const pair of node.items) {
      const here = prefix + keyName(pair.key);
      const key = position(lines, pair.key);
      const value = position(lines, pair.value) ?? key;
      origins.set(here, { source, ...key, valueLine: value?.line, valueColumn: value?.column });
      recordOrigins(source, lines, pair.value, here, origins);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const at = position(lines, item);
      origins.set(prefix + index, { source, ...at, valueLine: at?.line, valueColumn: at?.column });
      recordOrigins(source, lines, item, prefix + index, origins);
    });
  }
}

/** The parser's message without its " at line 3, column 1:" suffix and code frame (we print our own position). */
function cleanMessage(message: string): string {
  return message.split('\n')[0]!.replace(/\s+at line \d+, column \d+:?$/, '');
}

/** Parses one YAML config file into a layer whose nodes carry their file:line:column. */
export function parseYamlLayer(text: string, source: string): ParsedFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((error) => ({
        source,
        line: error.linePos?.[0].line,
        column: error.linePos?.[0].col,
        message: `invalid YAML: ${cleanMessage(error.message)}`,
      })),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    return { problems: [{ source, message: `invalid YAML: ${(error as Error).message}` }] };
  }
  if (!isPlainObject(value)) {
    const at = position(lines, doc.contents);
    return { problems: [{ source, ...at, message: 'the top level must be a mapping of keys to values' }] };
  }
  const origins = new Map<string, NodeOrigin>();
  recordOrigins(source, lines, doc.contents, '', origins);
  const parsed: ParsedFile = { problems: [] };
  if ('extends' in value) parsed.extends = { value: value.extends, origin: origins.get('extends') ?? { source } };
  for (const key of LOADER_KEYS) {
    delete value[key];
    for (const path of [...origins.keys()]) if (path === key || path.startsWith(`${key}.`)) origins.delete(path);
  }
  parsed.layer = { value, origins };
  return parsed;
}
