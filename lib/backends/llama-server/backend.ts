import "server-only";
import { estimateMemoryBytes } from "../../models/estimate";
import type { Endpoint } from "../../remote/endpoints";
import { nativeBinary, startLlamaServer } from "../../remote/native-llama";
import { endpointModel } from "../remote/backend";
import { localEntry } from "../local-entry";
import { CannotRunError, type CellBackend } from "../types";
import { freeLoopbackPort } from "./free-port";
import { processMemory } from "./process-memory";
import { applyChatTemplate, hasChatTemplate } from "./chat-template";
import { promptFormatOf } from "../../runs/run-options";
import { LLAMA_SERVER_SAMPLING } from "./sampling";

// A local GGUF on llama.cpp's own server, built for this CPU by `npm run llama:build`: Lineup starts llama-server
// for the model with the run's threads and context on a free loopback port, sends the cells through the remote
// path (the same client, caps and stall watch as any OpenAI-compatible endpoint), and stops it after the model's
// turn. Its own `timings` are kept beside the client's figures; its memory is read from /proc. A server that dies
// fails its cell, and a fresh one takes the next.

/** Loading a 40 GB model from a slow disk takes minutes; a server that is still not up after this is failed. */
const READY_WITHIN_MS = 10 * 60_000;

export const llamaServerBackend: CellBackend = {
  async open(ctx, target) {
    const entry = localEntry(target);
    const bin = nativeBinary("llama-server");
    if (bin.path === null)
      throw new CannotRunError(
        `The llama-server engine is not built on this machine: ${bin.reason} Or choose the node-llama-cpp engine.`,
      );
    const { settings } = ctx;
    const started = performance.now();
    const server = await startLlamaServer(bin.path, entry.path, {
      port: await freeLoopbackPort(),
      threads: settings.threads,
      contextSize: settings.contextSize,
      alias: entry.file,
      signal: ctx.signal,
      readyWithinMs: READY_WITHIN_MS,
    });
    const loadMs = performance.now() - started;
    const pid = server.process.pid;
    const endpoint: Endpoint = {
      id: "managed-llama-server",
      baseUrl: server.url,
      apiKey: null,
      api: "completions",
      concurrent: false,
      source: "env",
      createdAt: null,
    };
    const estimateBytes = estimateMemoryBytes(entry.facts, settings.contextSize);
    // Built by `npm run llama:build` for this CPU: no layers are offloaded (see README, "GPU").
    const chatTemplate = await hasChatTemplate(server.url, ctx.signal).catch(() => false);
    await ctx.onLoaded(target.model, {
      device: { backend: "cpu", deviceNames: [], gpuLayers: 0, totalLayers: entry.facts.layers + 1, vramUsedBytes: 0 },
      chatTemplate,
    });
    const chat = promptFormatOf(settings) === "chat" && chatTemplate;
    const model = endpointModel(
      endpoint,
      entry.file,
      ctx,
      { ...LLAMA_SERVER_SAMPLING },
      {
        loadMs,
        pid,
        promptFor: async (q, signal) =>
          chat
            ? { prompt: await applyChatTemplate(server.url, q.prompt, signal), format: "chat" }
            : { prompt: q.prompt, format: "raw" },
        figures: (_q, cold, answer) => {
          const memory = pid ? processMemory(pid) : null;
          return {
            ...answer,
            metrics: {
              ...answer.metrics,
              loadMs: cold ? loadMs : null,
              peakRssBytes: memory?.peakRssBytes ?? null,
              idleRssBytes: memory?.rssBytes ?? null,
              estimateBytes,
            },
          };
        },
      },
    );
    const child = server.process;
    const exited = () => child.exitCode !== null || child.signalCode !== null;
    const exit = new Promise<void>((resolve) => (exited() ? resolve() : child.once("exit", () => resolve())));
    return {
      ...model,
      async generate(q, cold, streams) {
        try {
          return await model.generate(q, cold, streams);
        } catch (err) {
          // A broken stream often arrives before the process's exit: give the exit a moment to be seen, so the
          // cell says the server died (and the next gets a fresh one) rather than only "broke off the stream".
          if (!streams.signal.aborted) await Promise.race([exit, new Promise((r) => setTimeout(r, 1000))]);
          throw err;
        }
      },
      describeFailure: (err) =>
        exited()
          ? `llama-server stopped (${child.exitCode ?? child.signalCode}): ${model.describeFailure(err)}`
          : model.describeFailure(err),
      afterFailure: (err) => (exited() ? { next: "reopen" } : model.afterFailure(err)),
      close: server.stop,
    };
  },
};
