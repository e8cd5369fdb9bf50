// The canary: a unique secret goes through every credentials path (connect on each platform,
// re-connect, failed validation, KMS outage, status change, disconnect, list and other reads); then
// every GraphQL response, every line the stack logged and every item in every table are searched
// for it. Zero hits allowed. The test also proves it looked: the log must show the requests ran.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../../api/platforms.js';
import { tables, type TableKey } from '../../../api/tables.js';
import { docClient, gql, newUser, stackLogPath, table } from '../../../test/support/stack.js';
import { CONNECT, DISCONNECT, LIST, SET_STATUS, connectVars, kmsFault, validInput } from './helpers.js';

async function scanAll(key: TableKey): Promise<unknown[]> {
  const items: unknown[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await docClient().send(new ScanCommand({ TableName: table(key), ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The canary and the forms it could be logged in (JSON-escaped, URL-encoded, base64). */
function forms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64').replace(/=+$/, '')];
}

describe('canary: a secret never leaves the credentials Lambda except as ciphertext', () => {
  it('appears in no response, no log line and no table item', async () => {
    const canary = `CANARY-${randomUUID()}`;
    const user = await newUser('cred-canary');
    const responses: unknown[] = [];
    const call = async (query: string, variables: Record<string, unknown>) => {
      const res = await gql(user, query, variables);
      responses.push(res);
      return res;
    };

    // Every platform, with the canary in every secret field.
    const inputs = PLATFORMS.map((p) => validInput(p, canary));
    for (const input of inputs) expect((await call(CONNECT, connectVars(input))).errors).toBeUndefined();
    const [google, meta, naver, kakao] = inputs as [
      ReturnType<typeof validInput>,
      ReturnType<typeof validInput>,
      ReturnType<typeof validInput>,
      ReturnType<typeof validInput>,
    ];

    // Re-connect with the canary again (replace path).
    expect((await call(CONNECT, connectVars({ ...meta, displayName: 'canary account' }))).errors).toBeUndefined();

    // Error paths that see the secret: unknown key holding it, malformed value, mismatched account.
    const bad = [
      { ...meta, credentials: { accessToken: canary, leakedField: canary } },
      { ...kakao, credentials: { accessToken: `${canary} with spaces` } },
      { ...naver, accountId: '1', credentials: naver.credentials },
      { ...google, credentials: { ...google.credentials, customerId: canary } },
    ];
    for (const input of bad) expect((await call(CONNECT, connectVars(input))).errors?.[0]?.errorType).toBe('ValidationError');

    // KMS outage while the secret is in flight.
    const remove = await kmsFault({ error: 'unavailable', match: { userId: user.sub } });
    try {
      expect((await call(CONNECT, connectVars(kakao))).errors?.[0]?.errorType).toBe('InternalError');
    } finally {
      await remove();
    }

    // Reads and the other mutations.
    expect((await call(LIST, {})).errors).toBeUndefined();
    expect((await call(LIST, { platform: 'META' })).errors).toBeUndefined();
    expect((await call(SET_STATUS, { platform: 'NAVER', accountId: naver.normalizedId, status: 'INACTIVE' })).errors).toBeUndefined();
    expect((await call(DISCONNECT, { platform: 'KAKAO', accountId: kakao.normalizedId })).errors).toBeUndefined();
    expect((await call(LIST, {})).errors).toBeUndefined();
    // Other reads of the same owner's data (their success is other tests' business; here they are
    // more surfaces that must not carry the secret).
    await call(`query { me { userId email } }`, {});
    await call(`query($p: Platform!) { platformConfigs(platform: $p) { platform configs { configId settings } } }`, { p: 'META' });
    await call(`query($p: Platform!, $a: ID) { campaigns(platform: $p, accountId: $a) { items { campaignId } } }`, {
      p: 'META',
      a: meta.normalizedId,
    });

    const hits: string[] = [];
    const search = (where: string, text: string) => {
      for (const f of forms(canary)) if (text.includes(f)) hits.push(`${where} contains ${f === canary ? 'the canary' : 'an encoding of it'}`);
    };

    responses.forEach((r, i) => search(`response #${i}`, JSON.stringify(r)));

    const log = readFileSync(stackLogPath(), 'utf8');
    search('stack log', log);

    for (const key of Object.keys(tables) as TableKey[]) search(`table ${key}`, JSON.stringify(await scanAll(key)));

    expect(hits).toEqual([]);

    // Proof the search had something to search: the credentials Lambda logged these requests
    // (by account id), and the ciphertext is in the table.
    expect(log).toContain(meta.normalizedId);
    // Identifiers next to secrets stay readable (Naver's customerId equals its accountId and is not scrubbed).
    expect(log).toContain(`"accountId":"${naver.normalizedId}"`);
    expect(log).toMatch(/sivera-credentials/);
    const ours = (await scanAll('platformCredentials')).filter((i) => String((i as { ownerId?: string }).ownerId) === user.sub);
    expect(ours).toHaveLength(3);
  });
});
