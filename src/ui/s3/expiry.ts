// Expiry of presigned URLs as people type it: "15" or "15m" (minutes), "90s", "2h".

const UNITS: Record<string, number> = { s: 1, sec: 1, secs: 1, second: 1, seconds: 1, m: 60, min: 60, mins: 60, minute: 60, minutes: 60, h: 3600, hour: 3600, hours: 3600 };

/** Seconds, or undefined when the text is not a whole number with an optional unit (minutes by default). */
export function parseExpiry(text: string): number | undefined {
  const m = /^\s*(\d{1,7})\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? '').toLowerCase();
  const factor = unit === '' ? 60 : UNITS[unit];
  return factor === undefined ? undefined : Number(m[1]) * factor;
}

/** `15m`, `90s`, `2h` — the shortest exact form, which parseExpiry reads back. */
export function formatExpiry(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
