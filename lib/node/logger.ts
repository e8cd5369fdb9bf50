// Structured JSON logging for every Lambda: one JSON object per line (CloudWatch Logs Insights and
// Lambda's JSON log format parse it), with every field passed through `redact` first. Log
// identifiers and outcomes ({ userId, platform, accountId, outcome }), never events, arguments,
// decrypted objects or raw platform bodies; redaction is the safety net, not the plan.
import { redact, redactString } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger whose lines all carry `fields` (e.g. { fn: 'credentials', requestId }). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** Minimum level (a function's comes from its config, LOG_LEVEL in the cloud); default 'info'. */
  level?: LogLevel;
  /** Where lines go; default console (stdout for debug/info, stderr for warn/error). */
  write?: (line: string, level: LogLevel) => void;
}

function consoleWrite(line: string, level: LogLevel): void {
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

/** Serializes one log record; exported for tests and for code that must hand a line elsewhere. */
export function formatLine(level: LogLevel, msg: string, bindings: LogFields, fields?: LogFields): string {
  const body = redact({ ...bindings, ...fields }) as LogFields;
  // time/level/msg last so no field can overwrite them.
  return JSON.stringify({ ...body, time: new Date().toISOString(), level, msg: redactString(msg) });
}

export function createLogger(bindings: LogFields = {}, options: LoggerOptions = {}): Logger {
  const min = ORDER[options.level ?? 'info'];
  const write = options.write ?? consoleWrite;
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    try {
      write(formatLine(level, msg, bindings, fields), level);
    } catch {
      // A logging failure must never fail the request (e.g. a BigInt somewhere in fields).
      write(JSON.stringify({ time: new Date().toISOString(), level, msg: redactString(msg), logError: true }), level);
    }
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...bindings, ...fields }, options),
  };
}

export { redact, redactString, registerSecrets, REDACTED } from './redact.js';
