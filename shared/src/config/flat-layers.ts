import { parse } from 'yaml';
import { NON_CONFIG_ENV_VARS } from './config-sources.js';
import { setPath, type Layer } from './layer.js';

const PREFIX = 'PAYREADY_';

/**
 * A variable's value as YAML, so `0.7`, `true` and `[a, b]` become a number, a boolean and a list. Only
 * scalars and flow collections count: `Acme: AI` is the string "Acme: AI", not a mapping, and text YAML
 * cannot parse stays a string.
 */
export function parseEnvValue(raw: string): unknown {
  const flow = /^\s*[[{]/.test(raw);
  try {
    const value: unknown = parse(raw);
    if (!flow && typeof value === 'object' && value !== null) return raw;
    return value;
  } catch {
    return raw;
  }
}

/** The config path a variable names, or undefined when it names none (see NON_CONFIG_ENV_VARS). */
export function envKeyPath(name: string): string[] | undefined {
  if (!name.startsWith(PREFIX) || NON_CONFIG_ENV_VARS.includes(name)) return undefined;
  const rest = name.slice(PREFIX.length);
  if (!rest.includes('__')) return undefined;
  const path = rest.split('__').map((part) => part.toLowerCase());
  return path.every((part) => part !== '') ? path : undefined;
}

/** `PAYREADY_ROUTING__CONFIDENCE_THRESHOLD=0.7` → routing.confidence_threshold = 0.7. Empty values count as unset. */
export function envLayer(env: Readonly<Record<string, string | undefined>>): Layer {
  const layer: Layer = { value: {}, origins: new Map() };
  for (const name of Object.keys(env).sort()) {
    const raw = env[name];
    const path = envKeyPath(name);
    if (path === undefined || raw === undefined || raw === '') continue;
    setPath(layer, path, parseEnvValue(raw), { source: `env:${name}` });
  }
  return layer;
}

/** CLI flags: dotted key path → already-typed value. Undefined values (flag not given) are skipped. */
export function overridesLayer(overrides: Record<string, { value: unknown; source: string }> = {}): Layer {
  const layer: Layer = { value: {}, origins: new Map() };
  for (const [key, { value, source }] of Object.entries(overrides)) {
    if (value === undefined) continue;
    setPath(layer, key.split('.'), value, { source });
  }
  return layer;
}
