import { readFileSync, statSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type * as YamlModule from 'yaml';
import type { Document, YAMLMap } from 'yaml';
import { ConfigError } from '../errors/config-error.js';
import { writeFileAtomic } from '../paths/atomic-write.js';
import { cjsExports } from '../node/cjs-exports.js';

type Scalar = string | number | boolean;

/** One change to one mapping of a config file: keys to set (to a scalar) and keys to remove. */
export interface MappingEdit {
  /** Key path of the mapping, e.g. ['agents', 'codex']. */
  path: readonly string[];
  set?: Readonly<Record<string, Scalar>>;
  remove?: readonly string[];
}

type Yaml = typeof YamlModule;
interface Splice {
  start: number;
  end: number;
  text: string;
}

const lineStart = (text: string, at: number): number => text.lastIndexOf('\n', at - 1) + 1;
const lineEnd = (text: string, at: number): number => {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end + 1;
};

/** A pair's lines, with the comment lines right above it at its indentation (they describe it). */
function pairLines(text: string, keyStart: number, valueEnd: number): { start: number; end: number } {
  let start = lineStart(text, keyStart);
  const indent = text.slice(start, keyStart);
  while (start > 0) {
    const above = lineStart(text, start - 1);
    const line = text.slice(above, start - 1);
    if (!line.startsWith(`${indent}#`)) break;
    start = above;
  }
  return { start, end: text[valueEnd - 1] === '\n' ? valueEnd : lineEnd(text, valueEnd) };
}

/** The same change through the Document API: the meaning the text splice must match. */
function applyToDocument(doc: Document, edit: MappingEdit): void {
  for (const [key, value] of Object.entries(edit.set ?? {})) doc.setIn([...edit.path, key], value);
  for (const key of edit.remove ?? []) doc.deleteIn([...edit.path, key]);
  // An emptied mapping would read as null (an error for an agent section): remove it from its parent.
  for (let path = [...edit.path]; path.length > 0; path = path.slice(0, -1)) {
    const node = doc.getIn(path, true) as YAMLMap | undefined;
    if (!node || (node.items?.length ?? 1) > 0) break;
    doc.deleteIn(path);
  }
}

/**
 * The edit as text splices, so everything else stays byte for byte as written: removed pairs lose their lines,
 * set keys that exist get their value replaced in place, new keys go where the first removed key was (else
 * after the last key). Undefined when the mapping is not a block mapping this can splice.
 */
function splices(yaml: Yaml, doc: Document, text: string, edit: MappingEdit): Splice[] | undefined {
  const map = edit.path.length === 0 ? doc.contents : doc.getIn(edit.path, true);
  if (!yaml.isMap(map) || map.flow) return undefined;
  const pairs = map.items.filter((pair) => yaml.isScalar(pair.key) && pair.key.range && yaml.isNode(pair.value));
  if (pairs.length !== map.items.length) return undefined;
  const keyOf = (pair: (typeof pairs)[number]) => String((pair.key as { value: unknown }).value);
  const removed = pairs.filter((pair) => edit.remove?.includes(keyOf(pair)));
  const set = Object.entries(edit.set ?? {});
  if (removed.length === pairs.length && set.length === 0) {
    const parent = edit.path.slice(0, -1);
    return edit.path.length === 0 ? undefined : splices(yaml, doc, text, { path: parent, remove: [edit.path.at(-1)!] });
  }
  const out: Splice[] = [];
  const inserted: string[] = [];
  for (const [key, value] of set) {
    const pair = pairs.find((candidate) => keyOf(candidate) === key);
    const rendered = yaml.stringify(value).trimEnd();
    if (!pair) inserted.push(`${key}: ${rendered}`);
    else if (yaml.isScalar(pair.value) && pair.value.range)
      out.push({ start: pair.value.range[0], end: pair.value.range[1], text: rendered });
    else return undefined;
  }
  const anchor = removed[0] ?? pairs.at(-1)!;
  const keyStart = (anchor.key as { range: [number, number, number] }).range[0];
  const indent = ' '.repeat(keyStart - lineStart(text, keyStart));
  const block = inserted.map((line) => `${indent}${line}\n`).join('');
  for (const [index, pair] of removed.entries()) {
    const { start, end } = pairLines(
      text,
      (pair.key as { range: number[] }).range[0]!,
      (pair.value as YAMLMap).range![2],
    );
    out.push({ start, end, text: index === 0 ? block : '' });
  }
  if (removed.length === 0 && block !== '') {
    const end = (anchor.value as YAMLMap).range![2];
    const at = text[end - 1] === '\n' ? end : lineEnd(text, end);
    out.push({ start: at, end: at, text: `${at > 0 && text[at - 1] !== '\n' ? '\n' : ''}${block}` });
  }
  return out;
}

/** The file's text after `edit`: spliced when possible and proven equal in meaning, else re-rendered. */
export async function editConfigText(text: string, edit: MappingEdit, source = 'config'): Promise<string> {
  const yaml = cjsExports(await import('yaml'));
  const doc = yaml.parseDocument(text);
  if (doc.errors.length > 0)
    throw new ConfigError([{ source, message: `invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}` }]);
  const expected = doc.clone();
  applyToDocument(expected, edit);
  const cuts = splices(yaml, doc, text, edit);
  if (cuts) {
    let spliced = text;
    for (const cut of [...cuts].sort((left, right) => right.start - left.start))
      spliced = spliced.slice(0, cut.start) + cut.text + spliced.slice(cut.end);
    const reparsed = yaml.parseDocument(spliced);
    if (reparsed.errors.length === 0 && isDeepStrictEqual(reparsed.toJS(), expected.toJS())) return spliced;
  }
  // An unusual layout (flow mappings, anchors): the Document API keeps comments, though not every space.
  return expected.toString();
}

/** Applies `edit` to the YAML file at `path` and writes it atomically, keeping its comments, layout and mode. */
export async function editConfigFile(path: string, edit: MappingEdit): Promise<void> {
  const text = readFileSync(path, 'utf8');
  const next = await editConfigText(text, edit, path);
  writeFileAtomic(path, next, { mode: statSync(path).mode & 0o777 });
}
