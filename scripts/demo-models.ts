// `npm run models:demo`: writes the demo models that are missing from MODELS_DIR (npm start does this too).
import { env } from "../lib/env";
import { ensureDemoModels } from "../lib/models/demo/ensure";

const written = ensureDemoModels(env().modelsDir, undefined, (line) => console.log(`[demo] ${line}`));
console.log(written.length ? `[demo] wrote ${written.join(", ")}` : "[demo] all demo models are present");
