// Attack class "cross-origin and rebinding" (issue 15): a web page the developer merely visits must
// not be able to use the local stack. A foreign Origin gets no CORS grant and its requests are refused
// before any handler runs; a DNS-rebinding page (Host: evil.example:<port>) is refused on every HTTP
// port and on the real-time WebSocket; GraphiQL embeds the demo owner's token only under a loopback Host.
// Against the shared test stack; requests go to 127.0.0.1 only.
import { request as httpRequest, createServer, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { checkServerIdentity } from 'node:tls';
import { AppSyncClient, EvaluateCodeCommand } from '@aws-sdk/client-appsync';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type GraphqlEndpoint } from '../../local/graphql-endpoint/server.js';
import { type Jwks, startFixtureEndpoint, startJwks } from '../graphql-endpoint/helpers.js';
import { newUser, outputs, type TestUser } from '../support/stack.js';
import { realtimeProtocols } from '../../client/realtime-protocol.js';

const EVIL = 'http://evil.example';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTP(S) request with headers fetch() would not let us set (Host). */
function send(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const u = new URL(url);
  const req =
    u.protocol === 'https:'
      ? // The certificate is checked against the URL's host, not against the (forged) Host header.
        httpsRequest(u, { method: opts.method ?? 'GET', headers: opts.headers, checkServerIdentity: (_h, cert) => checkServerIdentity(u.hostname, cert) })
      : httpRequest(u, { method: opts.method ?? 'GET', headers: opts.headers });
  return new Promise((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const preflight = (url: string, origin = EVIL) =>
  send(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization, x-amz-target' } });

/** An AWS SDK v3 client whose requests carry `origin`, as a browser page's would (added before signing). */
function withOrigin<C extends { middlewareStack: { add: (...a: never[]) => void } }>(client: C, origin: string): C {
  (client.middlewareStack as unknown as { add: (mw: unknown, o: unknown) => void }).add(
    (next: (a: { request: { headers: Record<string, string> } }) => unknown) => (args: { request: { headers: Record<string, string> } }) => {
      args.request.headers.origin = origin;
      return next(args);
    },
    { step: 'build', name: 'pageOrigin' },
  );
  return client;
}

const statusOf = (e: unknown) => (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** Every HTTP port of the stack, by name. */
function httpTargets(): [string, string][] {
  const o = outputs();
  const g = o.graphql!;
  const t: [string, string][] = [
    ['GraphQL', new URL('/health', g.url).href],
    ['Cognito', o.cognito.endpoint],
    ['KMS', o.kms.endpoint],
    ['Lambda', o.lambda.endpoint],
    ['DynamoDB Local', o.dynamodb.endpoint],
  ];
  if (g.httpsUrl) t.push(['GraphQL HTTPS', new URL('/health', g.httpsUrl).href]);
  for (const [k, v] of Object.entries(o.platforms ?? {})) if (/_API_URL$/.test(k)) t.push([`fake ${k}`, v]);
  return t;
}

let user: TestUser;
beforeAll(async () => {
  user = await newUser('cross-origin');
});

describe('a foreign Origin gets no CORS grant and is refused', () => {
  it('GraphQL: no Access-Control-Allow-Origin on the preflight; an authenticated POST is refused with 403', async () => {
    const g = outputs().graphql!;
    const pre = await preflight(g.url);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const res = await send(g.url, {
      method: 'POST',
      headers: { origin: EVIL, 'content-type': 'application/json', authorization: user.accessToken },
      body: JSON.stringify({ query: '{ me { userId } }' }),
    });
    expect(res.status).toBe(403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.body).not.toContain(user.sub);
  });

  it('EvaluateCode: a correctly signed call from a page is refused with 403 (no code runs)', async () => {
    const o = outputs();
    const endpoint = new URL(o.graphql!.url).origin;
    const pre = await preflight(`${endpoint}/v1/dataplane-evaluatecode`);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const client = withOrigin(new AppSyncClient({ endpoint, region: o.region, credentials: o.iam, maxAttempts: 1 }), EVIL);
    const call = client.send(
      new EvaluateCodeCommand({
        runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' },
        code: 'export function request(ctx) { return { ran: true }; }\nexport function response(ctx) { return ctx.result; }',
        context: '{}',
        function: 'request',
      }),
    );
    await expect(call).rejects.toSatisfy((e) => statusOf(e) === 403);
  });

  it('KMS: no CORS grant; a signed API call and a fault-endpoint POST are refused with 403', async () => {
    const o = outputs();
    const pre = await preflight(o.kms.endpoint);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const kms = withOrigin(new KMSClient({ endpoint: o.kms.endpoint, region: o.region, credentials: o.iam, maxAttempts: 1 }), EVIL);
    await expect(kms.send(new ListAliasesCommand({}))).rejects.toSatisfy((e) => statusOf(e) === 403);
    // `{}` is not a valid fault: even the vulnerable endpoint would add nothing.
    const fault = await send(o.kms.faultsUrl, { method: 'POST', headers: { origin: EVIL, 'content-type': 'text/plain' }, body: '{}' });
    expect(fault.status).toBe(403);
    expect(fault.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('Lambda Invoke: no CORS grant; a signed invocation (DryRun) is refused with 403', async () => {
    const o = outputs();
    const pre = await preflight(`${o.lambda.endpoint}/2015-03-31/functions/x/invocations`);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const lambda = withOrigin(new LambdaClient({ endpoint: o.lambda.endpoint, region: o.region, credentials: o.iam, maxAttempts: 1 }), EVIL);
    const name = Object.values(o.lambda.functions)[0]!;
    await expect(lambda.send(new InvokeCommand({ FunctionName: name, InvocationType: 'DryRun' }))).rejects.toSatisfy((e) => statusOf(e) === 403);
  });

  it('Cognito, DynamoDB Local, the fakes and the demo page: no CORS grant, requests refused with 403', async () => {
    const o = outputs();
    const cognitoPre = await preflight(o.cognito.endpoint);
    expect(cognitoPre.headers['access-control-allow-origin']).toBeUndefined();
    const signIn = await send(o.cognito.endpoint, {
      method: 'POST',
      headers: { origin: EVIL, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: JSON.stringify({ ClientId: o.cognito.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: user.email, PASSWORD: user.password } }),
    });
    expect(signIn.status).toBe(403);
    expect(signIn.body).not.toContain('AccessToken');

    const ddb = withOrigin(new DynamoDBClient({ endpoint: o.dynamodb.endpoint, region: o.region, credentials: o.iam, maxAttempts: 1 }), EVIL);
    await expect(ddb.send(new ListTablesCommand({}))).rejects.toSatisfy((e) => statusOf(e) === 403);

    for (const [k, url] of Object.entries(o.platforms ?? {})) {
      if (!/_API_URL$/.test(k)) continue;
      const res = await send(new URL('/__control/requests', url).href, { method: 'GET', headers: { origin: EVIL } });
      expect(res.status, k).toBe(403);
      expect(res.headers['access-control-allow-origin'], k).toBeUndefined();
    }

    const demo = await send(new URL('/demo/config.json', o.graphql!.url).href, { headers: { origin: EVIL } });
    expect(demo.status).toBe(403);
    expect(demo.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('the stack\'s own origins still work', () => {
  it('GraphQL answers its own page origins (127.0.0.1 and localhost, http and https) with that exact origin, never *', async () => {
    const g = outputs().graphql!;
    const port = new URL(g.url).port;
    const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
    if (g.httpsUrl) origins.push(`https://localhost:${new URL(g.httpsUrl).port}`);
    for (const origin of origins) {
      const pre = await preflight(g.url, origin);
      expect(pre.status, origin).toBe(204);
      expect(pre.headers['access-control-allow-origin'], origin).toBe(origin);
      const res = await send(g.url, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json', authorization: user.accessToken },
        body: JSON.stringify({ query: '{ me { userId } }' }),
      });
      expect(res.status, origin).toBe(200);
      expect(res.headers['access-control-allow-origin'], origin).toBe(origin);
      expect(JSON.parse(res.body)).toMatchObject({ data: { me: { userId: user.sub } } });
    }
  });

  it('Cognito grants the GraphQL page origin (the demo page signs in from there), not *', async () => {
    const o = outputs();
    const origin = new URL(o.graphql!.url).origin;
    const pre = await preflight(o.cognito.endpoint, origin);
    expect(pre.headers['access-control-allow-origin']).toBe(origin);
    const signIn = await send(o.cognito.endpoint, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: JSON.stringify({ ClientId: o.cognito.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: user.email, PASSWORD: user.password } }),
    });
    expect(signIn.status).toBe(200);
    expect(signIn.headers['access-control-allow-origin']).toBe(origin);
  });

  it('origins listed in SIVERA_CORS_ORIGINS are granted; anything else, and `*`, is not', async () => {
    // The guard is process-local: exercised on a server in this worker, with this worker's environment.
    const guard = await import('../../local/services/origin-guard.js');
    const server = createServer((req, res) => {
      if (guard.guardRequest(req, res)) return;
      res.writeHead(200).end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const saved = process.env.SIVERA_CORS_ORIGINS;
    try {
      process.env.SIVERA_CORS_ORIGINS = 'http://localhost:5173, http://127.0.0.1:5173';
      for (const origin of ['http://localhost:5173', 'http://127.0.0.1:5173']) {
        expect((await preflight(base, origin)).headers['access-control-allow-origin']).toBe(origin);
        const post = await send(base, { method: 'POST', headers: { origin }, body: 'x' });
        expect([post.status, post.headers['access-control-allow-origin']]).toEqual([200, origin]);
      }
      for (const origin of ['http://localhost:5174', 'https://localhost:5173', 'null', EVIL]) {
        expect((await preflight(base, origin)).headers['access-control-allow-origin'], origin).toBeUndefined();
        expect((await send(base, { method: 'POST', headers: { origin }, body: 'x' })).status, origin).toBe(403);
      }
      expect(() => guard.parseOrigins('*')).toThrow(/SIVERA_CORS_ORIGINS/);
      expect(() => guard.parseOrigins('http://localhost:5173/app')).toThrow(/SIVERA_CORS_ORIGINS/);
    } finally {
      if (saved === undefined) delete process.env.SIVERA_CORS_ORIGINS;
      else process.env.SIVERA_CORS_ORIGINS = saved;
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('DNS rebinding: a foreign Host is refused', () => {
  it('on every HTTP port of the stack (403), while 127.0.0.1 and localhost still answer', async () => {
    const accepted: string[] = [];
    for (const [name, url] of httpTargets()) {
      const port = new URL(url).port;
      const evil = await send(url, { headers: { host: `evil.example:${port}` } });
      if (evil.status !== 403) accepted.push(`${name} answered ${evil.status}`);
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
        // Some services answer 403 themselves (Naver's fake without a signature): only the guard's refusal counts.
        const ok = await send(url, { headers: { host } });
        expect(ok.body, `${name} with Host ${host}`).not.toContain('Host not allowed');
      }
    }
    expect(accepted, 'services that served a rebinding Host').toEqual([]);
  });

  const openWs = (url: string, headers: Record<string, string>) =>
    new Promise<{ opened: boolean; status?: number }>((resolve) => {
      const host = new URL(outputs().graphql!.url).host;
      const ws = new WebSocket(url, realtimeProtocols({ Authorization: user.accessToken, host }), { headers });
      ws.once('open', () => {
        ws.close();
        resolve({ opened: true });
      });
      ws.once('unexpected-response', (_req, res) => {
        resolve({ opened: false, status: res.statusCode });
        res.resume();
        ws.terminate();
      });
      ws.once('error', () => resolve({ opened: false }));
    });

  it('on the real-time WebSocket: a foreign Host or Origin gets 403; the stack\'s own origin connects', async () => {
    const g = outputs().graphql!;
    const port = new URL(g.url).port;
    expect(await openWs(g.realtimeUrl, { host: `evil.example:${port}` })).toEqual({ opened: false, status: 403 });
    expect(await openWs(g.realtimeUrl, { origin: EVIL })).toEqual({ opened: false, status: 403 });
    expect(await openWs(g.realtimeUrl, { origin: new URL(g.url).origin })).toEqual({ opened: true });
    expect(await openWs(g.realtimeUrl, {})).toEqual({ opened: true });
  });
});

describe('GraphiQL hands the demo owner token only to a loopback Host', () => {
  let jwks: Jwks;
  let endpoint: GraphqlEndpoint;
  let token: string;
  beforeAll(async () => {
    jwks = await startJwks();
    token = jwks.accessToken('demo-owner');
    endpoint = await startFixtureEndpoint(jwks, { graphiqlToken: async () => token, evaluateCode: null });
  });
  afterAll(async () => {
    await endpoint?.close();
    await jwks?.close();
  });

  it('a page fetched with Host: evil.example:<port> carries no token; 127.0.0.1 and localhost get it', async () => {
    const root = new URL('/', endpoint.url).href;
    const port = new URL(root).port;
    const evil = await send(root, { headers: { host: `evil.example:${port}` } });
    expect(evil.body).not.toContain(token);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const page = await send(root, { headers: { host } });
      expect(page.status).toBe(200);
      expect(page.body, host).toContain(token);
    }
  });

  it('the page builder itself embeds no token for a non-loopback Host', async () => {
    const { graphiqlPage } = await import('../../local/graphql-endpoint/graphiql.js');
    const build = graphiqlPage as (a: { token: string | null; introspection: unknown; host?: string }) => string;
    expect(build({ token: 'T0KEN-demo', introspection: null, host: 'evil.example:4000' })).not.toContain('T0KEN-demo');
    expect(build({ token: 'T0KEN-demo', introspection: null, host: '127.0.0.1:4000' })).toContain('T0KEN-demo');
  });
});
