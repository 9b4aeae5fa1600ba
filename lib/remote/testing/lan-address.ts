import os from "node:os";

/**
 * This machine's first non-loopback IPv4 address: in tests, a stand-in for "another host" (an endpoint on
 * loopback never runs concurrently, by design). Undefined on a machine without one.
 */
export function lanAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
}
