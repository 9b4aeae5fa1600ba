// A sweep worker: one child process holding one model, measuring prompt processing and generation after the
// context is filled to a depth, with llama-bench's semantics (lib/sweeps/settings.ts). Started by
// ./sweep-worker.ts through lib/process/child-client.ts; answers the methods of ./protocol.ts.
import "server-only";
import { getLlama, getModuleVersion, LlamaLogLevel, type Llama, type LlamaModel, type Token } from "node-llama-cpp";
import { sendToParent, serveRequests } from "../../process/child-server";
import { llamaLogTail } from "../../process/llama-log-tail";
import { seededRandom } from "../../random";
import { peakRssBytes, resetPeakRss, rssBytes } from "../../models/worker/memory";
import { slidingWindowApplied } from "../../models/sliding-window";
import { readKvReport } from "./kv-report";
import type {
  Measured,
  MeasureParams,
  MeasureProgress,
  SweepLoaded,
  SweepLoadParams,
  SweepWorkerProtocol,
} from "./protocol";

const WORDS = (
  "the a price battery screen sound it was and great but not good very quality for my this with to of arrived " +
  "box broke after week month works fine love hate would buy again return cheap fast slow light heavy small " +
  "large easy hard setup app charger cable case color size fit comfortable loud quiet clear bright dim warm"
).split(" ");

let llama: Llama | undefined;
let model: LlamaModel | undefined;
/** llama.cpp's log lines while a context is created: its KV cache report is among them. */
let captured: string[] | null = null;
const recent = llamaLogTail();

async function runtime(gpu: "cpu" | "auto"): Promise<Llama> {
  llama ??= await getLlama({
    gpu: gpu === "auto" ? "auto" : false,
    build: "never",
    logLevel: LlamaLogLevel.info,
    logger: (level, message) => {
      const text = message.trim();
      if (!text) return;
      captured?.push(text);
      if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal || level === LlamaLogLevel.warn) {
        recent.record(text);
        sendToParent({ kind: "log", level: String(level), text });
      }
    },
  });
  return llama;
}

async function load(req: SweepLoadParams): Promise<SweepLoaded> {
  const started = performance.now();
  const rt = await runtime(req.gpu);
  // Read into memory, not mapped: on the CPU llama.cpp repacks Q4_0 (and other types) into its own interleaved
  // copy, and a mapped file then stays resident beside that copy for nothing. Measured on the Llama 2 7B stand-in:
  // 7.53 GB RSS mapped (3.51 GB of it the file's pages) against 4.16 GB read, load time alike (70 vs 76 s).
  model = await rt.loadModel({
    modelPath: req.modelPath,
    gpuLayers: req.gpu === "auto" && rt.gpu !== false ? "auto" : 0,
    useMmap: false,
  });
  const release = rt.llamaCppRelease;
  return {
    loadMs: performance.now() - started,
    idleRssBytes: rssBytes(),
    trainContextSize: model.trainContextSize,
    swaSize: model.fileInsights.swaSize ?? null,
    llamaCpp: `${release.repo}@${release.release}`,
    nodeLlamaCpp: await getModuleVersion(),
    backend: rt.gpu === false ? "cpu" : rt.gpu,
  };
}

/** Prompt tokens evaluated, untimed, before a point's timed passes. */
const WARM_UP_TOKENS = 32;

/** Ordinary text, tokenised: the same tokens for every model of the same vocabulary, whatever the depth. */
function textTokens(m: LlamaModel, count: number): Token[] {
  const rand = seededRandom("sweep-text");
  const tokens: Token[] = [];
  while (tokens.length < count) {
    const words = Array.from({ length: 2000 }, () => WORDS[Math.floor(rand() * WORDS.length)]);
    tokens.push(...m.tokenize(words.join(" ")));
  }
  return tokens.slice(0, count);
}

async function measure(req: MeasureParams, progress: (p: MeasureProgress) => void): Promise<Measured> {
  if (!model) throw new Error("No model is loaded in this worker: send load first.");
  const contextSize = req.depth + req.pp + req.tg;
  const tokens = textTokens(model, contextSize);
  progress({ step: "context" });
  resetPeakRss();
  captured = [];
  const kvType = req.kvCacheType.toUpperCase() as "F16" | "Q8_0" | "Q4_0";
  const context = await model.createContext({
    contextSize,
    threads: req.threads,
    sequences: 1,
    // llama-bench's micro-batch (node-llama-cpp makes batch and micro-batch the same): it also sizes a sliding
    // window's cache (window + micro-batch cells).
    batchSize: Math.min(512, contextSize),
    flashAttention: req.flashAttention,
    experimentalKvCacheKeyType: kvType,
    experimentalKvCacheValueType: kvType,
  });
  // The logger is called from llama.cpp's thread through Node's queue: give the report a moment to arrive.
  await new Promise((r) => setTimeout(r, 50));
  const report = readKvReport(captured);
  captured = null;
  try {
    const sequence = context.getSequence();
    const started = performance.now();
    progress({ step: "fill" });
    if (req.depth > 0) await sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(0, req.depth));
    const fillMs = performance.now() - started;
    // llama.cpp's own figure for the state it holds now: K and V of every cell kept, at this depth.
    const kvCacheBytes = context.stateSize;
    // With a sliding window, cells before the window are gone: a checkpoint lets each repetition start again at the
    // depth. Without one, erasing the tokens after the depth is enough, and a checkpoint would copy the whole KV
    // cache (half a gigabyte for a 7B at 4k) into the peak RSS the sweep reports.
    const windowed =
      model.fileInsights.swaSize && slidingWindowApplied(String(model.fileInfo.metadata.general.architecture));
    if (windowed) await sequence.takeCheckpoint();
    const back = () => sequence.eraseContextTokenRanges([{ start: req.depth, end: sequence.nextTokenIndex }]);
    const ppTokens = tokens.slice(req.depth, req.depth + req.pp);
    // An untimed warm-up, as llama-bench runs before each test: the first pass through a new context pays for its
    // buffers' first touch and cold caches (the MoE stand-in's first point measured 0.68 of llama-bench's tg without it).
    progress({ step: "warm-up" });
    await back();
    await sequence.evaluateWithoutGeneratingNewTokens(ppTokens.slice(0, WARM_UP_TOKENS));
    const ppMs: number[] = [];
    for (let r = 0; r < req.repetitions; r++) {
      await back();
      progress({ step: "pp", repetition: r + 1 });
      const t = performance.now();
      await sequence.evaluateWithoutGeneratingNewTokens(ppTokens);
      ppMs.push(performance.now() - t);
    }
    // Generation: one token at a time, each sampled (greedy) and fed back, as a run generates; never stopped
    // early by an end-of-text token (random weights end whenever).
    const tgMs: number[] = [];
    for (let r = 0; r < req.repetitions; r++) {
      await back();
      progress({ step: "tg", repetition: r + 1 });
      const t = performance.now();
      let generated = 0;
      for await (const token of sequence.evaluate([tokens[req.depth]], { temperature: 0 })) {
        if (token !== undefined && ++generated >= req.tg) break;
      }
      tgMs.push(performance.now() - t);
    }
    return {
      contextSize: context.contextSize,
      fillMs,
      ppMs,
      tgMs,
      kvCacheBytes,
      kvAllocatedBytes: report?.bytes ?? null,
      kvCells: report?.cells ?? null,
      peakRssBytes: peakRssBytes(),
    };
  } finally {
    await context.dispose();
  }
}

serveRequests<SweepWorkerProtocol>({ load, measure }, recent.explain);
