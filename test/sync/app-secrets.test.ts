// App secrets: the local env fallback, and the cloud path through the real SSM client against a
// local HTTP server that speaks SSM's JSON protocol (AWS_ENDPOINT_URL_SSM points the SDK at it).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppSecretsError, loadAppSecrets } from '../../functions/sync/app-secrets.js';

describe('without *_PARAM variables', () => {
  it('reads the plain env vars and leaves unset ones out', async () => {
    const s = await loadAppSecrets({ KAKAO_REST_API_KEY: 'kakao-local', META_APP_SECRET: 'meta-local', KAKAO_CLIENT_SECRET: '' });
    expect(s).toEqual({ kakaoRestApiKey: 'kakao-local', metaAppSecret: 'meta-local' });
  });
});

describe('with *_PARAM variables (SSM)', () => {
  const params: Record<string, string> = {
    '/sivera/test/kakao/rest-api-key': 'kakao-from-ssm',
    '/sivera/test/meta/app-secret': 'meta-from-ssm',
  };
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
    const s = await loadAppSecrets({
      KAKAO_REST_API_KEY_PARAM: '/sivera/test/kakao/rest-api-key',
      KAKAO_REST_API_KEY: 'ignored-plain-value',
      META_APP_SECRET_PARAM: '/sivera/test/meta/app-secret',
      GOOGLE_OAUTH_CLIENT_ID: 'google-local',
    });
    expect(s).toEqual({ kakaoRestApiKey: 'kakao-from-ssm', metaAppSecret: 'meta-from-ssm', googleOAuthClientId: 'google-local' });
    expect(seen).toHaveLength(2);
    for (const r of seen) {
      expect(r.target).toBe('AmazonSSM.GetParameter');
      expect(r.contentType).toContain('application/x-amz-json-1.1');
      expect(r.body.WithDecryption).toBe(true);
      expect(r.auth).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST\/\d{8}\/us-east-1\/ssm\/aws4_request/);
    }
    expect(seen.map((r) => r.body.Name).sort()).toEqual(Object.keys(params).sort());
  });

  it('a named parameter that does not exist is a clear error', async () => {
    const p = loadAppSecrets({ KAKAO_CLIENT_SECRET_PARAM: '/sivera/test/kakao/client-secret' });
    await expect(p).rejects.toBeInstanceOf(AppSecretsError);
    await expect(p).rejects.toThrow(/\/sivera\/test\/kakao\/client-secret \(KAKAO_CLIENT_SECRET_PARAM\): ParameterNotFound/);
  });
});
