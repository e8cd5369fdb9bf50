// One log for the whole stack: every service's output and every line a Lambda handler writes end up
// in one file (tests read it, e.g. to prove a secret was never logged) and, optionally, the terminal.
import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { format } from 'node:util';

export interface StackLog {
  readonly path: string;
  /**
   * Writes one or more lines, each prefixed with the source (e.g. "dynamodb", "lambda:sivera-sync").
   * `batched`: for a line that nothing after it waits on (e.g. about an answer already sent): written with
   * the next batch, at the latest at the end of this turn of the event loop, so a busy endpoint pays one
   * write for many requests' lines instead of one each.
   */
  write(source: string, text: string, batched?: boolean): void;
  /** Writes what is buffered now (lines are otherwise written at the end of the current task). */
  flush(): void;
  /** Flushes and closes the file (a later write opens it again). */
  close(): void;
}

/** Logs with lines not yet written, flushed if the process exits before their microtask runs. */
const unflushed = new Set<{ flush(): void }>();
let exitHookInstalled = false;

/**
 * terminal: echo every line to stderr (true), none (false), or what a filter accepts: true echoes the
 * lines as written, a string is echoed instead (e.g. shortened), false/'' nothing.
 */
export function createStackLog(path: string, terminal: boolean | ((source: string, text: string) => boolean | string)): StackLog {
  const echo = typeof terminal === 'function' ? terminal : () => terminal;
  mkdirSync(dirname(path), { recursive: true });
  // Lines are buffered and written together once the current task's synchronous work is done (a
  // microtask), through a file descriptor kept open: a request pays for no file system call before its
  // answer is sent, and a burst of lines costs one write. A line is on disk before anything that runs
  // after an await (e.g. an HTTP answer sent later in the same request), so a test reading the file
  // right after a call still sees every line the call logged; flush() writes at once.
  let pending: string[] = [];
  let scheduled = false;
  let batchScheduled = false;
  let fd: number | null = null;
  const open = () => (fd ??= openSync(path, 'a', 0o600)); // owner-only: requests, users' emails and Lambda output end up here
  // A flush nobody called (the end of a task or turn) has no caller to throw to: a log file that cannot be
  // written (its folder deleted, the disk full) would end the whole stack as an uncaught exception.
  const scheduledFlush = () => {
    try {
      log.flush();
    } catch (e) {
      originalStderrWrite(`stack log: lines lost, ${path} cannot be written: ${(e as Error).message}\n`);
    }
  };
  const log: StackLog = {
    path,
    write(source, text, batched = false) {
      const lines = text.replace(/\n+$/, '').split('\n');
      const stamp = new Date().toISOString();
      let out = '';
      for (const l of lines) out += `${stamp} [${source}] ${l}\n`;
      pending.push(out);
      const shown = echo(source, text);
      if (shown) originalStderrWrite(shown === true ? out : shown);
      if (batched) {
        if (!scheduled && !batchScheduled) {
          batchScheduled = true;
          unflushed.add(log);
          setImmediate(scheduledFlush);
        }
      } else if (!scheduled) {
        scheduled = true;
        unflushed.add(log);
        queueMicrotask(scheduledFlush);
      }
    },
    flush() {
      scheduled = false;
      batchScheduled = false;
      unflushed.delete(log);
      if (!pending.length) return;
      const data = pending.length === 1 ? pending[0]! : pending.join('');
      pending = [];
      try {
        writeSync(open(), data);
      } catch {
        // The descriptor went bad (closed elsewhere): open the file again, once.
        fd = null;
        writeSync(open(), data);
      }
    },
    close() {
      log.flush();
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const l of [...unflushed]) l.flush();
    });
  }
  return log;
}

/** Context of the Lambda invocation running on the current async chain (as CloudWatch would tag it). */
export interface InvocationContext {
  functionName: string;
  requestId: string;
  log: StackLog;
}

export const invocationContext = new AsyncLocalStorage<InvocationContext>();
let activeInvocations = 0;

/**
 * Runs `fn` as an invocation (its output is captured into the stack log). While an AsyncLocalStorage is
 * enabled, Node runs promise hooks on every promise of the process, the GraphQL endpoint's included (about
 * 2-3% of its CPU under load): the storage is disabled again once no invocation is running.
 */
export async function runInvocation<T>(context: InvocationContext, fn: () => Promise<T>): Promise<T> {
  activeInvocations++;
  try {
    return await invocationContext.run(context, fn);
  } finally {
    if (--activeInvocations === 0) invocationContext.disable();
  }
}

const originalStdoutWrite = process.stdout.write.bind(process.stdout);
const originalStderrWrite = process.stderr.write.bind(process.stderr);
let captureInstalled = false;

/**
 * Routes what in-process Lambda handlers write to stdout/stderr (console.* and direct writes) into
 * the stack log, the way Lambda ships a function's stdout/stderr to CloudWatch. Writes outside an
 * invocation pass through untouched.
 */
export function installHandlerOutputCapture(): void {
  if (captureInstalled) return;
  captureInstalled = true;
  const wrap = (original: typeof originalStdoutWrite, level: string) =>
    function write(chunk: unknown, ...rest: unknown[]): boolean {
      const ctx = invocationContext.getStore();
      if (!ctx) return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      ctx.log.write(`lambda:${ctx.functionName}`, text.split('\n').map((l) => (l ? `${ctx.requestId} ${level} ${l}` : l)).join('\n'));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    };
  // The stack log's own terminal echo uses the saved originals, so nothing is written twice.
  process.stdout.write = wrap(originalStdoutWrite, 'INFO') as typeof process.stdout.write;
  process.stderr.write = wrap(originalStderrWrite, 'ERROR') as typeof process.stderr.write;
  // console.* too: test runners (vitest workers) replace console with one that bypasses process.stdout.
  const levels = { log: 'INFO', info: 'INFO', debug: 'DEBUG', trace: 'TRACE', warn: 'WARN', error: 'ERROR' } as const;
  for (const [method, level] of Object.entries(levels) as [keyof typeof levels, string][]) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const ctx = invocationContext.getStore();
      if (!ctx) return original(...args);
      const text = format(...args);
      ctx.log.write(`lambda:${ctx.functionName}`, text.split('\n').map((l) => `${ctx.requestId} ${level} ${l}`).join('\n'));
    };
  }
}
