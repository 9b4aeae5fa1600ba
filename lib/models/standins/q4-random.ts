import { seededRandom } from "../../random";
import { toHalf } from "../gguf/writer";

// Random Q4_0 blocks made directly (no float matrix to quantise): a fixed f16 scale per tensor and uniform random
// nibbles, so a 4 GB file is written in seconds with memory flat at one chunk. Values are (nibble - 8) * scale:
// uniform on [-8, 7] * scale, a standard deviation of about 4.6 * scale.

const BLOCK = 18;
/** Blocks per chunk written: 1.2 MB, a multiple of 4 bytes so the chunk can be filled as 32-bit words. */
const CHUNK_BLOCKS = 65536;

/** A stream() for writer.ts that writes `values / 32` random Q4_0 blocks with weights of standard deviation `sd`. */
export function randomQ4_0(values: number, seed: string, sd: number): (write: (chunk: Buffer) => void) => void {
  return (write) => {
    const rand = seededRandom(seed);
    // xorshift32: one multiply-free step per 4 bytes; seeded from the name, never 0.
    let x = (Math.floor(rand() * 0xffffffff) | 1) >>> 0;
    const half = toHalf(sd / 4.6);
    const lo = half & 0xff;
    const hi = half >>> 8;
    let blocks = values / 32;
    while (blocks > 0) {
      const n = Math.min(blocks, CHUNK_BLOCKS);
      const chunk = Buffer.allocUnsafe(CHUNK_BLOCKS * BLOCK);
      const words = new Uint32Array(chunk.buffer, chunk.byteOffset, (CHUNK_BLOCKS * BLOCK) / 4);
      for (let i = 0; i < words.length; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        words[i] = x >>> 0;
      }
      for (let b = 0, o = 0; b < n; b++, o += BLOCK) {
        chunk[o] = lo;
        chunk[o + 1] = hi;
      }
      write(n === CHUNK_BLOCKS ? chunk : chunk.subarray(0, n * BLOCK));
      blocks -= n;
    }
  };
}
