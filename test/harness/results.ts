// The machine-readable line test/runAll.mjs adds up, for the harness's own verdicts (e.g. the editor never
// started, so the suite inside it could not report).
export function printResults(layer: string, passed: number, failed: number, skipped = 0): void {
  console.log(`ROLE_CHAINS_RESULTS ${JSON.stringify({ layer, passed, failed, skipped })}`);
}

export const RESULTS_LINE = /^ROLE_CHAINS_RESULTS \{.*\}\s*$/m;
