import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root.js';

// Integration and e2e tests spawn the built CLI; building is the test command's first step. Fail loudly
// rather than test a stale or missing bundle.
export default function setup(): void {
  const bundle = join(repoRoot, 'apps/cli/dist/payready.cjs');
  if (!existsSync(bundle)) {
    throw new Error(`${bundle} is missing: run \`pnpm build\` first (\`pnpm test\` does it for you)`);
  }
}
