import "server-only";

// Process-wide objects (the database, hubs, queues, embedders, the model-file readers) live on globalThis, so a
// development reload of a module, or a route bundle with its own copy of it, reuses them instead of making a
// second one. One helper instead of a holder block per module; it sits at the bottom of lib/ (it imports
// nothing of the product), so any layer may use it.

const holder = globalThis as typeof globalThis & { __lineup?: Map<string, unknown> };
const registry = (holder.__lineup ??= new Map());

export function processWide<T>(key: string, create: () => T): T {
  if (!registry.has(key)) registry.set(key, create());
  return registry.get(key) as T;
}
