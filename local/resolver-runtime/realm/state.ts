// Per-invocation state inside the sandbox. Handlers run synchronously, one at a time per sandbox, so a
// single "current" record is enough.

export interface RealmError {
  message: string;
  errorType: string | null;
  data: unknown;
  errorInfo: unknown;
}

/** A console.* call; the host maps the position back to the original code and formats the line. */
export interface LogEntry {
  level: 'INFO' | 'ERROR';
  line: number;
  column: number;
  text: string;
}

export interface InvocationState {
  errors: RealmError[];
  logs: LogEntry[];
  responseHeaders: Record<string, string>;
  subscriptionFilter?: unknown;
  subscriptionInvalidationFilter?: unknown;
  invalidations: unknown[];
  evictions: unknown[];
  fieldName: string;
  parentTypeName: string;
  authType: string;
}

export function freshState(): InvocationState {
  return { errors: [], logs: [], responseHeaders: {}, invalidations: [], evictions: [], fieldName: '', parentTypeName: '', authType: '' };
}

export const state: { current: InvocationState } = { current: freshState() };

/** Thrown by util.error / util.unauthorized: stops the handler. */
export class UtilErrorSignal {
  constructor(readonly error: RealmError) {}
}

/** Thrown by runtime.earlyReturn. */
export class EarlyReturnSignal {
  constructor(
    readonly value: unknown,
    readonly skipTo: 'END' | 'NEXT' | undefined,
  ) {}
}

/** Thrown by the loop/function-entry checks once the handler's time is up. */
export class TimeoutSignal {}
export const TIMEOUT = new TimeoutSignal();

let deadline = Infinity;
let ticks = 0;

export function startClock(timeoutMs: number): void {
  deadline = Date.now() + timeoutMs;
  ticks = 0;
}

export function stopClock(): void {
  deadline = Infinity;
}

/** Inserted by the loader at every loop body and function entry of resolver code. */
export function tick(): void {
  ticks = (ticks + 1) | 0;
  if ((ticks & 1023) === 0 && Date.now() > deadline) throw TIMEOUT;
}
