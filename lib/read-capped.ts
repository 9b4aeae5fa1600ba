/**
 * A body stream read whole, refused as soon as it passes `limit` bytes (with the error `tooLarge` makes) and not
 * read beyond: a body sent without a length, or a server answering hundreds of megabytes, is never held in
 * memory whole before it is refused. Incoming requests (lib/validation.ts) and remote servers' answers
 * (lib/remote/client.ts) both read through it.
 */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null | undefined,
  limit: number,
  tooLarge: () => Error,
): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
