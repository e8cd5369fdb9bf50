// The machinery every fake platform server shares: HTTP plumbing, the request log, fault rules and
// the JSON control API under /__control (so tests in another process can drive a fake).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardRequest } from '../services/origin-guard.js';
import { dateIn } from '../../lib/node/platforms/dates.js';
import { awsErrorType, SigV4Error, verifyIncoming } from '../services/sigv4.js';
import { CONTROL_SIGNING_NAME, type ControlAuth } from './control.js';
import type { FakeOptions, FakePlatform, FaultRule, RequestLogEntry, SeedAccount } from './types.js';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  rawQuery: string;
  headers: Record<string, string>;
  body: string;
  /** Origin the client used (for absolute paging links). */
  origin: string;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  /** A body written chunk by chunk (Google searchStream), so big answers never sit in memory whole. */
  chunks?: AsyncIterable<string> | Iterable<string>;
}

export interface StoredAccount extends SeedAccount {
  revoked?: boolean;
}

export interface FakeState {
  accounts: Map<string, StoredAccount>;
  options: Required<FakeOptions>;
  now(): number;
  today(account: SeedAccount): string;
}

export interface PlatformFake {
  platform: FakePlatform;
  handle(req: FakeRequest, state: FakeState, fault: FaultRule | undefined): Promise<FakeResponse>;
  /** Platform-side effect of revocation beyond `revoked = true` (drop issued tokens, rotate a key). */
  onRevoke?(account: StoredAccount): void;
  /** Headers the platform puts on every answer, injected faults included (Naver's X-Transaction-ID). */
  commonHeaders?(): Record<string, string>;
  /** Forget platform-side session state (issued tokens, throttle windows). */
  reset?(): void;
  /** The records this fake serves for an account, in the platform's own JSON (for field-by-field test checks). */
  raw(account: SeedAccount, state: FakeState, from: string, to: string): { account: unknown; campaigns: unknown[]; daily: unknown[] };
}

export const DEFAULT_OPTIONS: Required<FakeOptions> = {
  googlePageSize: 10_000,
  googleStreamBatchSize: 10_000,
  metaMaxPageSize: 500,
  metaInsightsMaxDays: 400,
  kakaoReportIntervalMs: 5_000,
  naverMaxRps: 30,
  naverTimestampWindowMs: 5 * 60_000,
  naverZeroRows: false,
  clockOffsetMs: 0,
};

interface ActiveRule extends FaultRule {
  id: string;
  seen: number;
  applied: number;
}

export interface RunningFake {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const MAX_LOG = 5_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** controlAuth: /__control then takes only requests SigV4-signed with this key pair (see control.ts). */
export async function startFake(fake: PlatformFake, port = 0, controlAuth?: ControlAuth): Promise<RunningFake> {
  const accounts = new Map<string, StoredAccount>();
  let options: Required<FakeOptions> = { ...DEFAULT_OPTIONS };
  let rules: ActiveRule[] = [];
  let log: RequestLogEntry[] = [];
  let ruleSeq = 0;
  const state: FakeState = {
    accounts,
    get options() {
      return options;
    },
    now: () => Date.now() + options.clockOffsetMs,
    today: (account) => dateIn(account.timeZone, Date.now() + options.clockOffsetMs),
  };

  const revoke = (accountId: string) => {
    const a = accounts.get(accountId);
    if (!a) return false;
    a.revoked = true;
    fake.onRevoke?.(a);
    return true;
  };

  async function control(req: FakeRequest): Promise<FakeResponse> {
    const route = `${req.method} ${req.path.slice('/__control'.length)}`;
    const body = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
    if (route === 'POST /accounts') {
      const a = body as unknown as SeedAccount;
      if (a.platform !== fake.platform) return { status: 400, json: { error: `account is for ${a.platform}` } };
      accounts.set(a.accountId, { ...a, revoked: false });
      return { status: 200, json: { ok: true } };
    }
    if (route === 'PATCH /accounts') {
      const a = accounts.get(String(body.accountId));
      if (!a) return { status: 404, json: { error: 'no such account' } };
      Object.assign(a, body.patch);
      return { status: 200, json: { ok: true } };
    }
    if (route === 'POST /revoke') return { status: revoke(String(body.accountId)) ? 200 : 404, json: {} };
    if (route === 'POST /faults') {
      const id = `rule-${++ruleSeq}`;
      rules.push({ times: 1, after: 0, ...(body as FaultRule), id, seen: 0, applied: 0 });
      return { status: 200, json: { id } };
    }
    if (route === 'GET /faults') return { status: 200, json: rules };
    if (route === 'DELETE /faults') {
      rules = [];
      return { status: 200, json: {} };
    }
    if (route === 'POST /options') {
      options = { ...options, ...(body as FakeOptions) };
      return { status: 200, json: options };
    }
    if (route === 'GET /requests') {
      const accountId = req.query.get('contains');
      return { status: 200, json: accountId ? log.filter((e) => JSON.stringify(e).includes(accountId)) : log };
    }
    if (route === 'DELETE /requests') {
      log = [];
      return { status: 200, json: {} };
    }
    if (route === 'GET /raw') {
      const a = accounts.get(req.query.get('accountId') ?? '');
      if (!a) return { status: 404, json: { error: 'no such account' } };
      return { status: 200, json: fake.raw(a, state, req.query.get('from') ?? '', req.query.get('to') ?? '') };
    }
    if (route === 'POST /reset') {
      accounts.clear();
      rules = [];
      log = [];
      options = { ...DEFAULT_OPTIONS };
      fake.reset?.();
      return { status: 200, json: {} };
    }
    return { status: 404, json: { error: `unknown control route ${route}` } };
  }

  function matchRule(req: FakeRequest): ActiveRule | undefined {
    for (const r of rules) {
      if (r.method && r.method.toUpperCase() !== req.method) continue;
      if (r.path && !new RegExp(r.path).test(req.path)) continue;
      if (r.accountId && !req.path.includes(r.accountId) && !req.rawQuery.includes(r.accountId) && !Object.values(req.headers).includes(r.accountId)) continue;
      if (r.queryIncludes && !decodeURIComponent(req.rawQuery).includes(r.queryIncludes)) continue;
      if (r.bodyIncludes && !req.body.includes(r.bodyIncludes)) continue;
      r.seen++;
      if (r.seen <= (r.after ?? 0)) continue;
      if (r.times !== -1 && r.applied >= (r.times ?? 1)) continue;
      r.applied++;
      return r;
    }
    return undefined;
  }

  async function send(res: ServerResponse, out: FakeResponse): Promise<void> {
    const headers = { ...(out.headers ?? {}) };
    if (out.json !== undefined && !headers['content-type']) headers['content-type'] = 'application/json; charset=UTF-8';
    res.writeHead(out.status, headers);
    if (out.chunks) {
      for await (const c of out.chunks) {
        if (!res.write(c)) await new Promise((r) => res.once('drain', r));
      }
      res.end();
    } else res.end(out.json === undefined ? '' : JSON.stringify(out.json));
  }

  const server = createServer(async (inc: IncomingMessage, res: ServerResponse) => {
    if (guardRequest(inc, res)) return; // foreign Host or Origin: no web page drives a fake
    try {
      const chunks: Buffer[] = [];
      for await (const c of inc) chunks.push(c as Buffer);
      const host = inc.headers.host ?? '127.0.0.1';
      const url = new URL(inc.url ?? '/', `http://${host}`);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(inc.headers)) if (typeof v === 'string') headers[k] = v;
      const req: FakeRequest = {
        method: (inc.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        query: url.searchParams,
        rawQuery: url.search.slice(1),
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
        origin: `http://${host}`,
      };
      if (req.path.startsWith('/__control/')) {
        if (controlAuth) {
          try {
            await verifyIncoming(inc, Buffer.concat(chunks), { ...controlAuth, service: CONTROL_SIGNING_NAME });
          } catch (e) {
            if (!(e instanceof SigV4Error)) throw e;
            const type = awsErrorType(e.failure);
            res.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': type }).end(JSON.stringify({ __type: type, message: e.message }));
            return;
          }
        }
        await send(res, await control(req));
        return;
      }
      const rule = matchRule(req);
      let out: FakeResponse;
      if (rule?.delayMs) await sleep(rule.delayMs);
      if (rule?.destroy) {
        inc.socket.destroy();
        return;
      }
      if (rule?.revokeAccount) revoke(rule.revokeAccount);
      if (rule?.status) out = { status: rule.status, headers: { ...fake.commonHeaders?.(), ...rule.headers }, json: rule.body };
      else out = await fake.handle(req, state, rule);
      log.push({ platform: fake.platform, method: req.method, path: req.path, query: req.rawQuery, headers, body: req.body, status: out.status, at: Date.now() });
      if (log.length > MAX_LOG) log = log.slice(-MAX_LOG);
      await send(res, out);
    } catch (e) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `fake ${fake.platform} crashed: ${(e as Error).message}` }));
    }
  });
  // The bench streams large bodies; keep-alive sockets must not time out under load.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
