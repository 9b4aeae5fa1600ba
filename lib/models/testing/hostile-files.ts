import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { writeDemoModel } from "../demo/llama-demo";
import { tinySpec } from "./fixtures";

// Model files written to hurt the reader: counts far beyond the file, nonsense, links that never end, and a
// valid model grown into a huge sparse file. Each names the reason fragment the inventory must give for it
// (null: the file is a usable model).

function header(tensors: bigint, keys: bigint): Buffer {
  const b = Buffer.alloc(24);
  b.write("GGUF", 0, "latin1");
  b.writeUInt32LE(3, 4);
  b.writeBigUInt64LE(tensors, 8);
  b.writeBigUInt64LE(keys, 16);
  return b;
}

function arrayKey(name: string, itemType: number, length: bigint): Buffer {
  const key = Buffer.from(name);
  const b = Buffer.alloc(8 + key.length + 4 + 4 + 8);
  b.writeBigUInt64LE(BigInt(key.length), 0);
  key.copy(b, 8);
  b.writeUInt32LE(9, 8 + key.length); // array
  b.writeUInt32LE(itemType, 12 + key.length);
  b.writeBigUInt64LE(length, 16 + key.length);
  return b;
}

export const HOSTILE: Record<string, RegExp | null> = {
  "huge-tensor-count.gguf": /tensor count is 1,000,000,000/,
  "huge-array.gguf": /array tokenizer\.ggml\.tokens|array metadata key 0/,
  "huge-string-array.gguf": /array/,
  "cut-in-metadata.gguf": /but only [\d,]+ (bytes of the file )?are left|file ends/,
  "random-after-magic.gguf": /GGUF header is damaged or hostile|could not be read|unknown type|crash|damaged/,
  "random-bytes.gguf": /Not a GGUF file/,
  "loop-a.gguf": /loops/,
  "loop-b.gguf": /loops/,
  "to-dev-zero.gguf": /not a regular file/,
  "sparse-huge.gguf": null,
};

export const SPARSE_BYTES = 2 * 2 ** 30;

export function writeHostileModelFiles(dir: string): void {
  const put = (name: string, ...parts: Buffer[]) => fs.writeFileSync(path.join(dir, name), Buffer.concat(parts));
  put("huge-tensor-count.gguf", header(1_000_000_000n, 0n), Buffer.alloc(1000));
  put("huge-array.gguf", header(0n, 1n), arrayKey("tokenizer.ggml.tokens", 4, 2n ** 40n), Buffer.alloc(1000));
  put("huge-string-array.gguf", header(0n, 1n), arrayKey("tokenizer.ggml.tokens", 8, 2n ** 40n), Buffer.alloc(1000));
  const model = path.join(dir, ".whole.gguf");
  writeDemoModel(tinySpec("dense"), model);
  const bytes = fs.readFileSync(model);
  fs.rmSync(model);
  put("cut-in-metadata.gguf", bytes.subarray(0, 600));
  put("random-after-magic.gguf", header(3n, 5n), randomBytes(4096));
  put("random-bytes.gguf", Buffer.from([0x7f, 0x45, 0x4c, 0x46]), randomBytes(8192));
  fs.symlinkSync("loop-b.gguf", path.join(dir, "loop-a.gguf"));
  fs.symlinkSync("loop-a.gguf", path.join(dir, "loop-b.gguf"));
  fs.symlinkSync("/dev/zero", path.join(dir, "to-dev-zero.gguf"));
  // A usable model followed by gigabytes of holes: its hash is real work, done once, in the background.
  put("sparse-huge.gguf", bytes);
  fs.truncateSync(path.join(dir, "sparse-huge.gguf"), SPARSE_BYTES);
}
