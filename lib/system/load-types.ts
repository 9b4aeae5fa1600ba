// What the machine was doing while one answer was generated. Types and the contention rule only: browser-safe.

export type CellLoad = {
  /** Wall time the figures cover (the cell, from request to last token). */
  windowMs: number;
  /** 1-minute load average at the end of the cell (runnable processes, all of them). */
  loadAvg1: number;
  /** Logical CPUs, for reading the load average. */
  cpus: number;
  /** CPU used by processes outside this server and its workers, in cores (1.0 = one core busy all the time). */
  otherCores: number;
  /** CPU used by this server and its workers, in cores. */
  ownCores: number;
  /** Share of CPU time the hypervisor gave to other guests (steal), in percent. */
  stealPercent: number;
};

/** Another program using more than half a core, or more than 5 % steal, skews speed figures visibly. */
export const CONTENTION = { otherCores: 0.5, stealPercent: 5 } as const;

export function isContended(load: CellLoad | null | undefined): boolean {
  return !!load && (load.otherCores > CONTENTION.otherCores || load.stealPercent > CONTENTION.stealPercent);
}
