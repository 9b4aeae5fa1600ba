import "server-only";
import { resumeUnfinishedImports } from "../datasets/jobs";
import { ensureSampleDataset } from "../datasets/sample/ensure";
import { getDatabase } from "../db";
import { recoverRuns } from "../runs/queue";
import { env, EnvError, isLoopbackHost } from "../env";
import { isAppError } from "../errors";
import { log } from "../log";
import { listModels } from "../models/inventory";
import { registerJobKinds } from "./job-kinds";
import { checkDataDir } from "./preflight";
import { serverUrl, writeServerState } from "./server-state";

/**
 * Server start: check the settings, open (and lock, and migrate) the database. A problem here stops the
 * process with a message that says what to do, instead of a server that fails on every request.
 */
export async function boot(): Promise<void> {
  try {
    const settings = env();
    if (!isLoopbackHost(settings.host) && !settings.token) {
      throw new EnvError([
        `HOST=${settings.host} makes Lineup reachable from other machines, so it needs a login token: set LINEUP_TOKEN (16+ characters), or start it with \`npm start\`, which makes one`,
      ]);
    }
    checkDataDir(settings.dataDir);
    const database = await getDatabase();
    log.info(`database ready (${database.driver}, ${database.location})`);
    registerJobKinds(); // what runs, judges and scorings do, before anything is queued
    // Scripts (npm run import) find this server through DATA_DIR/server.json.
    writeServerState(settings.dataDir, serverUrl(settings.host, settings.port));
    const ctx = {
      db: database.db,
      dataDir: settings.dataDir,
      modelsDir: settings.modelsDir,
      modelSources: settings.modelSources,
    };
    // Read new model files' headers (out of process) and hashes now, so the first pages find them done.
    void listModels(ctx.db, ctx).catch((err) => log.error("reading the model folders failed", err));
    // Background work: resume interrupted imports, and import the sample reviews into an empty database.
    void (async () => {
      const runs = await recoverRuns(ctx);
      if (runs.interrupted)
        log.info(
          `${runs.interrupted} run(s) or judge(s) were interrupted by the last stop; resume them from their run pages`,
        );
      if (runs.unscored)
        log.info(`scoring the answers of ${runs.unscored} ended run(s) that have no quality scores yet`);
      const resumed = await resumeUnfinishedImports(ctx);
      if (resumed.length) log.info(`resuming ${resumed.length} interrupted import(s)`);
      const sample = await ensureSampleDataset(ctx);
      if (sample) log.info(`importing the sample dataset (${sample})`);
    })().catch((err) => log.error("start-up imports failed", err));
  } catch (err) {
    const message = err instanceof EnvError || isAppError(err) ? err.message : String((err as Error)?.stack ?? err);
    console.error(`[lineup] cannot start: ${message}`);
    process.exit(1);
  }
}
