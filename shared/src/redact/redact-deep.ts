import { REDACTED, type Redactor } from './create-redactor.js';

/** Field names whose value is a credential whatever it looks like (headers, config, SDK options). */
const SENSITIVE_KEY =
  /^(?:authorization|proxy-authorization|x-api-key|api-key|api_key|apikey|x-goog-api-key|cookie|set-cookie|password|client_secret|access_token|refresh_token|encryption_key)$/i;

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

/**
 * A copy of `value` with every string redacted and every credential-named field replaced: for JSON output,
 * span attributes and log fields. Arrays, plain objects, Maps, Sets and Errors keep their shape; objects with
 * `toJSON` (Date, URL) become their redacted JSON form; cycles become `[Circular]`. Never mutates `value`.
 */
export function redactDeep<T>(value: T, redactor: Redactor): T {
  return walk(value, redactor, new WeakSet()) as T;
}

function walk(value: unknown, redactor: Redactor, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactor(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, redactor, seen));
    if (value instanceof Map) {
      return new Map([...value].map(([key, item]) => [walk(key, redactor, seen), field(key, item, redactor, seen)]));
    }
    if (value instanceof Set) return new Set([...value].map((item) => walk(item, redactor, seen)));
    if (ArrayBuffer.isView(value)) return value;
    if (value instanceof Error) return redactError(value, redactor, seen);
    const prototype = Object.getPrototypeOf(value) as object | null;
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (prototype !== Object.prototype && prototype !== null && typeof toJSON === 'function') {
      return walk(toJSON.call(value), redactor, seen);
    }
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[redactor(key)] = field(key, item, redactor, seen);
    return copy;
  } finally {
    seen.delete(value);
  }
}

function field(key: unknown, item: unknown, redactor: Redactor, seen: WeakSet<object>): unknown {
  if (typeof key === 'string' && isSensitiveKey(key) && item !== undefined && item !== null) return REDACTED;
  return walk(item, redactor, seen);
}

function redactError(error: Error, redactor: Redactor, seen: WeakSet<object>): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  // Read through the property (V8 may define `stack` as an accessor) and copy as plain data.
  for (const key of Object.getOwnPropertyNames(error)) {
    const { enumerable } = Object.getOwnPropertyDescriptor(error, key)!;
    const item = (error as unknown as Record<string, unknown>)[key];
    Object.defineProperty(copy, key, {
      value: field(key, item, redactor, seen),
      enumerable: enumerable ?? false,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}
