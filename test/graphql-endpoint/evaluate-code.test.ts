// EvaluateCode served on the endpoint's origin (the runtime's handler from local/resolver-runtime/evaluate-code.ts),
// called with the unmodified @aws-sdk/client-appsync, and refused without a valid SigV4 signature.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppSyncClient, EvaluateCodeCommand } from '@aws-sdk/client-appsync';
import { type GraphqlEndpoint } from '../../local/graphql-endpoint/server.js';
import { IAM, type Jwks, startFixtureEndpoint, startJwks } from './helpers.js';

let jwks: Jwks;
let endpoint: GraphqlEndpoint;

beforeAll(async () => {
  jwks = await startJwks();
  endpoint = await startFixtureEndpoint(jwks);
});
afterAll(async () => {
  await endpoint?.close();
  await jwks?.close();
});

const code = `export function request(ctx) { return { id: ctx.args.id }; }
export function response(ctx) { return ctx.result; }`;

describe('EvaluateCode', () => {
  it('evaluates a handler for the AWS SDK client signed with the local IAM key', async () => {
    const client = new AppSyncClient({ endpoint: new URL(endpoint.url).origin, region: IAM.region, credentials: IAM });
    const out = await client.send(
      new EvaluateCodeCommand({ runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' }, code, context: JSON.stringify({ arguments: { id: 'abc' } }), function: 'request' }),
    );
    expect(JSON.parse(out.evaluationResult!)).toEqual({ id: 'abc' });
  });

  it('refuses unsigned and wrongly signed calls with 403 and the exception AWS names each with', async () => {
    const unsigned = await fetch(new URL('/v1/dataplane-evaluatecode', endpoint.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    const send = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
      new AppSyncClient({ endpoint: new URL(endpoint.url).origin, region: IAM.region, credentials }).send(
        new EvaluateCodeCommand({ runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' }, code, context: '{}', function: 'request' }),
      );
    await expect(send({ ...IAM, secretAccessKey: 'wrong' })).rejects.toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } });
    await expect(send({ accessKeyId: 'AKIDMADEUP', secretAccessKey: 'x' })).rejects.toMatchObject({ name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 403 } });
  });
});
