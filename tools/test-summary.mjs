// Prints one closing line for `npm test` from the Jest result files of every project:
// "Tests: N passed, N failed, N skipped". Exits with code 1 when a file is missing or a test failed.
import { existsSync, readFileSync } from 'node:fs';

const PROJECTS = ['backend', 'frontend', 'e2e'];
let passed = 0;
let failed = 0;
let skipped = 0;

for (const project of PROJECTS) {
  const file = `dist/test-results/${project}.json`;
  if (!existsSync(file)) {
    console.error(`${file} is missing: the ${project} tests did not run`);
    process.exit(1);
  }
  const result = JSON.parse(readFileSync(file, 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + result.numTodoTests;
  console.log(`${project}: ${result.numPassedTests} passed, ${result.numFailedTests} failed, ${result.numPendingTests} skipped`);
}

console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
