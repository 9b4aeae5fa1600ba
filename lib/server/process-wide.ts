import "server-only";

// Process-wide objects (the database, hubs, queues, embedders) live on globalThis, so a development reload
// of a module reuses them instead of making a second one. One helper instead of a holder block per module.

const holder = globalThis as typeof globalThis & { __lineup?: Map<string, unknown> };
const registry = (holder.__lineup ??= new Map());

export function processWide<T>(key: string, create: () => T): T {
  if (!registry.has(key)) registry.set(key, create());
  return registry.get(key) as T;
}
