// The `data:` payloads of a Server-Sent Events body, one per event, as they arrive. An event larger than
// `maxEventBytes` is an error, not a growing buffer: a broken or hostile server cannot fill the memory.

export class MalformedStreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedStreamError";
  }
}

export async function* sseData(body: ReadableStream<Uint8Array>, maxEventBytes = 1_000_000): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: RegExpExecArray | null;
      while ((end = /\r?\n\r?\n/.exec(buffer))) {
        const event = buffer.slice(0, end.index);
        buffer = buffer.slice(end.index + end[0].length);
        const data = dataOf(event);
        if (data !== null) yield data;
      }
      if (buffer.length > maxEventBytes)
        throw new MalformedStreamError(`an event was longer than ${maxEventBytes} bytes`);
    }
    const rest = dataOf(buffer + decoder.decode());
    if (rest !== null) yield rest;
  } finally {
    await reader.cancel().catch(() => {});
  }
}

function dataOf(event: string): string | null {
  const lines = event.split(/\r?\n/).filter((l) => l.startsWith("data:"));
  if (!lines.length) return null;
  return lines.map((l) => l.slice(5).replace(/^ /, "")).join("\n");
}
