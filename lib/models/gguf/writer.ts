import fs from "node:fs";

// A minimal GGUF (version 3) writer: key/value metadata, tensor infos, 32-byte-aligned tensor data.
// Enough to write small llama-architecture models that llama.cpp loads, with no dependency.

export const GGUF_ALIGNMENT = 32;

export type GgufValue =
  | { type: "u32"; value: number }
  | { type: "i32"; value: number }
  | { type: "f32"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "string"; value: string }
  | { type: "string[]"; value: string[] }
  | { type: "f32[]"; value: Float32Array | number[] }
  | { type: "i32[]"; value: Int32Array | number[] };

export type TensorType = "F32" | "Q8_0" | "Q4_0";
const GGML_TYPE = { F32: 0, Q4_0: 2, Q8_0: 8 } as const;
/** Bytes per block of 32 values: an f16 scale, then 32 signed bytes (Q8_0) or 32 packed nibbles (Q4_0). */
const BLOCK_BYTES = { Q8_0: 34, Q4_0: 18 } as const;
const GGUF_TYPE = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 } as const;

export type TensorSpec = {
  name: string;
  /** ggml order: innermost (contiguous) dimension first. */
  dims: number[];
  type: TensorType;
  /** Fills `out` (length = product of dims) with the tensor's values, row by row. */
  fill?: (out: Float32Array) => void;
  /** Already encoded data (e.g. shipped Q8_0 blocks), written as is: no re-quantisation, so no drift. */
  raw?: Buffer;
  /**
   * Encoded data produced in pieces, for tensors too large to hold at once (the real-size stand-ins): `write` is
   * called with consecutive chunks whose lengths add up to the tensor's size. Memory stays at one chunk.
   */
  stream?: (write: (chunk: Buffer) => void) => void;
};

export function tensorBytes(dims: number[], type: TensorType): number {
  const n = dims.reduce((a, b) => a * b, 1);
  if (type === "F32") return n * 4;
  if (dims[0] % 32 !== 0) throw new Error(`${type} needs the first dimension to be a multiple of 32, got ${dims[0]}`);
  return (n / 32) * BLOCK_BYTES[type];
}

const align = (n: number) => Math.ceil(n / GGUF_ALIGNMENT) * GGUF_ALIGNMENT;

/** Appends little-endian values to a growing list of buffers. */
class ByteSink {
  readonly parts: Buffer[] = [];
  length = 0;
  push(buf: Buffer) {
    this.parts.push(buf);
    this.length += buf.length;
  }
  u32(v: number) { const b = Buffer.alloc(4); b.writeUInt32LE(v); this.push(b); }
  i32(v: number) { const b = Buffer.alloc(4); b.writeInt32LE(v); this.push(b); }
  u64(v: number) { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); this.push(b); }
  f32(v: number) { const b = Buffer.alloc(4); b.writeFloatLE(v); this.push(b); }
  str(s: string) { const b = Buffer.from(s, "utf8"); this.u64(b.length); this.push(b); }
}

function writeValue(sink: ByteSink, v: GgufValue) {
  switch (v.type) {
    case "u32": sink.u32(GGUF_TYPE.u32); sink.u32(v.value); break;
    case "i32": sink.u32(GGUF_TYPE.i32); sink.i32(v.value); break;
    case "f32": sink.u32(GGUF_TYPE.f32); sink.f32(v.value); break;
    case "bool": sink.u32(GGUF_TYPE.bool); sink.push(Buffer.from([v.value ? 1 : 0])); break;
    case "string": sink.u32(GGUF_TYPE.string); sink.str(v.value); break;
    case "string[]":
      sink.u32(GGUF_TYPE.array); sink.u32(GGUF_TYPE.string); sink.u64(v.value.length);
      v.value.forEach((s) => sink.str(s));
      break;
    case "f32[]": {
      sink.u32(GGUF_TYPE.array); sink.u32(GGUF_TYPE.f32); sink.u64(v.value.length);
      sink.push(Buffer.from(Float32Array.from(v.value).buffer));
      break;
    }
    case "i32[]": {
      sink.u32(GGUF_TYPE.array); sink.u32(GGUF_TYPE.i32); sink.u64(v.value.length);
      sink.push(Buffer.from(Int32Array.from(v.value).buffer));
      break;
    }
  }
}

/** IEEE 754 half precision from a float, round to nearest even (enough for Q8_0 block scales). */
export function toHalf(value: number): number {
  const f = new Float32Array([value]);
  const x = new Uint32Array(f.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  let mant = x & 0x7fffff;
  if (exp <= 0) {
    if (exp < -10) return sign;
    mant = (mant | 0x800000) >>> (1 - exp);
    return sign | ((mant + 0x1000) >>> 13);
  }
  if (exp >= 31) return sign | 0x7c00;
  const rounded = (exp << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  return sign | (rest > 0x1000 || (rest === 0x1000 && rounded & 1) ? rounded + 1 : rounded);
}

export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Q8_0: blocks of 32 values, each an f16 scale then 32 signed bytes. */
export function quantizeQ8_0(values: Float32Array): Buffer {
  const out = Buffer.alloc((values.length / 32) * 34);
  for (let block = 0, o = 0; block < values.length; block += 32, o += 34) {
    let amax = 0;
    for (let i = 0; i < 32; i++) amax = Math.max(amax, Math.abs(values[block + i]));
    const scale = amax / 127;
    const half = toHalf(scale);
    out.writeUInt16LE(half, o);
    const inv = scale === 0 ? 0 : 1 / fromHalf(half);
    for (let i = 0; i < 32; i++) out.writeInt8(Math.max(-127, Math.min(127, Math.round(values[block + i] * inv))), o + 2 + i);
  }
  return out;
}

function encode(t: TensorSpec): Buffer {
  if (!t.fill) throw new Error(`tensor ${t.name} has neither fill nor raw data`);
  if (t.type === "Q4_0") throw new Error(`tensor ${t.name}: Q4_0 tensors are written from stream(), not fill()`);
  const values = new Float32Array(t.dims.reduce((a, b) => a * b, 1));
  t.fill(values);
  return t.type === "F32" ? Buffer.from(values.buffer) : quantizeQ8_0(values);
}

/** Writes a GGUF file: metadata and tensors, in the order given. Deterministic for the same input. */
export function writeGguf(file: string, metadata: Record<string, GgufValue>, tensors: TensorSpec[]): void {
  const head = new ByteSink();
  head.push(Buffer.from("GGUF", "ascii"));
  head.u32(3);
  head.u64(tensors.length);
  head.u64(Object.keys(metadata).length);
  for (const [key, value] of Object.entries(metadata)) {
    head.str(key);
    writeValue(head, value);
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const t of tensors) {
    head.str(t.name);
    head.u32(t.dims.length);
    t.dims.forEach((d) => head.u64(d));
    head.u32(GGML_TYPE[t.type]);
    head.u64(offset);
    offsets.push(offset);
    offset = align(offset + tensorBytes(t.dims, t.type));
  }
  const fd = fs.openSync(file, "w");
  try {
    const header = Buffer.concat(head.parts);
    fs.writeSync(fd, header);
    let written = header.length;
    const dataStart = align(written);
    fs.writeSync(fd, Buffer.alloc(dataStart - written));
    written = dataStart;
    tensors.forEach((t, i) => {
      const pad = dataStart + offsets[i] - written;
      if (pad > 0) fs.writeSync(fd, Buffer.alloc(pad));
      const expected = tensorBytes(t.dims, t.type);
      let length = 0;
      const put = (bytes: Buffer) => {
        fs.writeSync(fd, bytes);
        length += bytes.length;
      };
      if (t.stream) t.stream(put);
      else put(t.raw ?? encode(t));
      if (length !== expected) throw new Error(`tensor ${t.name}: ${length} bytes, expected ${expected}`);
      written = dataStart + offsets[i] + length;
    });
  } finally {
    fs.closeSync(fd);
  }
}
