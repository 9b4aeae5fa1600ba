import fs from "node:fs";

// Walks a GGUF header without allocating anything a count in the file asks for: every count and length is
// checked against the bytes the file really has left before it is believed. A file whose header declares a
// billion tensors or an array of 2^40 items in 1 KB is refused here, in milliseconds, with the reason, instead
// of making a parser allocate for it. (GGUF layout: github.com/ggml-org/ggml/blob/master/docs/gguf.md)

/** Limits far above any real model (tens of thousands of tensors, vocabularies of a few hundred thousand). */
export const MAX_TENSORS = 1_000_000;
export const MAX_KEYS = 100_000;
export const MAX_ARRAY_ITEMS = 16_000_000;
const MAX_DIMS = 4;
/** Smallest encoding of one value of each type (strings: the length alone). */
const MIN_SIZE: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 8: 8, 9: 12, 10: 8, 11: 8, 12: 8 };
const FIXED_SIZE: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const TYPE_STRING = 8;
const TYPE_ARRAY = 9;

class Bad extends Error {}

class Cursor {
  private window = Buffer.alloc(0);
  private windowStart = 0;
  pos = 0;
  constructor(private readonly fd: number, readonly size: number, private readonly wide: boolean) {}

  get left(): number {
    return this.size - this.pos;
  }

  private need(n: number, what: string) {
    if (n > this.left) throw new Bad(`${what} needs ${n.toLocaleString("en")} bytes at offset ${this.pos.toLocaleString("en")}, but the file ends ${this.left.toLocaleString("en")} bytes later (truncated or damaged)`);
    if (this.pos < this.windowStart || this.pos + n > this.windowStart + this.window.length) {
      this.window = Buffer.alloc(Math.min(Math.max(n, 1 << 20), this.left));
      fs.readSync(this.fd, this.window, 0, this.window.length, this.pos);
      this.windowStart = this.pos;
    }
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.window.readUInt32LE(this.pos - this.windowStart);
    this.pos += 4;
    return v;
  }

  /** A count or length: 64-bit in GGUF v2+, 32-bit in v1. */
  count(what: string): number {
    if (!this.wide) return this.u32(what);
    this.need(8, what);
    const v = this.window.readBigUInt64LE(this.pos - this.windowStart);
    this.pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Bad(`${what} is ${v}, far more than any file can hold`);
    return Number(v);
  }

  skip(n: number, what: string) {
    if (n > this.left) throw new Bad(`${what} is ${n.toLocaleString("en")} bytes long, but only ${this.left.toLocaleString("en")} bytes of the file are left`);
    this.pos += n;
  }
}

function checkCount(c: Cursor, n: number, minEach: number, max: number, what: string) {
  if (n > max) throw new Bad(`${what} is ${n.toLocaleString("en")}; no real model has more than ${max.toLocaleString("en")}`);
  if (n * minEach > c.left) throw new Bad(`${what} is ${n.toLocaleString("en")}, which needs at least ${(n * minEach).toLocaleString("en")} bytes, but only ${c.left.toLocaleString("en")} are left`);
}

function skipString(c: Cursor, what: string) {
  c.skip(c.count(`the length of ${what}`), what);
}

function skipValue(c: Cursor, type: number, key: string, depth: number) {
  if (type === TYPE_STRING) return skipString(c, `the value of ${key}`);
  if (type === TYPE_ARRAY) {
    if (depth > 2) throw new Bad(`${key} nests arrays too deeply`);
    const itemType = c.u32(`the item type of ${key}`);
    if (MIN_SIZE[itemType] === undefined) throw new Bad(`${key} has items of unknown type ${itemType}`);
    const n = c.count(`the length of ${key}`);
    checkCount(c, n, MIN_SIZE[itemType], MAX_ARRAY_ITEMS, `the length of the array ${key}`);
    if (FIXED_SIZE[itemType] !== undefined) return c.skip(n * FIXED_SIZE[itemType], key);
    for (let i = 0; i < n; i++) skipValue(c, itemType, key, depth + 1);
    return;
  }
  const fixed = FIXED_SIZE[type];
  if (fixed === undefined) throw new Bad(`${key} has a value of unknown type ${type}`);
  c.skip(fixed, key);
}

function readKey(c: Cursor, index: number): string {
  const n = c.count(`the length of key ${index}`);
  if (n > 65_536) throw new Bad(`key ${index} is ${n.toLocaleString("en")} bytes long`);
  c.skip(n, `key ${index}`);
  return `metadata key ${index}`;
}

/** Null when the header's structure fits in the file; otherwise the reason it does not. */
export function checkGgufBounds(file: string): string | null {
  const fd = fs.openSync(file, "r");
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(8);
    // Not GGUF at all: inspectGguf explains that better (and reads nothing more).
    if (fs.readSync(fd, head, 0, 8, 0) < 8 || head.toString("latin1", 0, 4) !== "GGUF") return null;
    const version = head.readUInt32LE(4);
    if (version < 1 || version > 3) return `its GGUF version is ${version}; Lineup reads versions 1 to 3`;
    const c = new Cursor(fd, size, version >= 2);
    c.pos = 8;
    const tensors = c.count("the tensor count");
    const keys = c.count("the metadata count");
    checkCount(c, keys, 4 + 4 + 1, MAX_KEYS, "the metadata count");
    checkCount(c, tensors, (version >= 2 ? 8 : 4) + 4 + 8 + 4 + 8, MAX_TENSORS, "the tensor count");
    for (let i = 0; i < keys; i++) {
      const key = readKey(c, i);
      skipValue(c, c.u32(`the type of ${key}`), key, 0);
    }
    for (let i = 0; i < tensors; i++) {
      skipString(c, `the name of tensor ${i}`);
      const dims = c.u32(`the dimension count of tensor ${i}`);
      if (dims < 1 || dims > MAX_DIMS) throw new Bad(`tensor ${i} has ${dims} dimensions; GGUF allows 1 to ${MAX_DIMS}`);
      for (let d = 0; d < dims; d++) if (c.count(`dimension ${d} of tensor ${i}`) > size * 64) throw new Bad(`dimension ${d} of tensor ${i} is larger than the file could hold`);
      c.u32(`the type of tensor ${i}`);
      c.count(`the offset of tensor ${i}`); // where the data really ends is checked by inspectGguf, with a better message
    }
    return null;
  } catch (err) {
    if (err instanceof Bad) return err.message;
    throw err;
  } finally {
    fs.closeSync(fd);
  }
}
