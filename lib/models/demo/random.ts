import { seededRandom } from "../../random";

/** Fills with uniform values of the given standard deviation (uniform on [-a, a] has sd a/sqrt(3)). */
export function fillUniform(out: Float32Array, seed: string, sd: number): void {
  const rand = seededRandom(seed);
  const a = sd * Math.sqrt(3);
  for (let i = 0; i < out.length; i++) out[i] = (rand() * 2 - 1) * a;
}
