// Where activate() spends its time, from a V8 CPU profile of the extension host: the samples under the extension
// bundle's activate call, attributed to the editor API (or the extension's own code) they were in. The profiler
// slows everything down, so shares are reported, not milliseconds.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

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
/** An anonymous frame is named by its file and line instead. */
const located = (n: ProfileNode): string =>
  n.callFrame.functionName || (n.callFrame.url ? `(anonymous ${n.callFrame.url.split('/').pop() ?? ''}:${n.callFrame.lineNumber + 1})` : '(native)');

/** `bundle`: the absolute path of the extension's dist/extension.js (other extensions have files of that name too). */
export function activationProfile(file: string, bundle: string): ActivationProfile | undefined {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inBundle = (n: ProfileNode | undefined): boolean => n !== undefined && (n.callFrame.url === bundle || n.callFrame.url === pathToFileURL(bundle).href);

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
    // The extension frames down to the first editor (or Node) frame; the two innermost of them name the work.
    const foreignAt = stack.findIndex((n) => !inBundle(n));
    const own = [activate, ...(foreignAt < 0 ? stack : stack.slice(0, foreignAt))].filter(inBundle).map(named);
    const where = own.slice(-2).reverse().join(' ← ');
    const firstForeign = foreignAt < 0 ? undefined : stack[foreignAt];
    const what = firstForeign ? `${where} → ${named(firstForeign)}` : `${where} (own code)`;
    buckets.set(what, (buckets.get(what) ?? 0) + t);
  }
  const top = [...buckets.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
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
    const names = [located(node)];
    // Callers that say something: named, not the event loop's plumbing, not a repeat of the frame below.
    for (let cur = parent.get(id); cur !== undefined && names.length < 3; cur = parent.get(cur)) {
      const n = byId.get(cur);
      const name = n?.callFrame.functionName;
      if (name && !['runMicrotasks', 'processTicksAndRejections', '(root)'].includes(name) && !names[names.length - 1]?.startsWith(name)) names.push(name);
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

/** The share of the profiled span the process was running JavaScript or native code (not idle). */
export function busyShare(file: string): number {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let busy = 0;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const t = profile.timeDeltas[i] ?? 0;
    total += t;
    if (!idle.has(id)) busy += t;
  });
  return total === 0 ? 0 : busy / total;
}
