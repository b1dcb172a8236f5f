// The two CRCs S3 accepts that Node does not ship: CRC32C (Castagnoli) and CRC64NVME. Both are reflected CRCs with
// all-ones init and final xor; table-driven, one byte at a time (fast enough for a test endpoint, no dependency).
// CRC32 itself comes from zlib.crc32.

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[i] = c >>> 0;
  }
  return table;
})();

export class Crc32c {
  private crc = 0xffffffff;

  update(data: Uint8Array): void {
    let crc = this.crc;
    const table = CRC32C_TABLE;
    for (let i = 0; i < data.length; i++) crc = (crc >>> 8) ^ (table[(crc ^ (data[i] as number)) & 0xff] as number);
    this.crc = crc;
  }

  digest(): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt32BE((this.crc ^ 0xffffffff) >>> 0);
    return out;
  }
}

// CRC64NVME (reflected polynomial 0x9A6C9329AC4BC9B5), kept as two 32-bit halves so the loop stays in small integers.
const CRC64_POLY = 0x9a6c9329ac4bc9b5n;
const [CRC64_HI, CRC64_LO] = (() => {
  const hi = new Uint32Array(256);
  const lo = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = BigInt(i);
    for (let k = 0; k < 8; k++) c = c & 1n ? CRC64_POLY ^ (c >> 1n) : c >> 1n;
    hi[i] = Number(c >> 32n);
    lo[i] = Number(c & 0xffffffffn);
  }
  return [hi, lo] as const;
})();

export class Crc64Nvme {
  private hi = 0xffffffff;
  private lo = 0xffffffff;

  update(data: Uint8Array): void {
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < data.length; i++) {
      const index = (lo ^ (data[i] as number)) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ (CRC64_LO[index] as number);
      hi = (hi >>> 8) ^ (CRC64_HI[index] as number);
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
  }

  digest(): Buffer {
    const out = Buffer.alloc(8);
    out.writeUInt32BE((this.hi ^ 0xffffffff) >>> 0, 0);
    out.writeUInt32BE((this.lo ^ 0xffffffff) >>> 0, 4);
    return out;
  }
}
