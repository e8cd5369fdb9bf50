// The one SigV4 signer (lib/node/signed-request.ts) against the stack's verifier (local/services/sigv4.ts,
// which recomputes the signature with @smithy/signature-v4 as AWS does): what the sync Lambda, the tests
// and the real-time handshake send verifies, and a changed body or path does not.
import { describe, expect, it } from 'vitest';
import { appSyncIamSigner } from '../signed-request.js';
import { SigV4Error, verifySigV4 } from '../../../local/services/sigv4.js';

const credentials = { accessKeyId: 'AKIDSIGNTEST', secretAccessKey: 'sign-test-secret' };
const region = 'ap-northeast-2';
const signer = appSyncIamSigner({ credentials, region });
const verify = (path: string, headers: Record<string, string>, body: string) =>
  verifySigV4({ method: 'POST', path, headers, body }, { credentials, region, service: 'appsync' });

describe('appSyncIamSigner', () => {
  it('signs a GraphQL POST that verifies, and not once the body changes', async () => {
    const body = JSON.stringify({ query: '{ me { id } }' });
    const headers = await signer.headers('http://127.0.0.1:4000/graphql', body);
    expect(headers.host).toBe('127.0.0.1:4000');
    expect(headers['content-type']).toBe('application/json');
    await expect(verify('/graphql', headers, body)).resolves.toEqual({ accessKeyId: credentials.accessKeyId });
    await expect(verify('/graphql', headers, `${body} `)).rejects.toBeInstanceOf(SigV4Error);
  });

  it("signs the real-time connection as AppSync's IAM header: {} to <graphql>/connect with Amplify's headers", async () => {
    const headers = await signer.realtime('http://127.0.0.1:4000/graphql');
    expect(headers).toMatchObject({
      accept: 'application/json, text/javascript',
      'content-encoding': 'amz-1.0',
      'content-type': 'application/json; charset=UTF-8',
      host: '127.0.0.1:4000',
    });
    await expect(verify('/graphql/connect', headers, '{}')).resolves.toBeDefined();
    await expect(verify('/graphql', headers, '{}')).rejects.toBeInstanceOf(SigV4Error);
  });

  it("signs a start message's data to the GraphQL path", async () => {
    const data = JSON.stringify({ query: 'subscription { x }', variables: {} });
    const headers = await signer.realtime('http://127.0.0.1:4000/graphql', data);
    await expect(verify('/graphql', headers, data)).resolves.toBeDefined();
    await expect(verify('/graphql/connect', headers, data)).rejects.toBeInstanceOf(SigV4Error);
  });
});
