import type { Reporter, TestModule } from "vitest/node";

/**
 * Prints one plain closing line, `vitest: N passed, N failed, N skipped`, that CI and people
 * read the same way whatever else the default reporter printed above it.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown> = []): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed += 1;
        else if (state === "failed") failed += 1;
        else skipped += 1;
      }
      if (module.state() === "failed" && [...module.children.allTests()].length === 0) failed += 1;
    }
    // An error outside any test still fails the run, so it counts here too.
    failed += unhandledErrors.length;
    console.log(`vitest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
