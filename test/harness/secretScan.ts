// Looks for secret values where they must never be: files on disk (settings, state databases, logs) and the
// browser's storage. Reports which kind of secret was found where, never the value itself.
import fs from 'node:fs';
import path from 'node:path';

export interface Secret {
  kind: string;
  value: string;
}

export interface Hit {
  where: string;
  kind: string;
}

export interface ScanResult {
  filesScanned: number;
  hits: Hit[];
}

/** Files bigger than this are not read whole (nothing we write is near it; the limit keeps the scan bounded). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
const MAX_FILES = 50_000;

/**
 * Six-digit MFA codes cannot be told apart from other numbers in binary state files, so they are looked for only
 * in text whose name says it is ours (the extension's log), as a whole number.
 */
function isShortCode(s: Secret): boolean {
  return /^\d{6}$/.test(s.value);
}

/** Scans every regular file under `roots` for the secrets, as UTF-8 and as UTF-16 (how some stores keep strings). */
export function scanFiles(roots: string[], secrets: Secret[], ownLogName = /Role Chains/i): ScanResult {
  const long = dedupe(secrets.filter((s) => !isShortCode(s) && s.value.length >= 8));
  const codes = dedupe(secrets.filter(isShortCode));
  const needles = long.map((s) => ({ kind: s.kind, utf8: Buffer.from(s.value, 'utf8'), utf16: Buffer.from(s.value, 'utf16le') }));
  const hits: Hit[] = [];
  let filesScanned = 0;
  for (const file of walk(roots)) {
    if (filesScanned >= MAX_FILES) break;
    let data: Buffer;
    try {
      const st = fs.statSync(file);
      if (!st.isFile() || st.size > MAX_FILE_BYTES) continue;
      data = fs.readFileSync(file);
    } catch {
      continue; // removed while scanning (a log rotated, a lock file)
    }
    filesScanned++;
    for (const n of needles) {
      if (data.includes(n.utf8) || data.includes(n.utf16)) hits.push({ where: file, kind: n.kind });
    }
    if (codes.length > 0 && ownLogName.test(path.basename(file))) {
      const text = data.toString('utf8');
      for (const c of codes) if (new RegExp(`(^|\\D)${c.value}(\\D|$)`).test(text)) hits.push({ where: file, kind: c.kind });
    }
  }
  return { filesScanned, hits };
}

/** Scans strings (e.g. a dump of the browser's storage) for the secrets; MFA codes as whole numbers only. */
export function scanTexts(texts: Array<{ where: string; text: string }>, secrets: Secret[]): Hit[] {
  const hits: Hit[] = [];
  for (const { where, text } of texts) {
    for (const s of dedupe(secrets)) {
      const found = isShortCode(s) ? new RegExp(`(^|\\D)${s.value}(\\D|$)`).test(text) : s.value.length >= 8 && text.includes(s.value);
      if (found) hits.push({ where, kind: s.kind });
    }
  }
  return hits;
}

function dedupe(secrets: Secret[]): Secret[] {
  const seen = new Set<string>();
  return secrets.filter((s) => (seen.has(s.value) ? false : (seen.add(s.value), true)));
}

function* walk(roots: string[]): Generator<string> {
  const stack = roots.filter((r) => fs.existsSync(r));
  let visited = 0;
  while (stack.length > 0 && visited < MAX_FILES * 2) {
    const current = stack.pop() as string;
    visited++;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      if (fs.existsSync(current) && fs.statSync(current).isFile()) yield current;
      continue;
    }
    for (const e of entries) {
      const full = path.join(current, e.name);
      if (e.isDirectory()) stack.push(full);
      else if (e.isFile()) yield full;
    }
  }
}

export function describeHits(hits: Hit[]): string {
  return hits.map((h) => `${h.kind} found in ${h.where}`).join('\n');
}
