// Issue 11's resume goal: resume after the connection is cut at ~50% of the large upload. Its place in the run
// and the results is kept here, reported as skipped, until the case is written by the engineers who own resume.
//
// What it is to measure, in the same style as the other transfer cases: start the core upload of largeFile(ctx) in a
// worker, have the endpoint reset the connection once about half the bytes have arrived (its faults), resume from
// the state the engine kept, and count the bytes the endpoint received after resuming (its request log). The goal
// row: bytes sent after resuming ≤ the missing bytes + one part, per run, with the worst run reported.
import type { BenchCase } from '../context';

export const resumeCase: BenchCase = {
  id: 'resume',
  title: 'Resume an interrupted upload',
  run() {
    return Promise.resolve({
      rows: [],
      notes: [],
      skipped: 'not measured yet (the case is still to be written); goal: bytes sent after resuming ≤ the missing bytes + one part (issue 11)',
    });
  },
};
