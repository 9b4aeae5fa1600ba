// Reads a Server-Sent Events response outside the browser (scripts, benchmarks): the data of each event,
// parsed, with the wall-clock time (epoch ms) its chunk arrived.
export async function* readSse<T>(body: ReadableStream<Uint8Array>): AsyncGenerator<{ data: T; arrivedAt: number }> {
  const reader = (body as ReadableStream<BufferSource>).pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const arrivedAt = performance.timeOrigin + performance.now();
      buffer += value;
      const blocks = buffer.split("\n\n");
      buffer = blocks.pop()!;
      for (const block of blocks) {
        const line = block.split("\n").find((l) => l.startsWith("data: "));
        if (line) yield { data: JSON.parse(line.slice(6)) as T, arrivedAt };
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}
