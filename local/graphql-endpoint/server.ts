// The AppSync-compatible GraphQL endpoint of the local stack: POST /graphql in AppSync's request and
// response format, Cognito user pools (default) and IAM (additional) auth (auth-modes.ts, shared with the
// real-time endpoint and EvaluateCode), the real-time WebSocket endpoint, an optional HTTPS/WSS twin for
// aws-amplify, GraphiQL at / and EvaluateCode.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type Duplex, Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { type IntrospectionQuery, introspectionFromSchema } from 'graphql';
import type { ResolverExecutor } from '../resolver-runtime/types.js';
import { type AuthConfig, MissingCredentialsError, RequestAuthenticator, UnauthorizedError } from './auth-modes.js';
import { buildAppSyncSchema } from './schema.js';
import { DEFAULT_LIMITS, type Limits, type MutationEvent, OperationRunner } from './execute-operation.js';
import { REALTIME_PATHS, RealtimeServer, type RealtimeOptions } from './realtime.js';
import { resolverRequestHeaders, sourceIps } from './request-info.js';
import { ensureCertificate } from './tls.js';
import { endAtTurnEnd } from './end-at-turn-end.js';
import { guardRequest, guardUpgrade, hasLoopbackHost, registerOwnOrigin } from '../services/origin-guard.js';
import { type GraphiqlAuth, graphiqlAsset, graphiqlPage } from './graphiql.js';

export interface EndpointLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** One line per answered request, after the answer: nothing waits on it, so it may be written later, with others (default: info). */
  access?(msg: string, fields?: Record<string, unknown>): void;
}

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface GraphqlEndpointOptions {
  host: string;
  port: number;
  /** Also serve HTTPS/WSS (self-signed, see tls) on this port; 0 = ephemeral. */
  httpsPort?: number;
  /** schema.graphql; AppSync's scalars and directives are added from api/appsync-tooling.graphql. */
  schemaSdl: string;
  executor: ResolverExecutor;
  auth: AuthConfig;
  /** Where the self-signed certificate lives (required for httpsPort). */
  tls?: { dir: string };
  limits?: Partial<Limits>;
  /** AppSync's introspection toggle (default on). */
  introspection?: boolean;
  /** Keep-alive period on real-time connections (AppSync: about a minute). */
  keepAliveMs?: number;
  /** GraphiQL signs in with this (the demo user's token). */
  graphiqlToken?: () => Promise<string>;
  /** GraphiQL's sign-in (the Cognito-compatible endpoint) and the demo users it offers. */
  graphiqlAuth?: GraphiqlAuth;
  /** POST /v1/dataplane-evaluatecode; by default the handler of local/resolver-runtime/evaluate-code.ts; null = not served. */
  evaluateCode?: HttpHandler | null;
  /** More pages served by this origin (e.g. the demo page at /demo): a request whose path is `prefix` or under `prefix/` goes to `handler`. */
  routes?: { prefix: string; handler: HttpHandler }[];
  log: EndpointLog;
}

export interface GraphqlEndpoint {
  /** http://host:port/graphql */
  url: string;
  /** ws://host:port/graphql/realtime */
  realtimeUrl: string;
  httpsUrl?: string;
  httpsRealtimeUrl?: string;
  /** The self-signed certificate clients must trust (NODE_EXTRA_CA_CERTS) in HTTPS mode. */
  certPath?: string;
  /** Deliver an event as if the mutation `fieldName` had completed with `payload` (tests, benches). */
  publish(fieldName: string, payload: unknown): Promise<void>;
  /** Live real-time subscriptions. */
  subscriptionCount(): number;
  /** Serves a new schema from the next request on (npm start's watcher); throws, keeping the old one, when it does not build. */
  reloadSchema(schemaSdl: string): void;
  close(): Promise<void>;
}

// No Access-Control-Allow-Origin here: guardRequest echoes an allowed Origin (never `*`) on every answer.
const CORS_HEADERS = {
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers':
    'content-type, authorization, x-amz-date, x-amz-security-token, x-amz-user-agent, x-amz-content-sha256, x-api-key',
  'access-control-max-age': '86400',
};

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS_HEADERS,
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...extra,
  });
  endAtTurnEnd(res, text);
}

class BodyTooLarge extends Error {}

// An oversized body is read to its end (and discarded) before answering 413, so the client gets the
// answer instead of a reset connection; past this much more, the connection is cut.
const DRAIN_LIMIT = 64 * 1024 * 1024;

// Stream events rather than `for await`: the async iterator costs ~10 µs per request on the hot path.
function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > max;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) tooLarge = true;
      if (size > max + DRAIN_LIMIT) {
        req.off('data', onData);
        req.destroy();
        reject(new BodyTooLarge());
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('error', reject);
    req.once('end', () => {
      if (tooLarge) reject(new BodyTooLarge());
      else resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    });
  });
}

/** A request target's normalised path and query parameters; the hot path's plain `/graphql` skips the URL parser. */
function splitTarget(target: string | undefined): { pathname: string; query: Record<string, string> } {
  if (target === '/graphql') return { pathname: target, query: {} };
  const url = new URL(target ?? '/', 'http://localhost');
  return { pathname: url.pathname, query: Object.fromEntries(url.searchParams) };
}

async function defaultEvaluateCode(): Promise<HttpHandler> {
  // Loaded on first use: most endpoints (tests) never serve EvaluateCode.
  const { handleEvaluateCode } = await import('../resolver-runtime/evaluate-code.js');
  return handleEvaluateCode as unknown as HttpHandler;
}

export async function startGraphqlEndpoint(opts: GraphqlEndpointOptions): Promise<GraphqlEndpoint> {
  // A developer's stack: nothing on the network may reach it (its Host and Origin checks assume loopback).
  if (!['127.0.0.1', '::1', 'localhost'].includes(opts.host)) throw new Error(`GraphQL endpoint: host must be a loopback address, not ${opts.host}`);
  const limits: Limits = { ...DEFAULT_LIMITS, ...opts.limits };
  let schema = buildAppSyncSchema(opts.schemaSdl);
  const authenticator = new RequestAuthenticator(opts.auth);
  let realtime: RealtimeServer | null = null;
  const hooks = {
    onMutation: (event: MutationEvent) => {
      realtime?.publish(event).catch((e) => opts.log.error('subscription delivery failed', { error: String(e) }));
    },
    onInvalidate: (request: Parameters<RealtimeServer['invalidate']>[0]) => realtime?.invalidate(request),
  };
  let runner = new OperationRunner(schema, opts.executor, limits, hooks, opts.introspection ?? true);
  // Kept so reloadSchema() can hand the real-time server the new runner (its options are read per message).
  const realtimeOptions: RealtimeOptions = { runner, executor: opts.executor, authenticator, keepAliveMs: opts.keepAliveMs, log: (m) => opts.log.error(m) };
  realtime = new RealtimeServer(realtimeOptions);
  const evaluateCode = opts.evaluateCode === undefined ? await defaultEvaluateCode() : opts.evaluateCode;

  async function handleGraphql(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: string;
    try {
      body = await readBody(req, limits.maxBodyBytes);
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        sendJson(res, 413, { errors: [{ errorType: 'PayloadTooLargeException', message: `Request body exceeds ${limits.maxBodyBytes} bytes.` }] }, { connection: 'close' });
        return;
      }
      throw e;
    }
    const { pathname, query } = splitTarget(req.url);
    let auth;
    try {
      auth = await authenticator.authenticate(
        { method: req.method ?? 'POST', path: pathname, query, headers: req.headers, body, sourceIp: sourceIps(req) },
        'http',
      );
    } catch (e) {
      if (e instanceof UnauthorizedError) {
        sendJson(res, 401, { errors: [{ errorType: e.errorType, message: e.message }] }, { 'x-amzn-errortype': e.errorType });
        return;
      }
      throw e;
    }
    const contentType = String(req.headers['content-type'] ?? '');
    if (!/^application\/(json|graphql)\b/i.test(contentType)) {
      sendJson(res, 400, { errors: [{ errorType: 'MalformedHttpRequestException', message: 'Unsupported content type: send application/json.' }] });
      return;
    }
    let parsed: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      parsed = JSON.parse(body);
    } catch {
      sendJson(res, 400, { errors: [{ errorType: 'MalformedHttpRequestException', message: 'Unable to parse GraphQL query.' }] });
      return;
    }
    if (!parsed || typeof parsed !== 'object' || typeof parsed.query !== 'string' || !parsed.query.trim()) {
      sendJson(res, 400, { errors: [{ errorType: 'MalformedHttpRequestException', message: 'Request body must be a JSON object with a "query" string.' }] });
      return;
    }
    const variables = parsed.variables ?? {};
    if (typeof variables !== 'object' || Array.isArray(variables)) {
      sendJson(res, 400, { errors: [{ errorType: 'MalformedHttpRequestException', message: '"variables" must be a JSON object.' }] });
      return;
    }
    const started = performance.now();
    const operationName = typeof parsed.operationName === 'string' ? parsed.operationName : null;
    const result = await runner.run({ query: parsed.query, variables: variables as Record<string, unknown>, operationName }, { auth, headers: resolverRequestHeaders(req) });
    sendJson(res, result.status, result.body);
    // Identifiers and outcome only: never variables, tokens or data.
    (opts.log.access ?? opts.log.info)('graphql request', {
      operation: operationName ?? firstField(parsed.query),
      mode: auth.mode,
      status: result.status,
      errors: result.body.errors?.map((e) => e.errorType ?? 'Validation').join(',') || undefined,
      ms: Math.round(performance.now() - started),
    });
  }

  let introspectionJson: IntrospectionQuery | null | undefined;
  const route = (path: string): HttpHandler | undefined =>
    opts.routes?.find((r) => path === r.prefix || path.startsWith(`${r.prefix.replace(/\/$/, '')}/`))?.handler;
  // EvaluateCode is an AWS API call: like AWS, it takes only SigV4 requests (here: the local IAM key).
  async function handleEvaluateCodeSigned(req: IncomingMessage, res: ServerResponse, handler: HttpHandler): Promise<void> {
    let body: string;
    try {
      body = await readBody(req, limits.maxBodyBytes);
    } catch (e) {
      if (!(e instanceof BodyTooLarge)) throw e;
      sendJson(res, 413, { message: 'Request body too large.' }, { 'x-amzn-errortype': 'PayloadTooLargeException', connection: 'close' });
      return;
    }
    const { pathname, query } = splitTarget(req.url);
    const denied = (message: string, errorType: string) => sendJson(res, 403, { message }, { 'x-amzn-errortype': errorType });
    try {
      await authenticator.authenticate(
        { method: 'POST', path: pathname, query, headers: req.headers, body, sourceIp: sourceIps(req) },
        'http',
        ['AWS_IAM'],
      );
    } catch (e) {
      // AWS's REST wording: a request without a signature is "Missing Authentication Token".
      if (e instanceof MissingCredentialsError) return denied('Missing Authentication Token', 'MissingAuthenticationTokenException');
      if (e instanceof UnauthorizedError) return denied(e.message, e.awsErrorType ?? 'UnrecognizedClientException');
      throw e;
    }
    // The handler reads the body itself: hand it a request that replays the bytes already read.
    const replay = Object.assign(Readable.from([Buffer.from(body)]), { url: req.url, method: req.method, headers: req.headers });
    await handler(replay as unknown as IncomingMessage, res);
  }

  const httpBase: { current: string } = { current: '' };
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Foreign Host (DNS rebinding) or Origin: refused before any route, EvaluateCode included.
    if (guardRequest(req, res)) return;
    const url = splitTarget(req.url);
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, CORS_HEADERS);
        res.end();
      } else if (req.method === 'POST' && url.pathname === '/graphql') {
        await handleGraphql(req, res);
      } else if (req.method === 'POST' && url.pathname === '/v1/dataplane-evaluatecode' && evaluateCode) {
        await handleEvaluateCodeSigned(req, res, evaluateCode);
      } else if (req.method === 'GET' && url.pathname === '/') {
        // The demo owner's token only ever goes to a page loaded through a loopback Host.
        const token = opts.graphiqlToken && hasLoopbackHost(req) ? await opts.graphiqlToken().catch(() => null) : null;
        introspectionJson ??= opts.introspection === false ? null : introspectionFromSchema(schema.schema);
        const html = graphiqlPage({ token, introspection: introspectionJson, host: req.headers.host, auth: opts.graphiqlAuth ?? null });
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(html);
      } else if (req.method === 'GET' && url.pathname.startsWith('/graphiql/')) {
        const asset = await graphiqlAsset(url.pathname.slice('/graphiql/'.length));
        if (!asset) sendJson(res, 404, { errors: [{ errorType: 'NotFound', message: 'No such asset.' }] });
        else {
          res.writeHead(200, { 'content-type': asset.contentType, 'cache-control': 'max-age=3600' });
          res.end(asset.body);
        }
      } else if (route(url.pathname)) {
        await route(url.pathname)!(req, res);
      } else if (req.method === 'GET' && url.pathname === '/health') {
        sendJson(res, 200, { ok: true, url: httpBase.current });
      } else {
        sendJson(res, 404, { errors: [{ errorType: 'NotFound', message: `No route for ${req.method} ${url.pathname}.` }] });
      }
    } catch (e) {
      opts.log.error('graphql endpoint request failed', { path: url.pathname, error: e instanceof Error ? e.stack : String(e) });
      if (!res.headersSent) sendJson(res, 500, { errors: [{ errorType: 'InternalFailureException', message: 'An internal error occurred.' }] });
      else res.end();
    }
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (guardUpgrade(req, socket)) return; // foreign Host or Origin: a page cannot open a subscription
    const path = splitTarget(req.url).pathname;
    if (!REALTIME_PATHS.has(path)) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    realtime!.handleUpgrade(req, socket, head);
  }

  const servers: Server[] = [];
  // GraphiQL and the demo page are served here: their origins may call the stack's other services.
  const unregisterOrigins: (() => void)[] = [];
  const http = createHttpServer((req, res) => void handle(req, res));
  http.on('upgrade', onUpgrade);
  await listen(http, opts.port, opts.host);
  servers.push(http);
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const httpPort = (http.address() as AddressInfo).port;
  unregisterOrigins.push(registerOwnOrigin('http', httpPort));
  httpBase.current = `http://${hostForUrl}:${httpPort}`;

  const endpoint: GraphqlEndpoint = {
    url: `${httpBase.current}/graphql`,
    realtimeUrl: `ws://${hostForUrl}:${httpPort}/graphql/realtime`,
    publish: (fieldName, payload) => realtime!.publish({ fieldName, payload }),
    subscriptionCount: () => realtime!.subscriptionCount,
    reloadSchema: (sdl) => {
      const next = buildAppSyncSchema(sdl);
      schema = next;
      runner = new OperationRunner(next, opts.executor, limits, hooks, opts.introspection ?? true);
      realtimeOptions.runner = runner;
      introspectionJson = undefined;
    },
    close: async () => {
      realtime!.close();
      for (const undo of unregisterOrigins) undo();
      await Promise.all(servers.map((s) => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); })));
    },
  };

  if (opts.httpsPort !== undefined) {
    if (!opts.tls) throw new Error('httpsPort needs tls.dir for the self-signed certificate');
    const material = ensureCertificate(opts.tls.dir);
    const https = createHttpsServer({ key: material.key, cert: material.cert }, (req, res) => void handle(req, res));
    https.on('upgrade', onUpgrade);
    await listen(https, opts.httpsPort, opts.host);
    servers.push(https);
    // The certificate names localhost and 127.0.0.1, so URLs use one of those.
    const tlsHost = opts.host === '0.0.0.0' || opts.host === '127.0.0.1' ? '127.0.0.1' : opts.host === '::' ? 'localhost' : hostForUrl;
    const httpsPort = (https.address() as AddressInfo).port;
    unregisterOrigins.push(registerOwnOrigin('https', httpsPort));
    endpoint.httpsUrl = `https://${tlsHost}:${httpsPort}/graphql`;
    endpoint.httpsRealtimeUrl = `wss://${tlsHost}:${httpsPort}/graphql/realtime`;
    endpoint.certPath = material.certPath;
  }

  // Fetch the JWKS now so a misconfigured Cognito endpoint shows at start, not on the first request.
  await authenticator.warmUp().catch((e) => opts.log.warn('could not load the user pool JWKS yet', { error: String(e) }));
  opts.log.info('graphql endpoint ready', { url: endpoint.url, realtimeUrl: endpoint.realtimeUrl, httpsUrl: endpoint.httpsUrl });
  return endpoint;
}

/** For log lines: "mutation publishSyncStatus" from an anonymous document, without parsing it again. */
function firstField(query: string): string {
  const m = /^\s*(query|mutation|subscription)?[^{]*\{\s*(?:\w+\s*:\s*)?(\w+)/.exec(query);
  return m ? `${m[1] ?? 'query'} ${m[2]}` : 'unknown';
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(e.code === 'EADDRINUSE' ? new Error(`GraphQL endpoint: port ${port} on ${host} is already in use`) : e);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
