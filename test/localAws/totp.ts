// TOTP (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits) for the virtual MFA devices of the scenario.
// Exported for tests and the demo, which need the code a phone app would show right now.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TOTP_STEP_MS = 30_000;
const DIGITS = 6;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Decodes RFC 4648 base32 (case-insensitive, padding and spaces ignored), as authenticator apps accept seeds. */
export function decodeBase32(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const index = BASE32.indexOf(ch);
    if (index < 0) throw new Error('MFA seed is not valid base32.');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The 30-second step number a time falls in. */
export function totpStep(atMs: number): number {
  return Math.floor(atMs / TOTP_STEP_MS);
}

/** Milliseconds until the code shown at `atMs` changes. */
export function msUntilNextStep(atMs: number): number {
  return TOTP_STEP_MS - (atMs % TOTP_STEP_MS);
}

function codeForStep(key: Buffer, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** DIGITS).padStart(DIGITS, '0');
}

/** The code an authenticator app shows at `atMs` for a base32 seed. */
export function totpCode(seedBase32: string, atMs: number): string {
  return codeForStep(decodeBase32(seedBase32), totpStep(atMs));
}

/** True when `code` is the code of the current step or of one step either side (clock drift AWS tolerates). */
export function verifyTotp(seedBase32: string, code: string, atMs: number, window = 1): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  const key = decodeBase32(seedBase32);
  const step = totpStep(atMs);
  let ok = false;
  // Check every candidate step so the time taken does not reveal which one matched.
  for (let delta = -window; delta <= window; delta++) {
    const expected = Buffer.from(codeForStep(key, step + delta));
    if (timingSafeEqual(expected, Buffer.from(code))) ok = true;
  }
  return ok;
}
