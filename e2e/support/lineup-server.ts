// A Lineup server of the test's own (beside the suite's webServer), for flows that stop and restart one.
export { startLineupServer, type LineupServer } from "../../lib/server/spawn-server";

/** Headers our own pages send: same origin, JSON. */
export const sameOrigin = (url: string, type = "application/json") => ({ Origin: url, "Content-Type": type });
