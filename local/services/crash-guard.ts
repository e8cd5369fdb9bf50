// The stack serves many callers from one process: an error that escapes one request, Lambda invocation
// or service (a rejected promise nobody awaited, a throw in a socket callback) is logged and that
// caller fails, but the process, and everyone else's requests, carry on. Node's default would exit.
import type { StackLog } from './log.js';

const logs = new Set<StackLog>();

function report(kind: string, err: unknown): void {
  const text = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  for (const log of logs) log.write('stack', `${kind} (the stack keeps serving): ${text}`);
}
const onRejection = (reason: unknown) => report('unhandled rejection', reason);
const onException = (err: unknown) => report('uncaught exception', err);

/** Routes escaped errors to `log` while a stack runs; the returned function ends that (at stop). */
export function guardProcess(log: StackLog): () => void {
  if (logs.size === 0) {
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
  }
  logs.add(log);
  return () => {
    if (!logs.delete(log) || logs.size > 0) return;
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
