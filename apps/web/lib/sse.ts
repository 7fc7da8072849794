/** One open server-sent-events response, as the route sees it. */
export interface SseStream {
  /** Sends one named event with a JSON payload; a no-op once the stream is closed. */
  send(event: string, data: unknown): void;
  /** Runs once when the stream ends for any reason (client gone, lifetime over, `close()`, an error). */
  onClose(cleanup: () => void): void;
  close(): void;
  readonly closed: boolean;
}

export interface SseOptions {
  /** Browsers' EventSource reconnects by itself, so a bounded lifetime costs nothing and caps any leak. */
  maxOpenMs: number;
  /** A comment line this often keeps proxies from dropping an idle connection. */
  pingMs?: number;
}

const HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  // nginx would otherwise buffer the stream and deliver events in bursts.
  'X-Accel-Buffering': 'no',
};

/**
 * The project's one SSE response: framing, heartbeat, lifetime, and a single close path that every exit goes
 * through, so nothing a route started (a poller, a Redis subscription) outlives its client.
 */
export function sseResponse(req: Request, open: (sse: SseStream) => void | Promise<void>, options: SseOptions): Response {
  const encoder = new TextEncoder();
  const cleanups: (() => void)[] = [];
  let closed = false;
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;

  const write = (text: string) => {
    if (closed || !controller) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      close();
    }
  };
  const close = () => {
    if (closed) return;
    closed = true;
    for (const cleanup of cleanups.splice(0)) {
      try {
        cleanup();
      } catch {
        // One failed cleanup must not keep the others from running.
      }
    }
    try {
      controller?.close();
    } catch {
      // The client already went away.
    }
  };
  const sse: SseStream = {
    send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    onClose: (cleanup) => (closed ? cleanup() : void cleanups.push(cleanup)),
    close,
    get closed() {
      return closed;
    },
  };

  const stream = new ReadableStream<Uint8Array>({
    async start(c) {
      controller = c;
      req.signal.addEventListener('abort', close);
      const lifetime = setTimeout(close, options.maxOpenMs);
      const ping = setInterval(() => write(': ping\n\n'), options.pingMs ?? 15_000);
      cleanups.push(() => {
        clearTimeout(lifetime);
        clearInterval(ping);
      });
      try {
        await open(sse);
      } catch {
        close();
      }
    },
    cancel: close,
  });
  return new Response(stream, { headers: HEADERS });
}
