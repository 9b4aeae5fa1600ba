// Bytes per block and values per block of ggml tensor types, for checking that a file holds all its tensors.
const BLOCKS: Record<number, [valuesPerBlock: number, bytesPerBlock: number]> = {
  0: [1, 4], 1: [1, 2], 2: [32, 18], 3: [32, 20], 6: [32, 22], 7: [32, 24], 8: [32, 34], 9: [32, 36],
  10: [256, 84], 11: [256, 110], 12: [256, 144], 13: [256, 176], 14: [256, 210], 15: [256, 292],
  16: [256, 66], 17: [256, 74], 18: [256, 98], 19: [256, 50], 20: [32, 18], 21: [256, 110], 22: [256, 82],
  23: [256, 136], 24: [1, 1], 25: [1, 2], 26: [1, 4], 27: [1, 8], 28: [1, 8], 29: [256, 56], 30: [1, 2],
  34: [256, 54], 35: [256, 66], 39: [32, 17],
};

/** Size in bytes of a tensor's data, or undefined for a type this table does not know. */
export function ggmlTensorBytes(ggmlType: number, dims: readonly (number | bigint)[]): number | undefined {
  const block = BLOCKS[ggmlType];
  if (!block) return undefined;
  const n = dims.reduce<number>((a, d) => a * Number(d), 1);
  return Math.ceil(n / block[0]) * block[1];
}
