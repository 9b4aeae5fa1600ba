// A cell of a run: one question answered by one model in one repetition. Browser-safe (no Node imports):
// the run page keys its answers with it, and the server keys its partial answers the same way.

export type CellKey = { questionId: number; model: string; repetition: number };

export const cellId = (c: CellKey) => `${c.questionId}|${c.model}|${c.repetition}`;

/** The model of a cell id (a model name may itself hold "|": the id's first and last parts are numbers). */
export const modelOfCellId = (id: string) => id.split("|").slice(1, -1).join("|");
