// Sends the answers of one event-loop turn together, at the turn's end (its check phase), instead of
// each as soon as it is ready. A client with several requests in flight then wakes once for the answers
// of a turn rather than once per answer; on the 2-core machine, where a wake-up costs more than the
// write itself, the 16-client `me` load (bench/load.ts) went from a mean of 0.74x of raw GetItem
// throughput (15 runs) to 0.83x (12 runs). A lone request is answered in the same turn, a few µs later.
// Corking the socket instead would not do: res.end() uncorks it fully.
import type { ServerResponse } from 'node:http';

const pending: { res: ServerResponse; body: string }[] = [];

function endAll(): void {
  for (const { res, body } of pending.splice(0)) {
    // One answer that fails must not keep the others of its turn from being sent.
    try {
      res.end(body);
    } catch (e) {
      res.destroy(e as Error);
    }
  }
}

/** res.end(body) at the end of this event-loop turn, in call order; call it after writeHead. */
export function endAtTurnEnd(res: ServerResponse, body: string): void {
  if (pending.push({ res, body }) === 1) setImmediate(endAll);
}
