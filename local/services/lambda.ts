// A Lambda Invoke API (POST /2015-03-31/functions/<name>/invocations) for the project's handlers,
// imported in-process from the `entry` of api/lambdas.ts: the same module infra/ deploys. Used by
// @aws-sdk/client-lambda, cognito-local's triggers and the local AppSync runtime's Lambda data sources.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lambdas, type LambdaDef } from '../../api/lambdas.js';
import { installHandlerOutputCapture, invocationContext, type StackLog } from './log.js';
import { guardRequest } from './origin-guard.js';
import { listenError } from './ports.js';
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

type AnyHandler = (event: unknown, context: LambdaContext, callback?: (err: unknown, result?: unknown) => void) => unknown;

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
  /** Overrides for tests of the service itself: functionName → handler. Defaults to api/lambdas.ts. */
  handlers?: Record<string, { def: Pick<LambdaDef, 'timeout' | 'memorySize'>; load: () => Promise<AnyHandler> }>;
}

export async function startLambdaService(opts: LambdaServiceOptions): Promise<LambdaService> {
  installHandlerOutputCapture();
  const accountId = opts.accountId ?? '000000000000';
  const arn = (name: string) => `arn:aws:lambda:${opts.region}:${accountId}:function:${name}`;

  const registry =
    opts.handlers ??
    Object.fromEntries(
      Object.values(lambdas).map((def) => [
        def.functionName,
        {
          def,
          // Lazy: a handler still being written does not stop the stack, it fails its own invocations.
          load: async () => {
            const mod = (await import(pathToFileURL(join(opts.root, def.entry)).href)) as Record<string, unknown>;
            const fn = mod[def.handler];
            if (typeof fn !== 'function') throw new Error(`${def.entry} does not export a function "${def.handler}"`);
            return fn as AnyHandler;
          },
        },
      ]),
    );
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

  const run = async (name: string, event: unknown): Promise<unknown> => {
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
    return invocationContext.run({ functionName: name, requestId, log: opts.log }, async () => {
      const started = Date.now();
      opts.log.write(`lambda:${name}`, `START RequestId: ${requestId} Version: $LATEST`);
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
        opts.log.write(`lambda:${name}`, `END RequestId: ${requestId} Duration: ${Date.now() - started} ms`);
      }
    });
  };

  const inflight = new Set<Promise<unknown>>();
  const runEvent = (name: string, event: unknown) => {
    if (!registry[name]) throw new ResourceNotFoundError(arn(name));
    // Errors of async invocations are only logged, as in Lambda (no retries locally).
    const p = run(name, event).catch((e: Error) => opts.log.write(`lambda:${name}`, `async invocation failed: ${e.name}: ${e.message}`));
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
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
    const m = /^\/2015-03-31\/functions\/([^/?]+)\/invocations(?:\?.*)?$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) {
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
    const name = resolveName(m[1]!);
    const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
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
    try {
      const result = await run(name, event);
      res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(result === undefined ? 'null' : JSON.stringify(result));
    } catch (e) {
      const err = e instanceof LambdaFunctionError ? e : new LambdaFunctionError('Error', String(e));
      res
        .writeHead(200, { ...headers, 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' })
        .end(JSON.stringify({ errorType: err.errorType, errorMessage: err.errorMessage, trace: err.trace }));
    }
  };

  const drain = async () => {
    const pending = [...inflight];
    if (!pending.length) return;
    opts.log.write('lambda', `waiting for ${pending.length} async invocation(s) to finish`);
    await Promise.race([Promise.allSettled(pending), new Promise((r) => setTimeout(r, 15_000))]);
  };

  const server: Server = createServer((req, res) => void handle(req, res));
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  const port = opts.port ?? 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(listenError(e, port, 'Lambda', opts.envVar)));
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;

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
    async stop() {
      await drain();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
