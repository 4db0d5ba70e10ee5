#!/usr/bin/env node
// Prints the one closing line CI reads, from vitest's own JSON report: `vitest: N passed, N failed`.
// A missing or unreadable report counts as a failure: a run that produced no results proved nothing.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.vitest-results.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`vitest-summary: cannot read ${file}: ${error.message}`);
  console.log('vitest: 0 passed, 1 failed');
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
// A file that failed without a failed test in it (a syntax error, a throwing hook) counts as one failure;
// numFailedTestSuites would also count every describe block around a failed test.
const brokenFiles = (report.testResults ?? []).filter(
  (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
).length;
const failed = (report.numFailedTests ?? 0) + brokenFiles;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
if (skipped > 0) console.error(`vitest-summary: ${skipped} skipped or todo test(s) — a skipped test hides a gap`);
console.log(`vitest: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 || report.success === false ? 1 : 0);
