import "server-only";
import type { NewDocument } from "./queries/documents";

// PostgreSQL's COPY binary format (https://www.postgresql.org/docs/current/sql-copy.html#SQL-COPY-BINARY-FORMAT)
// for the columns a load writes: dataset_id, group_key, source_row, text, metadata, embedding, text_hash.
// Each field is a 32-bit length and its type's binary send form: text as UTF-8, int4 big-endian, jsonb as
// version byte 1 then the JSON text, and pgvector's halfvec as int16 dim, int16 0, then dim big-endian IEEE
// half floats (halfvec_recv). Rounding to half precision happens here, the same way pgvector's cast rounds
// (to nearest, ties to even), so a row loaded here equals the row `'[…]'::halfvec` would store.

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const FIELDS = 7;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary16 bits of a number, rounded to nearest even; beyond ±65504 it is ±infinity. */
export function toHalf(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  let mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // inf, NaN
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // below the smallest subnormal: zero
    mant |= 0x800000;
    const shift = 14 - e;
    const half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (rest > mid || (rest === mid && half & 1) ? half + 1 : half);
  }
  const half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  return sign | (rest > 0x1000 || (rest === 0x1000 && half & 1) ? half + 1 : half);
}

/** The value a binary16 holds, as a number (for tests and recall checks). */
export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 0x1f) return m ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

class Writer {
  private buf: Buffer;
  private at = 0;
  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }
  private room(n: number) {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }
  bytes(b: Buffer) {
    this.room(b.length);
    b.copy(this.buf, this.at);
    this.at += b.length;
  }
  int16(v: number) {
    this.room(2);
    this.buf.writeInt16BE(v, this.at);
    this.at += 2;
  }
  int32(v: number) {
    this.room(4);
    this.buf.writeInt32BE(v, this.at);
    this.at += 4;
  }
  /** A text field, or NULL. */
  text(s: string | null) {
    if (s === null) return this.int32(-1);
    const len = Buffer.byteLength(s, "utf8");
    this.room(4 + len);
    this.buf.writeInt32BE(len, this.at);
    this.buf.write(s, this.at + 4, len, "utf8");
    this.at += 4 + len;
  }
  jsonb(value: unknown) {
    const s = JSON.stringify(value);
    const len = Buffer.byteLength(s, "utf8");
    this.room(5 + len);
    this.buf.writeInt32BE(len + 1, this.at);
    this.buf[this.at + 4] = 1;
    this.buf.write(s, this.at + 5, len, "utf8");
    this.at += 5 + len;
  }
  halfvec(v: ArrayLike<number>) {
    const n = v.length;
    this.room(8 + 2 * n);
    this.buf.writeInt32BE(4 + 2 * n, this.at);
    this.buf.writeInt16BE(n, this.at + 4);
    this.buf.writeInt16BE(0, this.at + 6);
    let p = this.at + 8;
    for (let i = 0; i < n; i++, p += 2) this.buf.writeUInt16BE(toHalf(v[i]), p);
    this.at = p;
  }
  done(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}

/** A whole COPY … (FORMAT binary) stream of documents of one dataset. */
export function encodeDocuments(datasetId: string, docs: NewDocument[]): Buffer {
  const dim = docs[0]?.embedding.length ?? 0;
  const w = new Writer(64 + docs.length * (120 + 2 * dim + (docs[0]?.text.length ?? 0)));
  w.bytes(SIGNATURE);
  w.int32(0); // flags
  w.int32(0); // header extension length
  for (const d of docs) {
    w.int16(FIELDS);
    w.text(datasetId);
    w.text(d.groupKey);
    w.int32(4);
    w.int32(d.sourceRow);
    w.text(d.text);
    w.jsonb(d.metadata);
    w.halfvec(d.embedding);
    w.text(d.textHash);
  }
  w.int16(-1);
  return w.done();
}
