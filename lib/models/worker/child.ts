// A model worker: one child process holding one model, so a file that crashes llama.cpp kills only this
// process, and this process's resident memory is the model's true memory figure.
// Started by model-worker.ts through lib/process/child-client.ts; answers the methods of protocol.ts.
import "server-only";
import {
  getLlama, getModuleVersion, LlamaCompletion, LlamaLogLevel, resolveChatWrapper,
  type ChatWrapper, type Llama, type LlamaContext, type LlamaContextSequence, type LlamaModel, type Token,
} from "node-llama-cpp";
import { sendToParent, serveRequests } from "../../process/child-server";
import { llamaLogTail } from "../../process/llama-log-tail";
import { peakRssBytes, resetPeakRss, rssBytes } from "./memory";
import type { DeviceInfo, GenerateParams, GenerateProgress, GenerationResult, GpuChoice, GpuFound, LoadedInfo, LoadParams, WorkerProtocol } from "./protocol";
import { chatPrompt } from "./chat-prompt";

type Loaded = {
  model: LlamaModel;
  context: LlamaContext;
  sequence: LlamaContextSequence;
  completion: LlamaCompletion;
  /** Whether its GGUF carries a chat template. */
  hasTemplate: boolean;
  /** node-llama-cpp's wrapper for it, resolved on the first chat-format answer (about 0.2-0.3 s of work). */
  chat?: ChatWrapper;
};

const TOKEN_FLUSH_MS = 20;
/**
 * No tokenizer we know averages more than a few characters per token over a whole prompt; a prompt longer than
 * this many characters per token of context cannot fit, and is refused before tokenising it (which can take
 * time that grows with the square of a long word's length).
 */
const MAX_CHARS_PER_TOKEN = 8;
const recentLogs = llamaLogTail();
const aborts = new Map<number, AbortController>();
let llama: Llama | undefined;
let loaded: Loaded | undefined;

/**
 * One runtime per worker (one model per worker). "auto" lets node-llama-cpp pick the GPU build it ships (CUDA,
 * Vulkan; Metal on a Mac) when the machine has that GPU, and fall back to the CPU build when it has none.
 */
async function getRuntime(gpu: GpuChoice = "cpu"): Promise<Llama> {
  llama ??= await getLlama({
    gpu: gpu === "auto" ? "auto" : false,
    build: "never",
    logLevel: LlamaLogLevel.warn,
    logger: (level, message) => {
      const text = message.trim();
      if (!text) return;
      recentLogs.record(text);
      sendToParent({ kind: "log", level: String(level), text });
    },
  });
  return llama;
}

async function load(req: LoadParams): Promise<LoadedInfo> {
  const started = performance.now();
  const runtime = await getRuntime(req.gpu);
  recentLogs.clear();
  // On a GPU, as many layers as fit (node-llama-cpp measures free VRAM); none on the CPU.
  const onGpu = req.gpu === "auto" && runtime.gpu !== false;
  // Read, not mapped: on the CPU llama.cpp repacks Q4_0 and other types into its own copy, and a mapped file stays
  // resident beside it (7.53 against 4.16 GB RSS for the Llama 2 7B stand-in): the memory figures would count the
  // weights twice. Read, the peak RSS is what the model needs, and the estimate made before loading matches it.
  const model = await runtime.loadModel({ modelPath: req.modelPath, gpuLayers: onGpu ? "auto" : 0, useMmap: false });
  const context = await model.createContext({ contextSize: req.contextSize, threads: req.threads, sequences: 1 });
  const sequence = context.getSequence();
  const template = model.fileInfo.metadata?.tokenizer?.chat_template;
  const hasTemplate = typeof template === "string" && template.trim() !== "";
  loaded = { model, context, sequence, completion: new LlamaCompletion({ contextSequence: sequence }), hasTemplate };
  const release = runtime.llamaCppRelease;
  return {
    loadMs: performance.now() - started,
    idleRssBytes: rssBytes(),
    contextSize: context.contextSize,
    threads: context.currentThreads,
    llamaCpp: `${release.repo}@${release.release}`,
    nodeLlamaCpp: await getModuleVersion(),
    device: await deviceOf(runtime, model),
    chatTemplate: hasTemplate,
  };
}

async function deviceOf(runtime: Llama, model: LlamaModel): Promise<DeviceInfo> {
  const backend = runtime.gpu === false ? "cpu" : runtime.gpu;
  return {
    backend,
    deviceNames: backend === "cpu" ? [] : await runtime.getGpuDeviceNames(),
    gpuLayers: model.gpuLayers,
    totalLayers: model.fileInsights.totalLayers,
    vramUsedBytes: await vramUsed(runtime),
  };
}

async function vramUsed(runtime: Llama): Promise<number> {
  return runtime.gpu === false ? 0 : (await runtime.getVramState()).used;
}

async function generate(req: GenerateParams, progress: (p: GenerateProgress) => void, id: number): Promise<GenerationResult> {
  if (!loaded) throw new Error("No model is loaded in this worker: send load first.");
  const { model, context, sequence, completion } = loaded;
  // Resolving the wrapper renders the template against node-llama-cpp's known families: only for chat runs.
  if (req.format === "chat" && loaded.hasTemplate) loaded.chat ??= resolveChatWrapper(model);
  const chat = loaded.chat;
  const runtime = await getRuntime();
  if (req.prompt.length > context.contextSize * MAX_CHARS_PER_TOKEN) {
    throw new Error(
      `The prompt has ${req.prompt.length} characters, more than a context of ${context.contextSize} tokens can hold: ` +
        `raise the context size, or retrieve fewer or shorter documents (LINEUP_DOC_CHAR_CAP).`,
    );
  }
  const controller = new AbortController();
  aborts.set(id, controller);
  try {
    // A clean cache for every generation: no prompt caching between questions, so every figure is honest.
    await sequence.clearHistory();
    const idleRss = rssBytes();
    resetPeakRss();
    const started = performance.now();
    let vramPeak = await vramUsed(runtime);
    progress({ type: "phase", phase: "tokenising" });
    // LlamaCompletion puts the model's BOS token first itself; the chat form's own leading BOS is left out.
    const asked = req.format === "chat" && chat ? chatPrompt(chat, model, req.prompt) : null;
    const tokens = asked?.tokens ?? model.tokenize(req.prompt, false, "trimLeadingSpace");
    const bos = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
    const input: Token[] = bos === null ? tokens : [bos, ...tokens];
    const room = context.contextSize - Math.max(1, Math.floor(context.contextSize / 10));
    if (input.length >= room) {
      throw new Error(
        `The prompt has ${input.length} tokens but a context of ${context.contextSize} leaves room for ${room - 1}: ` +
          `raise the context size, or retrieve fewer or shorter documents.`,
      );
    }
    // Pre-fill all but the last prompt token ourselves, timed: that is the prompt-processing time.
    // LlamaCompletion then finds them in the cache and evaluates only the last one before generating.
    progress({ type: "phase", phase: "prefilling" });
    await sequence.evaluateWithoutGeneratingNewTokens(input.slice(0, -1));
    const promptMs = performance.now() - started;
    vramPeak = Math.max(vramPeak, await vramUsed(runtime));
    progress({ type: "phase", phase: "generating" });

    const tokenTimes: number[] = [];
    const tokenIds: Token[] = [];
    // Text goes to the server in batches at most TOKEN_FLUSH_MS apart: one message per token costs this
    // thread (which drives llama.cpp token by token) measurable decode speed. `at` is the batch's first token.
    let pending = "";
    let pendingAt = 0;
    let pendingT = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      if (!pending) return;
      progress({ type: "token", t: pendingT, at: pendingAt, text: pending });
      pending = "";
    };
    // Grammar-constrained output (the quality judge): only text the schema allows can be sampled.
    const grammar = req.jsonSchema ? await runtime.createGrammarForJsonSchema(req.jsonSchema as never) : undefined;
    const response = await completion.generateCompletionWithMeta(tokens, {
      grammar,
      maxTokens: Math.min(req.maxTokens, context.contextSize - input.length),
      temperature: req.temperature,
      seed: req.seed,
      // The template's labels end an answer that starts a new exchange of the prompt's form (not the judge's JSON).
      customStopTriggers: [...(asked?.stopTriggers ?? []), ...(grammar ? [] : (req.stops ?? []))],
      signal: controller.signal,
      stopOnAbortSignal: true,
      onToken: (generated) => {
        const t = performance.now() - started;
        for (const token of generated) {
          tokenTimes.push(t);
          tokenIds.push(token);
        }
      },
      onTextChunk: (text) => {
        if (!pending) {
          pendingT = performance.now() - started;
          pendingAt = performance.timeOrigin + started + pendingT;
        }
        pending += text;
        timer ??= setTimeout(flush, TOKEN_FLUSH_MS);
      },
    }).catch((err) => {
      // An abort before the first token rejects even with stopOnAbortSignal: that is an empty answer, not a failure.
      if (controller.signal.aborted) return { response: "", metadata: { stopReason: "abort" as const } };
      throw err;
    });
    flush();
    const tokenNonEmpty = tokenIds.map((token) => model.detokenize([token]).length > 0);
    vramPeak = Math.max(vramPeak, await vramUsed(runtime));
    return {
      text: response.response,
      prompt: asked?.text ?? (bos === null ? "" : model.detokenize([bos], true)) + req.prompt,
      format: asked ? "chat" : "raw",
      vramPeakBytes: vramPeak,
      promptTokens: input.length,
      outputTokens: tokenTimes.length,
      promptMs,
      tokenTimes,
      tokenNonEmpty,
      totalMs: performance.now() - started,
      stopReason: controller.signal.aborted ? "abort" : response.metadata.stopReason,
      idleRssBytes: idleRss,
      peakRssBytes: Math.max(peakRssBytes(), idleRss),
    };
  } finally {
    aborts.delete(id);
  }
}

async function unload(): Promise<void> {
  if (loaded) {
    await loaded.context.dispose();
    await loaded.model.dispose();
    loaded = undefined;
  }
}

/** What "auto" finds, without loading a model: the form's memory estimate splits RAM and VRAM by it. */
async function probeGpu(): Promise<GpuFound> {
  const runtime = await getRuntime("auto");
  if (runtime.gpu === false) return { backend: "cpu", deviceNames: [], vramTotalBytes: 0, vramFreeBytes: 0 };
  const vram = await runtime.getVramState();
  return {
    backend: runtime.gpu,
    deviceNames: await runtime.getGpuDeviceNames(),
    vramTotalBytes: vram.total,
    vramFreeBytes: vram.free,
  };
}

serveRequests<WorkerProtocol>(
  {
    load,
    generate,
    abort: ({ target }) => void aborts.get(target)?.abort(),
    stats: () => ({ rssBytes: rssBytes(), peakRssBytes: peakRssBytes() }),
    unload,
    probeGpu,
  },
  recentLogs.explain,
);
