// The one object `ask --json` prints; the HTTP service answers with the same (it lives in core for both).
export { askJson } from '@payready/core';
