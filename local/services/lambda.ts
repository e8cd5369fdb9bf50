// A Lambda Invoke API (POST /2015-03-31/functions/<name>/invocations) for the project's handlers,
// run in-process: the stack registers each function's handler as made by the `entry` module of
// api/lambdas.ts (the same module infra/ deploys) from the stack's own config. Used by
// @aws-sdk/client-lambda, cognito-local's triggers and the local AppSync runtime's Lambda data sources.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lambdas, type LambdaDef } from '../../api/lambdas.js';
import { installHandlerOutputCapture, runInvocation, type StackLog } from './log.js';
import { guardRequest } from './origin-guard.js';
import { listenLoopback } from './ports.js';
import type { IamCredentials } from './secrets.js';
import { awsErrorType, SigV4Error, verifyIncoming } from './sigv4.js';

/** What a failing invocation reports, as Lambda's `{ errorType, errorMessage, trace }`. */
export class LambdaFunctionError extends Error {
  constructor(
    readonly errorType: string,
    readonly errorMessage: string,
    readonly trace: string[] = [],
  ) {
    super(errorMessage);
    // The local AppSync runtime uses `name` as the GraphQL errorType, as AppSync does for Lambda errors.
    this.name = errorType;
  }
}

export class ResourceNotFoundError extends Error {
  constructor(readonly functionArn: string) {
    super(`Function not found: ${functionArn}`);
    this.name = 'ResourceNotFoundException';
  }
}

export type AnyHandler = (event: unknown, context: LambdaContext, callback?: (err: unknown, result?: unknown) => void) => unknown;

export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

export interface LambdaService {
  url: string;
  port: number;
  /** In-process invoke with the Invoke API's semantics (for the local AppSync runtime). */
  invoke(functionName: string, payload: unknown, invocationType: 'RequestResponse' | 'Event'): Promise<unknown>;
  /** Observes every finished invocation (the Cognito front uses it to report trigger failures). */
  onInvocation(listener: InvocationListener): () => void;
  /** Waits (bounded) for Event invocations still running: stopping must not lose their writes. */
  drain(): Promise<void>;
  /** Serves a new version of a function's handler from its next invocation on (npm start's watcher). */
  replaceHandler(functionName: string, load: () => Promise<AnyHandler>): void;
  /** drain(), then closes the server. */
  stop(): Promise<void>;
}

export type InvocationListener = (functionName: string, event: unknown, error: LambdaFunctionError | undefined) => void;

export interface LambdaServiceOptions {
  root: string;
  region: string;
  /** The install's IAM key pair: HTTP invocations must be SigV4-signed with it (in-process invoke() is not HTTP). */
  credentials: IamCredentials;
  accountId?: string;
  port?: number;
  envVar?: string;
  log: StackLog;
  /**
   * functionName → its definition and handler. The stack's makes each from its own config (local/stack.ts),
   * so handlers never read process.env and several services can run in one process; tests pass their own.
   */
  handlers: Record<string, { def: Pick<LambdaDef, 'timeout' | 'memorySize'> & Partial<Pick<LambdaDef, 'entry' | 'handler' | 'async'>>; load: () => Promise<AnyHandler> }>;
  /** Wait before retrying a failed asynchronous invocation (Lambda waits about 1, then 2 minutes). @default 1000 */
  asyncRetryDelayMs?: number;
}

export async function startLambdaService(opts: LambdaServiceOptions): Promise<LambdaService> {
  installHandlerOutputCapture();
  const accountId = opts.accountId ?? '000000000000';
  const arn = (name: string) => `arn:aws:lambda:${opts.region}:${accountId}:function:${name}`;

  const registry = { ...opts.handlers };
  const loaded = new Map<string, Promise<AnyHandler>>();
  const listeners = new Set<InvocationListener>();
  const notify = (name: string, event: unknown, error: LambdaFunctionError | undefined) => {
    for (const l of listeners) l(name, event, error);
  };

  const resolveName = (raw: string): string => {
    // name | name:qualifier | function ARN (arn:aws:lambda:region:acct:function:name[:qualifier])
    const decoded = decodeURIComponent(raw);
    return decoded.startsWith('arn:') ? (decoded.split(':')[6] ?? '') : (decoded.split(':')[0] ?? '');
  };

  /** `tail`, when given, receives this invocation's log lines (Invoke's `LogType: Tail`). */
  const run = async (name: string, event: unknown, tail?: string[]): Promise<unknown> => {
    const entry = registry[name];
    if (!entry) throw new ResourceNotFoundError(arn(name));
    const requestId = randomUUID();
    const deadline = Date.now() + entry.def.timeout * 1000;
    const context: LambdaContext = {
      functionName: name,
      functionVersion: '$LATEST',
      invokedFunctionArn: arn(name),
      memoryLimitInMB: String(entry.def.memorySize),
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/${name}`,
      logStreamName: `local/${requestId}`,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    // The invocation's lines go to the stack log and, for a Tail invoke, to its own buffer too, in the
    // Node runtime's CloudWatch format (`<time>\t<requestId>\t<LEVEL>\t<message>`) as LogResult carries it.
    const cloudWatchLine = (l: string) => l.replace(/^([0-9a-f-]{36}) (INFO|WARN|ERROR|DEBUG|TRACE) /, (_m, id: string, level: string) => `${new Date().toISOString()}\t${id}\t${level}\t`);
    const log: StackLog = tail
      ? {
          path: opts.log.path,
          flush: () => opts.log.flush(),
          close: () => opts.log.close(),
          write: (source, text) => {
            opts.log.write(source, text);
            tail.push(...text.split('\n').filter(Boolean).map(cloudWatchLine));
          },
        }
      : opts.log;
    return runInvocation({ functionName: name, requestId, log }, async () => {
      const started = Date.now();
      log.write(`lambda:${name}`, `START RequestId: ${requestId} Version: $LATEST`);
      let timer: NodeJS.Timeout | undefined;
      try {
        let handlerFn: AnyHandler;
        try {
          let p = loaded.get(name);
          if (!p) {
            p = entry.load();
            loaded.set(name, p);
            p.catch(() => loaded.delete(name)); // retry the import next time (the file may be written by then)
          }
          handlerFn = await p;
        } catch (e) {
          const err = e as Error;
          console.error(`Runtime.ImportModuleError: ${err.message}`);
          const failure = new LambdaFunctionError('Runtime.ImportModuleError', `Error: ${err.message}`, (err.stack ?? '').split('\n'));
          notify(name, event, failure);
          throw failure;
        }
        const result = new Promise<unknown>((resolve, reject) => {
          const cb = (err: unknown, value?: unknown) => (err ? reject(err) : resolve(value));
          try {
            const r = handlerFn(event, context, cb);
            if (r && typeof (r as Promise<unknown>).then === 'function') (r as Promise<unknown>).then(resolve, reject);
            else if (handlerFn.length < 3) resolve(r);
          } catch (e) {
            reject(e);
          }
        });
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new LambdaFunctionError('Sandbox.Timedout', `Task timed out after ${entry.def.timeout.toFixed(2)} seconds`)),
            entry.def.timeout * 1000,
          );
        });
        try {
          const value = await Promise.race([result, timeout]);
          notify(name, event, undefined);
          return value;
        } catch (e) {
          if (e instanceof LambdaFunctionError) {
            notify(name, event, e);
            throw e;
          }
          const err = e instanceof Error ? e : new Error(String(e));
          // Lambda's Node runtime logs the uncaught error before reporting it.
          console.error(`${err.name}: ${err.message}`);
          const failure = new LambdaFunctionError(err.name || 'Error', err.message, (err.stack ?? '').split('\n'));
          notify(name, event, failure);
          throw failure;
        }
      } finally {
        if (timer) clearTimeout(timer);
        const ms = Date.now() - started;
        log.write(`lambda:${name}`, `END RequestId: ${requestId} Duration: ${ms} ms`);
        if (tail) {
          const used = Math.round(process.memoryUsage().rss / 1048576);
          tail.push(`REPORT RequestId: ${requestId}\tDuration: ${ms.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(ms))} ms\tMemory Size: ${entry.def.memorySize} MB\tMax Memory Used: ${used} MB`);
        }
      }
    });
  };

  const inflight = new Set<Promise<unknown>>();
  const runEvent = (name: string, event: unknown) => {
    if (!registry[name]) throw new ResourceNotFoundError(arn(name));
    const p = runAsync(name, event);
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };
  // Lambda's asynchronous invocation as api/lambdas.ts `async` configures it: a failed attempt is retried
  // retryAttempts times (after asyncRetryDelayMs), then Lambda's invocation record goes to the on-failure
  // destination, itself invoked asynchronously. Functions without `async` are not invoked with Event by
  // the project; their failures are only logged.
  const runAsync = async (name: string, event: unknown): Promise<void> => {
    const cfg = registry[name]!.def.async;
    const queuedAt = Date.now();
    let attempts = 0;
    for (;;) {
      attempts++;
      let failure: LambdaFunctionError;
      try {
        await run(name, event);
        return;
      } catch (e) {
        failure = e instanceof LambdaFunctionError ? e : new LambdaFunctionError('Error', String(e));
        opts.log.write(`lambda:${name}`, `async invocation failed: ${failure.errorType}: ${failure.errorMessage}`);
      }
      if (!cfg) return;
      const delay = opts.asyncRetryDelayMs ?? 1000;
      const tooOld = Date.now() + delay - queuedAt > cfg.maxEventAgeSeconds * 1000;
      if (attempts <= cfg.retryAttempts && !tooOld) {
        await new Promise((r) => setTimeout(r, delay));
        continue;
      }
      const destination = lambdas[cfg.onFailure].functionName;
      const record = {
        version: '1.0',
        timestamp: new Date().toISOString(),
        requestContext: { requestId: randomUUID(), functionArn: `${arn(name)}:$LATEST`, condition: tooOld && attempts <= cfg.retryAttempts ? 'EventAgeExceeded' : 'RetriesExhausted', approximateInvokeCount: attempts },
        requestPayload: event,
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        responsePayload: { errorType: failure.errorType, errorMessage: failure.errorMessage, trace: failure.trace },
      };
      opts.log.write(`lambda:${name}`, `sending the failed invocation's record to ${destination} (${record.requestContext.condition})`);
      if (registry[destination]) runEvent(destination, record);
      else opts.log.write(`lambda:${name}`, `on-failure destination ${destination} does not exist`);
      return;
    }
  };

  const fixCognitoEvent = (event: unknown) => {
    const e = event as { triggerSource?: string; region?: string; request?: { userAttributes?: Record<string, string> } } | null;
    if (!e || typeof e !== 'object' || typeof e.triggerSource !== 'string') return event;
    // cognito-local stamps trigger events with region "local"; AWS sends the pool's region.
    if (e.region === 'local') e.region = opts.region;
    // Confirming a sign-up with the emailed code verifies the email; AWS's event says so, cognito-local's does not.
    const attrs = e.request?.userAttributes;
    if (e.triggerSource === 'PostConfirmation_ConfirmSignUp' && attrs?.email && attrs.email_verified === undefined) {
      attrs.email_verified = 'true';
    }
    return event;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (guardRequest(req, res)) return; // foreign Host or Origin: no web page invokes a function
    const sendError = (status: number, type: string, message: string) => {
      res
        .writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': randomUUID() })
        .end(JSON.stringify({ Type: 'User', message }));
    };
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Invoke, and the read-only management calls the AWS CLI makes (list-functions, get-function).
    const m = req.method === 'POST' ? /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(url.pathname) : null;
    const get = req.method === 'GET' ? /^\/2015-03-31\/functions\/([^/]+)$/.exec(url.pathname) : null;
    const list = req.method === 'GET' && /^\/2015-03-31\/functions\/?$/.test(url.pathname);
    if (!m && !get && !list) {
      sendError(404, 'UnknownOperationException', `Unknown operation ${req.method} ${req.url}`);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    // Authentication comes first, as in Lambda: an unsigned caller learns nothing, not even which functions exist.
    try {
      await verifyIncoming(req, raw, { credentials: opts.credentials, region: opts.region, service: 'lambda' });
    } catch (e) {
      if (!(e instanceof SigV4Error)) {
        opts.log.write('lambda', `signature check failed: ${(e as Error).stack ?? String(e)}`);
        sendError(500, 'ServiceException', 'Internal error');
        return;
      }
      opts.log.write('lambda', `invocation refused: ${awsErrorType(e.failure)}`);
      // Lambda (REST-JSON) answers authentication failures with 403 (IncompleteSignature: 400).
      sendError(e.failure === 'IncompleteSignature' ? 400 : 403, awsErrorType(e.failure), e.message);
      return;
    }
    if (list) {
      listFunctions(url.searchParams, res, sendError);
      return;
    }
    if (get) {
      getFunction(decodeURIComponent(get[1]!), url.searchParams.get('Qualifier'), res, sendError);
      return;
    }
    const name = resolveName(m![1]!);
    const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    const logType = String(req.headers['x-amz-log-type'] ?? 'None');
    if (logType !== 'None' && logType !== 'Tail') {
      sendError(400, 'ValidationException', `1 validation error detected: Value '${logType}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [Tail, None]`);
      return;
    }
    if (!registry[name]) {
      sendError(404, 'ResourceNotFoundException', `Function not found: ${arn(name)}`);
      return;
    }
    if (!['RequestResponse', 'Event', 'DryRun'].includes(type)) {
      sendError(400, 'InvalidParameterValueException', `Unsupported invocation type ${type}`);
      return;
    }
    const limit = type === 'Event' ? 1024 * 1024 : 6 * 1024 * 1024;
    if (raw.length > limit) {
      sendError(413, 'RequestTooLargeException', `Request must be smaller than ${limit} bytes for the InvokeFunction operation`);
      return;
    }
    let event: unknown = {};
    if (raw.length > 0) {
      try {
        event = JSON.parse(raw.toString('utf8'));
      } catch {
        sendError(400, 'InvalidRequestContentException', 'Could not parse request body into json: Could not parse payload into json');
        return;
      }
    }
    event = fixCognitoEvent(event);
    const headers = { 'x-amzn-requestid': randomUUID(), 'x-amz-executed-version': '$LATEST' };
    if (type === 'DryRun') {
      res.writeHead(204, headers).end();
      return;
    }
    if (type === 'Event') {
      runEvent(name, event);
      res.writeHead(202, headers).end();
      return;
    }
    // LogType Tail (synchronous invokes only, as in Lambda): the last 4 KB of the invocation's log, base64.
    const tail = logType === 'Tail' ? [] : undefined;
    const logResult = (): Record<string, string> =>
      tail ? { 'x-amz-log-result': Buffer.from(`${tail.join('\n')}\n`).subarray(-4096).toString('base64') } : {};
    try {
      const result = await run(name, event, tail);
      res.writeHead(200, { ...headers, ...logResult(), 'content-type': 'application/json' }).end(result === undefined ? 'null' : JSON.stringify(result));
    } catch (e) {
      const err = e instanceof LambdaFunctionError ? e : new LambdaFunctionError('Error', String(e));
      res
        .writeHead(200, { ...headers, ...logResult(), 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' })
        .end(JSON.stringify({ errorType: err.errorType, errorMessage: err.errorMessage, trace: err.trace }));
    }
  };

  type SendError = (status: number, type: string, message: string) => void;
  /** FunctionConfiguration as Lambda returns it, from the def and the entry module's file. */
  const configuration = (name: string) => {
    const def = registry[name]!.def;
    let code = { size: 0, sha256: createHash('sha256').update('').digest('base64'), modified: new Date(0) };
    if (def.entry) {
      try {
        const bytes = readFileSync(join(opts.root, def.entry));
        code = { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('base64'), modified: statSync(join(opts.root, def.entry)).mtime };
      } catch {
        // A module not written yet: listed all the same (its invocations fail with ImportModuleError).
      }
    }
    return {
      FunctionName: name,
      FunctionArn: arn(name),
      Runtime: 'nodejs22.x',
      Role: `arn:aws:iam::${accountId}:role/${name}-role`,
      Handler: `${(def.entry ?? 'index').replace(/^.*\//, '').replace(/\.[^.]+$/, '')}.${def.handler ?? 'handler'}`,
      CodeSize: code.size,
      Description: '',
      Timeout: def.timeout,
      MemorySize: def.memorySize,
      // Lambda's own format: milliseconds and a +0000 offset.
      LastModified: code.modified.toISOString().replace('Z', '+0000'),
      CodeSha256: code.sha256,
      Version: '$LATEST',
      TracingConfig: { Mode: 'PassThrough' },
      RevisionId: createHash('sha256').update(`${name}:${code.sha256}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5'),
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Architectures: ['arm64'],
      EphemeralStorage: { Size: 512 },
      SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
      LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
    };
  };
  const sendJson = (res: ServerResponse, body: unknown) =>
    res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() }).end(JSON.stringify(body));

  const listFunctions = (q: URLSearchParams, res: ServerResponse, sendError: SendError) => {
    const maxItems = q.get('MaxItems') === null ? 50 : Number(q.get('MaxItems'));
    if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 10000) {
      sendError(400, 'ValidationException', `1 validation error detected: Value '${q.get('MaxItems')}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000`);
      return;
    }
    const version = q.get('FunctionVersion');
    if (version !== null && version !== 'ALL') {
      sendError(400, 'ValidationException', `1 validation error detected: Value '${version}' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]`);
      return;
    }
    const names = Object.keys(registry).sort();
    // The marker is opaque to callers, as Lambda's is: here the index of the next function.
    const marker = q.get('Marker');
    const start = marker === null ? 0 : /^\d+$/.test(marker) ? Number(marker) : -1;
    if (start < 0 || start > names.length || (marker !== null && start === 0)) {
      sendError(400, 'InvalidParameterValueException', 'Invalid marker.');
      return;
    }
    const end = start + maxItems;
    sendJson(res, { Functions: names.slice(start, end).map(configuration), ...(end < names.length ? { NextMarker: String(end) } : {}) });
  };

  const getFunction = (raw: string, qualifier: string | null, res: ServerResponse, sendError: SendError) => {
    const [name = '', inlineQualifier] = raw.startsWith('arn:') ? raw.split(':').slice(6) : raw.split(':');
    const version = qualifier ?? inlineQualifier;
    // Only $LATEST exists locally (nothing is published).
    if (!registry[name] || (version !== undefined && version !== '$LATEST')) {
      sendError(404, 'ResourceNotFoundException', `Function not found: ${arn(name)}${version !== undefined ? `:${version}` : ''}`);
      return;
    }
    const entry = registry[name]!.def.entry;
    sendJson(res, {
      Configuration: configuration(name),
      // Not in S3 locally: the code's location is the module the service imports.
      Code: { RepositoryType: 'S3', Location: entry ? pathToFileURL(join(opts.root, entry)).href : '' },
    });
  };

  const drain = async () => {
    const pending = [...inflight];
    if (!pending.length) return;
    opts.log.write('lambda', `waiting for ${pending.length} async invocation(s) to finish`);
    await Promise.race([Promise.allSettled(pending), new Promise((r) => setTimeout(r, 15_000))]);
  };

  const server: Server = createServer((req, res) => void handle(req, res));
  const listener = await listenLoopback(server, opts.port ?? 0, 'Lambda', opts.envVar);
  const bound = listener.port;

  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    async invoke(functionName, payload, invocationType) {
      if (invocationType === 'Event') {
        runEvent(functionName, payload);
        return undefined;
      }
      return run(functionName, payload);
    },
    onInvocation(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    drain,
    replaceHandler(functionName, load) {
      const entry = registry[functionName];
      if (!entry) throw new ResourceNotFoundError(arn(functionName));
      registry[functionName] = { ...entry, load };
      loaded.delete(functionName);
    },
    async stop() {
      await drain();
      await listener.close();
    },
  };
}
