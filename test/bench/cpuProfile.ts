// Where activate() spends its time, from a V8 CPU profile of the extension host: the samples under the extension
// bundle's activate call, attributed to the editor API (or the extension's own code) they were in. The profiler
// slows everything down, so shares are reported, not milliseconds.
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ActivationProfile {
  /** Sampled time inside activate(), ms (inflated by the profiler). */
  sampledMs: number;
  /** Biggest contributors: "<extension frame> → <editor API>" or "<extension frame> (own code)", with their share. */
  top: Array<{ what: string; share: number }>;
}

const named = (n: ProfileNode): string => n.callFrame.functionName || '(anonymous)';

export function activationProfile(file: string, bundleSuffix = '/dist/extension.js'): ActivationProfile | undefined {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inBundle = (n: ProfileNode | undefined): boolean => n !== undefined && n.callFrame.url.endsWith(bundleSuffix);

  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const inclusive = new Map<number, number>();
  for (const [id, t] of selfTime) for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) inclusive.set(cur, (inclusive.get(cur) ?? 0) + t);

  // Entry frames of the bundle; module evaluation (called from Module._compile) is code loading, not activate().
  const entries = profile.nodes.filter((n) => inBundle(n) && !inBundle(byId.get(parent.get(n.id) ?? -1)) && !named(byId.get(parent.get(n.id) ?? -1) ?? n).includes('_compile'));
  const activate = entries.sort((a, b) => (inclusive.get(b.id) ?? 0) - (inclusive.get(a.id) ?? 0))[0];
  if (!activate) return undefined;
  const total = inclusive.get(activate.id) ?? 0;
  if (total === 0) return undefined;

  // Attribute each sample under activate() to the last extension frame and the editor function it called into.
  const buckets = new Map<string, number>();
  for (const [id, t] of selfTime) {
    const stack: ProfileNode[] = [];
    let under = false;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (!n) break;
      if (cur === activate.id) {
        under = true;
        break;
      }
      stack.push(n);
    }
    if (!under) continue;
    stack.reverse(); // activate's child first
    const lastOwn = [activate, ...stack].filter(inBundle).pop() ?? activate;
    const firstForeign = stack.find((n) => !inBundle(n));
    const what = firstForeign ? `${named(lastOwn)} → ${named(firstForeign)}` : `${named(lastOwn)} (own code)`;
    buckets.set(what, (buckets.get(what) ?? 0) + t);
  }
  const top = [...buckets.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([what, t]) => ({ what, share: t / total }));
  return { sampledMs: total / 1000, top };
}

export interface HotSpot {
  /** "function ← caller ← caller's caller", innermost first. */
  stack: string;
  share: number;
}

/**
 * The functions a process spent its busy time in (self time; idle and the profiler's own bookkeeping left out),
 * each with two callers so minified bundle frames still say what they are part of.
 */
export function hotSpots(file: string, count = 5): HotSpot[] {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const spots = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const t = profile.timeDeltas[i] ?? 0;
    if (!node || ['(idle)', '(program)', '(root)'].includes(node.callFrame.functionName)) return;
    busy += t;
    const names = [named(node)];
    for (let cur = parent.get(id); cur !== undefined && names.length < 3; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (n && n.callFrame.functionName && !['runMicrotasks', 'processTicksAndRejections', '(root)'].includes(n.callFrame.functionName)) names.push(named(n));
    }
    const key = names.join(' ← ');
    spots.set(key, (spots.get(key) ?? 0) + t);
  });
  if (busy === 0) return [];
  return [...spots.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([stack, t]) => ({ stack, share: t / busy }));
}

export const describeSpots = (spots: readonly HotSpot[]): string => spots.map((s) => `${s.stack} ${(s.share * 100).toFixed(0)}%`).join('; ');
