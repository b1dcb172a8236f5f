// Case 10: Import from AWS Config on a large config file: 5,000 profiles read with the SDK's loader and resolved
// into chains, once as one long source_profile line (the shape that made resolution cubic: 3,000 profiles took
// 16 s) and once as 1,250 four-hop chains. Runs in this process: the import is pure core code plus the loader.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadAwsConfigFiles } from '../../../src/core/aws';
import { chainsFromAwsConfig } from '../../../src/core/awsConfig';
import type { BenchCase } from '../context';
import { ms } from '../format';
import { bounded, series } from '../stats';

const PROFILES = 5_000;
const LIMIT_MS = 1_000;

/** A config file of `count` role profiles whose source_profile links make lines of `hops` roles from one key profile. */
function configText(count: number, hops: number): string {
  const lines = ['[profile base]', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', 'aws_secret_access_key = not-a-real-secret', ''];
  for (let i = 0; i < count; i++) {
    const source = i % hops === 0 ? 'base' : `p${i - 1}`;
    lines.push(`[profile p${i}]`, `role_arn = arn:aws:iam::123456789012:role/R${i}`, `source_profile = ${source}`, '');
  }
  return lines.join('\n');
}

export const importCase: BenchCase = {
  id: 'import',
  title: 'Import from AWS Config, 5,000 profiles',
  async run(ctx) {
    const reps = ctx.config.quick ? 3 : 7;
    const rows = [];
    const notes: string[] = [];
    for (const [label, hops] of [
      ['one source_profile line of 5,000 roles', PROFILES],
      ['1,250 chains of 4 roles', 4],
    ] as const) {
      const configFilepath = path.join(ctx.tmp, `import-${hops}.ini`);
      await writeFile(configFilepath, configText(PROFILES, hops));
      const times: number[] = [];
      let chains = 0;
      let problems = 0;
      for (let i = 0; i < reps; i++) {
        const started = performance.now();
        const loaded = await loadAwsConfigFiles({ configFilepath, filepath: path.join(ctx.tmp, 'no-credentials') });
        const result = chainsFromAwsConfig(loaded.files);
        times.push(performance.now() - started);
        chains = result.chains.length;
        problems = result.problems.length;
      }
      const row = bounded(10, `read and resolve: ${label}`, series(`import (${label})`, 'ms', times), 'max', LIMIT_MS, `< ${ms(LIMIT_MS)}`);
      row.detail = `${chains} chains, ${problems} problems`;
      rows.push(row);
      notes.push(`${label}: ${chains} chains and ${problems} problem rows, median ${ms(row.ours.summary.median)} over ${reps} runs (SDK loader included).`);
    }
    return { rows, notes };
  },
};
