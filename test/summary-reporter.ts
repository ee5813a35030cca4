/**
 * A vitest reporter that ends the run with one plain line, `N passed, N failed, N skipped`, which CI reads
 * (vitest's own summary is not read by CI), followed on the same line by the reasons of the skipped tests:
 * `… 3 skipped (no ../shared/reference here: 2; test/x.test.ts, no reason given: 1)`. A module that failed to
 * load counts as one failure, and so does an unhandled error; a test that did not run because a hook of its
 * suite failed (a `beforeAll` that says which system packages are missing) counts as failed, not skipped.
 */
import { relative } from "node:path";
import type { Reporter, TestCase, TestModule, TestSuite } from "vitest/node";

/** Whether a suite above `test` (or its module) failed, e.g. in `beforeAll`. */
function underFailedSuite(test: TestCase): boolean {
  let node: TestSuite | TestModule = test.parent;
  while (node.type === "suite") {
    if (node.state() === "failed" && node.errors().length > 0) return true;
    node = node.parent;
  }
  return node.errors().length > 0; // a hook of the module (a top-level beforeAll) failed
}

/** The line's counts and the skip reasons, from the finished modules. */
export function summarize(testModules: ReadonlyArray<TestModule>, unhandledErrors: number, root = process.cwd()): string {
  let passed = 0;
  let failed = 0;
  const skipped = new Map<string, number>();
  for (const mod of testModules) {
    let tests = 0;
    for (const test of mod.children.allTests()) {
      tests++;
      const result = test.result();
      if (result.state === "passed") passed++;
      else if (result.state === "failed" || underFailedSuite(test)) failed++;
      else {
        const reason = (result.state === "skipped" ? result.note : undefined) ?? `${relative(root, mod.moduleId)}, no reason given`;
        skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
      }
    }
    if (tests === 0 && mod.state() === "failed") failed++;
  }
  failed += unhandledErrors;
  const skippedCount = [...skipped.values()].reduce((a, b) => a + b, 0);
  const reasons = [...skipped].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([r, n]) => `${r}: ${n}`);
  return `${passed} passed, ${failed} failed, ${skippedCount} skipped${reasons.length > 0 ? ` (${reasons.join("; ")})` : ""}`;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    process.stdout.write(`\n${summarize(testModules, unhandledErrors.length)}\n`);
  }
}
