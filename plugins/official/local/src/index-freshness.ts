import type { Manifest } from './index-file.js';
import type { KbFileStat } from './kb-files.js';

/** Whether the manifest still describes exactly the files on disk (what syncWithDisk would leave alone). */
export function isCurrent(manifest: Manifest, files: ReadonlyMap<string, KbFileStat>): boolean {
  let entries = 0;
  for (const [path, entry] of Object.entries(manifest)) {
    const now = files.get(path);
    if (!now || now.mtimeMs !== entry.mtimeMs || now.size !== entry.size) return false;
    entries++;
  }
  return entries === files.size;
}
