import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a build script in plain JavaScript, without type declarations
import { rewriteBuiltinImports } from './builtin-imports.mjs';
// @ts-expect-error -- as above
import { hostDynamicImports } from './hot-vendors.mjs';

const builtins = rewriteBuiltinImports as (source: string) => string;

describe('rewriteBuiltinImports', () => {
  it('turns value imports of Node built-ins into process.getBuiltinModule, keeping the bindings', () => {
    expect(builtins("import { readFileSync, statSync as stat, type Stats } from 'node:fs';")).toBe(
      'const { readFileSync, statSync: stat } = process.getBuiltinModule("node:fs");',
    );
    expect(builtins("import path from 'node:path';")).toBe('const path = process.getBuiltinModule("node:path");');
    expect(builtins("import * as os from 'node:os';")).toBe('const os = process.getBuiltinModule("node:os");');
    expect(builtins("import m, { createRequire } from 'node:module';")).toBe(
      'const m = process.getBuiltinModule("node:module");\n' +
        'const { createRequire } = process.getBuiltinModule("node:module");',
    );
    expect(builtins("import {\n  a,\n  b,\n} from 'node:stream';")).toBe(
      'const { a, b } = process.getBuiltinModule("node:stream");',
    );
  });

  it('leaves type-only imports, other modules and re-exports alone', () => {
    const untouched = [
      "import type { Stats } from 'node:fs';",
      "import { x } from './local.js';",
      "import { z } from 'zod';",
      "export { join } from 'node:path';",
    ].join('\n');
    expect(builtins(untouched)).toBe(untouched);
    expect(builtins("import { type Only } from 'node:fs';")).toBe('');
  });
});

describe('hostDynamicImports', () => {
  const rewrite = (hostDynamicImports as (vendors: object) => (source: string) => string)({
    dynamicOnly: new Map([['openai', '/x/openai.mjs']]),
    required: new Map([['yaml', '/x/yaml.js']]),
  });

  it('sends every import() the hot file does not bundle through the host, packages to their vendor files', () => {
    expect(rewrite("await import('openai')")).toBe("await __payreadyImport('../vendor/openai.mjs')");
    expect(rewrite('await import("yaml")')).toBe('await __payreadyImport("./vendor/yaml.cjs")');
    expect(rewrite("await import('node:readline')")).toBe("await __payreadyImport('node:readline')");
    expect(rewrite('() => import(url)')).toBe('() => __payreadyImport(url)');
  });

  it('leaves relative and workspace imports for esbuild to bundle, and names that only end in "import"', () => {
    const untouched = [
      "await import('./commands/route.js')",
      "await import('../remote/remote-agents.js')",
      "await import('@payready/shared/telemetry')",
      'reimport(x); obj.import(y); // see import()',
    ].join('\n');
    expect(rewrite(untouched)).toBe(untouched);
  });
});
