import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Persona } from '@payready/agent-contract';
import { cjsExports, ConfigError, UsageError } from '@payready/shared';

export interface PersonaDefinition extends Persona {
  description?: string;
  /** Prompt template; default `{{input}}`. */
  template?: string;
  /** The file it came from, for messages. */
  source: string;
}

/** The persona used when none is named; no file is read for it, so the common path parses no YAML. */
export const DEFAULT_PERSONA: PersonaDefinition = {
  name: 'default',
  description: 'Plain question and answer.',
  source: 'built-in',
};

const FIELDS = new Set(['name', 'description', 'system', 'temperature', 'model', 'max_tokens', 'template']);

async function parsePersona(path: string, name: string): Promise<PersonaDefinition> {
  const { parseDocument, LineCounter } = cjsExports(await import('yaml'));
  const lineCounter = new LineCounter();
  const document = parseDocument(readFileSync(path, 'utf8'), { lineCounter });
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    const position = lineCounter.linePos(error.pos[0]);
    throw new ConfigError([
      { source: path, line: position.line, column: position.col, message: error.message.split('\n')[0]! },
    ]);
  }
  const data = (document.toJS() ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(data).filter((key) => !FIELDS.has(key));
  if (unknown.length > 0) {
    throw new ConfigError([
      { source: path, keyPath: unknown[0], message: `unknown persona field; known: ${[...FIELDS].join(', ')}` },
    ]);
  }
  const persona: PersonaDefinition = { name: typeof data.name === 'string' ? data.name : name, source: path };
  if (typeof data.description === 'string') persona.description = data.description;
  if (typeof data.system === 'string') persona.system = data.system;
  if (typeof data.template === 'string') persona.template = data.template;
  if (typeof data.model === 'string') persona.model = data.model;
  if (typeof data.temperature === 'number') persona.temperature = data.temperature;
  if (typeof data.max_tokens === 'number') persona.maxTokens = data.max_tokens;
  return persona;
}

/** Persona files: user ones (`$XDG_CONFIG_HOME/payready/personas`) shadow the built-ins. */
export function personaFiles(dirs: { builtin: string; user: string }): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of [dirs.builtin, dirs.user]) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) {
      const match = /^([a-z0-9_-]+)\.ya?ml$/i.exec(entry);
      if (match) files.set(match[1]!.toLowerCase(), join(dir, entry));
    }
  }
  return files;
}

export async function loadPersona(
  name: string | undefined,
  dirs: { builtin: string; user: string },
): Promise<PersonaDefinition> {
  const files = personaFiles(dirs);
  const wanted = (name ?? 'default').toLowerCase();
  const path = files.get(wanted);
  if (!path) {
    if (wanted === 'default') return DEFAULT_PERSONA;
    throw new UsageError(
      `unknown persona "${name}"; known: ${[...new Set(['default', ...files.keys()])].sort().join(', ')}`,
      {
        hint: `add ${join(dirs.user, `${wanted}.yaml`)} to define it`,
      },
    );
  }
  return parsePersona(path, wanted);
}
