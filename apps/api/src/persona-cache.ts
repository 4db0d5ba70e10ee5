import { loadPersona, type PersonaDefinition } from '@payready/core';

const TTL_MS = 2000;

/**
 * Personas by name, re-read at most every TTL_MS: loading one lists two directories (and parses YAML),
 * which is too much for every request, while an edited persona file should still apply without a restart.
 */
export class PersonaCache {
  private readonly entries = new Map<string, { at: number; persona: Promise<PersonaDefinition> }>();

  constructor(private readonly dirs: { builtin: string; user: string }) {}

  get(name: string | undefined): Promise<PersonaDefinition> {
    const key = (name ?? 'default').toLowerCase();
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < TTL_MS) return hit.persona;
    const persona = loadPersona(name, this.dirs);
    this.entries.set(key, { at: now, persona });
    // A failure (unknown persona) is not kept: the file may be added any moment.
    persona.catch(() => this.entries.delete(key));
    return persona;
  }
}
