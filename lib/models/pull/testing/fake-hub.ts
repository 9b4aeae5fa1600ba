import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for the Hugging Face hub, for tests: it speaks the hub's download URL
// `/<org>/<repo>/resolve/<rev>/<file>`, answering with a 302 to a CDN path and the file's SHA-256 in
// X-Linked-Etag and its size in X-Linked-Size, and serves the CDN path with Range. It can be told to drop the
// connection part-way, to flip one byte while advertising the right checksum, to ignore Range, or to go slow.

export type FakeHubFile = { org: string; repo: string; path: string; bytes: Buffer; advertisedSize?: number };

export type FakeHubFaults = {
  /** Drop the connection of the next download once this many bytes of the file have been sent. */
  dropAtByte?: number;
  /** Go quiet (connection open, nothing sent) in the next download once this many bytes have been sent. */
  stallAtByte?: number;
  /** Serve this byte of the file flipped (the checksum advertised stays the right one). */
  corruptByte?: number;
  /** Answer every download with the whole file and 200, as a server without Range support does. */
  ignoreRange?: boolean;
  /** Send at most this many bytes a second. */
  bytesPerSecond?: number;
};

export type FakeHub = {
  url: string;
  faults: FakeHubFaults;
  /** Bytes of file content sent, over all downloads. */
  bytesSent: () => number;
  /** The Range header of each download request, in order ("" for none). */
  ranges: string[];
  close: () => Promise<void>;
};

export const sha256Hex = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

export async function startFakeHub(files: FakeHubFile[], port = 0): Promise<FakeHub> {
  const faults: FakeHubFaults = {};
  const ranges: string[] = [];
  let sent = 0;
  const byResolve = new Map(files.map((f) => [`/${f.org}/${f.repo}/resolve/main/${f.path}`, f]));
  const byCdn = new Map(files.map((f) => [`/cdn/${sha256Hex(f.bytes)}/${f.path}`, f]));

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://hub");
    const resolved = byResolve.get(url.pathname);
    if (resolved) {
      const sha = sha256Hex(resolved.bytes);
      res.writeHead(302, {
        Location: `/cdn/${sha}/${resolved.path}`,
        "X-Linked-Etag": `"${sha}"`,
        "X-Linked-Size": String(resolved.advertisedSize ?? resolved.bytes.length),
        ETag: `"${sha}"`,
      });
      return res.end();
    }
    const file = byCdn.get(url.pathname);
    if (!file) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      return res.end("Entry not found");
    }
    serveFile(req, res, file.bytes);
  });

  function serveFile(req: http.IncomingMessage, res: http.ServerResponse, bytes: Buffer) {
    const size = bytes.length;
    const range = req.method === "GET" ? (req.headers.range ?? "") : "";
    if (req.method === "GET") ranges.push(range);
    const match = /^bytes=(\d+)-$/.exec(range);
    let start = 0;
    if (match && !faults.ignoreRange) {
      start = Number(match[1]);
      if (start >= size) {
        res.writeHead(416, { "Content-Range": `bytes */${size}` });
        return res.end();
      }
      res.writeHead(206, { "Content-Length": String(size - start), "Content-Range": `bytes ${start}-${size - 1}/${size}`, "Accept-Ranges": "bytes" });
    } else {
      res.writeHead(200, { "Content-Length": String(size), "Accept-Ranges": "bytes" });
    }
    if (req.method === "HEAD") return res.end();
    const dropAt = faults.dropAtByte;
    if (dropAt !== undefined) faults.dropAtByte = undefined; // once
    const stallAt = faults.stallAtByte;
    if (stallAt !== undefined) faults.stallAtByte = undefined;
    const cutAt = dropAt ?? stallAt;
    let at = start;
    const chunkSize = 64 * 1024;
    const pump = () => {
      while (at < size) {
        const end = Math.min(size, at + chunkSize, cutAt !== undefined && at < cutAt ? cutAt : size);
        const chunk = Buffer.from(bytes.subarray(at, end));
        if (faults.corruptByte !== undefined && faults.corruptByte >= at && faults.corruptByte < end) chunk[faults.corruptByte - at] ^= 0xff;
        sent += chunk.length;
        at = end;
        const more = res.write(chunk);
        if (dropAt !== undefined && at >= dropAt) {
          // let the bytes out, then cut the connection mid-body
          setTimeout(() => res.socket?.destroy(), 50);
          return;
        }
        if (stallAt !== undefined && at >= stallAt) return; // silent until the client gives up
        if (faults.bytesPerSecond) return void setTimeout(pump, (chunk.length / faults.bytesPerSecond) * 1000);
        if (!more) return void res.once("drain", pump);
      }
      res.end();
    };
    pump();
  }

  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    faults,
    bytesSent: () => sent,
    ranges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
