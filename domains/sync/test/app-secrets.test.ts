// App secrets: the local env fallback, and the cloud path through the real SSM client against a
// local HTTP server that speaks SSM's JSON protocol (AWS_ENDPOINT_URL_SSM points the SDK at it). Each
// secret is read on its own: a missing or unreadable one is reported for its platform only.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppSecrets } from '../lambda/app-secrets.js';
import { createLogger, type LogLevel } from '../../../lib/node/logger.js';

/** A logger whose lines the test reads. */
function capture() {
  const lines: { level: LogLevel; line: string }[] = [];
  return { lines, log: createLogger({}, { level: 'debug', write: (line, level) => void lines.push({ level, line }) }) };
}

describe('without *_PARAM variables', () => {
  it('reads the plain env vars; an unset one is reported for its platform, the others are used', async () => {
    const { lines, log } = capture();
    const { secrets } = await loadAppSecrets({ KAKAO_REST_API_KEY: 'kakao-local', META_APP_SECRET: 'meta-local', KAKAO_CLIENT_SECRET: '' }, undefined, log);
    expect(secrets).toEqual({
      kakaoRestApiKey: 'kakao-local',
      metaAppSecret: 'meta-local',
      unavailable: { KAKAO: expect.stringMatching(/^Kakao client_secret on token refresh .* is off: KAKAO_CLIENT_SECRET is not set$/) },
    });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!.line)).toMatchObject({ level: 'info', msg: 'app secret unavailable', platform: 'KAKAO', envVar: 'KAKAO_CLIENT_SECRET' });
  });
});

describe('with *_PARAM variables (SSM)', () => {
  const params: Record<string, string> = {
    '/sivera/test/kakao/rest-api-key': 'kakao-from-ssm',
    '/sivera/test/meta/app-secret': 'meta-from-ssm',
  };
  /** Parameters the caller may not read (AccessDeniedException). */
  const denied = new Set(['/sivera/test/meta/denied']);
  const seen: { target?: string; contentType?: string; body: { Name?: string; WithDecryption?: boolean }; auth?: string }[] = [];
  let server: Server;
  const saved: Record<string, string | undefined> = {};
  const setEnv = (k: string, v: string) => {
    if (!(k in saved)) saved[k] = process.env[k];
    process.env[k] = v;
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const body = JSON.parse(raw || '{}') as { Name?: string; WithDecryption?: boolean };
        seen.push({ target: req.headers['x-amz-target'] as string, contentType: req.headers['content-type'], body, auth: req.headers.authorization });
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        if (req.headers['x-amz-target'] !== 'AmazonSSM.GetParameter') {
          res.statusCode = 400;
          res.end(JSON.stringify({ __type: 'InvalidAction', message: 'unexpected target' }));
          return;
        }
        if (body.Name && denied.has(body.Name)) {
          res.statusCode = 400;
          res.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'not authorized to perform ssm:GetParameter' }));
          return;
        }
        const value = body.Name ? params[body.Name] : undefined;
        if (value === undefined) {
          res.statusCode = 400;
          res.end(JSON.stringify({ __type: 'ParameterNotFound', message: `Parameter ${body.Name} not found.` }));
          return;
        }
        res.end(JSON.stringify({ Parameter: { Name: body.Name, Type: 'SecureString', Value: value, Version: 1, DataType: 'text' } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    setEnv('AWS_ENDPOINT_URL_SSM', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    setEnv('AWS_REGION', 'us-east-1');
    setEnv('AWS_ACCESS_KEY_ID', 'AKIDLOCALTEST');
    setEnv('AWS_SECRET_ACCESS_KEY', 'local-test-secret');
  });

  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('reads each named parameter with decryption; the parameter wins over a plain var', async () => {
    seen.length = 0;
    const { secrets, retry } = await loadAppSecrets({
      KAKAO_REST_API_KEY_PARAM: '/sivera/test/kakao/rest-api-key',
      KAKAO_REST_API_KEY: 'ignored-plain-value',
      META_APP_SECRET_PARAM: '/sivera/test/meta/app-secret',
      KAKAO_CLIENT_SECRET: 'kakao-secret-local',
    }, undefined, capture().log);
    expect(secrets).toEqual({ kakaoRestApiKey: 'kakao-from-ssm', metaAppSecret: 'meta-from-ssm', kakaoClientSecret: 'kakao-secret-local' });
    expect(retry).toBe(false);
    expect(seen).toHaveLength(2);
    for (const r of seen) {
      expect(r.target).toBe('AmazonSSM.GetParameter');
      expect(r.contentType).toContain('application/x-amz-json-1.1');
      expect(r.body.WithDecryption).toBe(true);
      expect(r.auth).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST\/\d{8}\/us-east-1\/ssm\/aws4_request/);
    }
    expect(seen.map((r) => r.body.Name).sort()).toEqual(Object.keys(params).sort());
  });

  it('one missing and one unreadable parameter: each disables only its platform, with a clear status; the rest is read', async () => {
    const { lines, log } = capture();
    const { secrets, retry, incomplete } = await loadAppSecrets(
      {
        KAKAO_REST_API_KEY_PARAM: '/sivera/test/kakao/rest-api-key',
        KAKAO_CLIENT_SECRET_PARAM: '/sivera/test/kakao/client-secret',
        META_APP_SECRET_PARAM: '/sivera/test/meta/denied',
      },
      undefined,
      log,
    );
    expect(secrets.kakaoRestApiKey).toBe('kakao-from-ssm');
    expect(secrets.kakaoClientSecret).toBeUndefined();
    expect(secrets.metaAppSecret).toBeUndefined();
    expect(secrets.unavailable).toEqual({
      KAKAO: 'Kakao client_secret on token refresh (needed only when the Kakao app enables a client secret) is off: SSM parameter /sivera/test/kakao/client-secret does not exist',
      META: 'Meta appsecret_proof request signing (needed when the Meta app requires it) is off: SSM parameter /sivera/test/meta/denied could not be read (AccessDeniedException)',
    });
    // Absence is rechecked later; an access failure on the next invocation.
    expect(incomplete).toBe(true);
    expect(retry).toBe(true);
    expect(lines.map((l) => JSON.parse(l.line) as Record<string, unknown>).map((l) => [l.level, l.platform, l.envVar])).toEqual([
      ['warn', 'KAKAO', 'KAKAO_CLIENT_SECRET'],
      ['warn', 'META', 'META_APP_SECRET'],
    ]);
    expect(lines.map((l) => l.line).join('\n')).not.toContain('kakao-from-ssm');
  });
});

describe('declared parameters are exactly the ones the adapters use', () => {
  it('each declared secret is read by its platform adapter, and adapters read no undeclared one', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { platformSecrets } = await import('../../../infra/platform-secrets.js');
    const dir = new URL('../../../lib/node/platforms/', import.meta.url);
    const used = new Map<string, Set<string>>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      for (const m of readFileSync(new URL(f, dir), 'utf8').matchAll(/opts\.secrets\??\.(\w+)/g)) {
        if (m[1] !== 'unavailable') (used.get(m[1]!) ?? used.set(m[1]!, new Set()).get(m[1]!)!).add(f);
      }
    }
    const adapterFile = { KAKAO: 'kakao.ts', META: 'meta.ts' } as const;
    for (const s of platformSecrets) expect([...(used.get(s.field) ?? [])], s.field).toEqual([adapterFile[s.platform]]);
    expect([...used.keys()].sort()).toEqual(platformSecrets.map((s) => s.field).sort());
  });
});
