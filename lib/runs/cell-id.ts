// The key of one answer cell, shared by the server and the run page. It lives apart from events.ts (which
// uses node:crypto and node:events) so the page's bundle does not pull Node polyfills, which also call
// `Function(...)` and so trip the pages' Content-Security-Policy.
export type CellKey = { questionId: number; model: string; repetition: number };

export const cellId = (c: CellKey) => `${c.questionId}|${c.model}|${c.repetition}`;
