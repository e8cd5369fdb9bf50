// connect / list / reconnect / setStatus / disconnect through the local stack's GraphQL endpoint, with
// the stored item checked directly in DynamoDB Local and decrypted with the stack's KMS.
import { describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PLATFORMS } from '../../../api/platforms.js';
import { decryptCredentials, CredentialCryptoError } from '../../../lib/node/credential-crypto.js';
import { OWNER_DEACTIVATED_REASON } from '../lambda/operations.js';
import { docClient, gql, newUser, snapshotFor, table, type TestUser } from '../../../test/support/stack.js';
import {
  DISCONNECT,
  LIST,
  SET_STATUS,
  connect,
  contextOf,
  getItem,
  kmsFault,
  stackKms,
  validInput,
} from './helpers.js';

function onlyError(res: { data?: unknown; errors?: { errorType?: string; message: string }[] }) {
  expect(res.errors).toHaveLength(1);
  return res.errors![0]!;
}

describe('connectPlatformAccount', () => {
  it.each(PLATFORMS)('%s: stores only ciphertext bound to the record, and returns the account without it', async (platform) => {
    const user = await newUser('cred-connect');
    const input = validInput(platform);
    const res = await connect(user, { ...input, displayName: 'Main account' });
    expect(res.errors).toBeUndefined();
    const account = res.data.connectPlatformAccount;
    expect(account).toEqual({
      ownerId: user.sub,
      platform,
      accountId: input.normalizedId,
      displayName: 'Main account',
      status: 'ACTIVE',
      statusReason: null,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      lastSyncAt: null,
    });

    const item = await getItem(user.sub, platform, input.normalizedId);
    expect(item).toMatchObject({ ownerId: user.sub, platform, status: 'active', displayName: 'Main account', createdAt: account.createdAt });
    expect(typeof item!.updatedAt).toBe('string');
    expect(item!.credentials).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const stored = JSON.stringify(item);
    for (const v of Object.values(input.credentials)) if (v.length > 10) expect(stored).not.toContain(v);

    // The Lambda encrypted under the item's own keys: the sync function can open it…
    const plain = await decryptCredentials(stackKms(), contextOf(item!), String(item!.credentials));
    expect(plain).toEqual(input.credentials);
  });

  it('lists the connected account (status only, never the secret)', async () => {
    const user = await newUser('cred-list');
    const input = validInput('META');
    await connect(user, input);
    const res = await gql(user, LIST, { platform: 'META' });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.platformAccounts).toEqual([expect.objectContaining({ accountId: input.normalizedId, status: 'ACTIVE' })]);
    expect(JSON.stringify(res)).not.toContain(input.credentials.accessToken);
  });

  it('re-connecting replaces the secret atomically, keeps createdAt and lastSyncAt, and re-activates', async () => {
    const user = await newUser('cred-reconnect');
    const first = validInput('NAVER');
    const created = (await connect(user, { ...first, displayName: 'Naver' })).data.connectPlatformAccount;
    // As a sync would leave it after hitting revoked credentials.
    await docClient().send(
      new UpdateCommand({
        TableName: table('platformCredentials'),
        Key: { userPlatform: `${user.sub}#NAVER`, accountId: first.normalizedId },
        UpdateExpression: 'SET #s = :s, statusReason = :r, lastSyncAt = :l',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'inactive', ':r': 'Credentials revoked', ':l': '2026-11-01T00:00:00.000Z' },
      }),
    );
    const before = await getItem(user.sub, 'NAVER', first.normalizedId);

    const second = { ...first, credentials: { ...first.credentials, secretKey: 'rotated-secret-key-2' } };
    const res = await connect(user, second);
    expect(res.errors).toBeUndefined();
    expect(res.data.connectPlatformAccount).toMatchObject({
      createdAt: created.createdAt,
      lastSyncAt: '2026-11-01T00:00:00.000Z',
      status: 'ACTIVE',
      statusReason: null,
      displayName: 'Naver', // not given again: kept
    });
    const after = await getItem(user.sub, 'NAVER', first.normalizedId);
    expect(after!.credentials).not.toBe(before!.credentials);
    expect(await decryptCredentials(stackKms(), contextOf(after!), String(after!.credentials))).toEqual(second.credentials);
    expect(after!.updatedAt).not.toBe(before!.updatedAt);
  });

  it.each([
    ['GOOGLE_ADS', { clientId: 'c-1', refreshToken: 'r-1', customerId: '1234567890' }, 'credentials.clientSecret'],
    ['META', { accessToken: 'tok-1', appSecret: 'x-1' }, 'credentials.appSecret'],
    ['NAVER', { apiKey: 'k-1', secretKey: 's-1', customerId: 'abc' }, 'credentials.customerId'],
    ['KAKAO', {}, 'credentials.accessToken'],
  ] as const)('%s: rejects invalid credentials with a ValidationError naming the field, storing nothing', async (platform, credentials, field) => {
    const user = await newUser('cred-invalid');
    const input = validInput(platform);
    const before = await snapshotFor([user]);
    const res = await connect(user, { platform, accountId: input.accountId, credentials });
    const err = onlyError(res);
    expect(err.errorType).toBe('ValidationError');
    expect(err.message).toContain(field);
    for (const v of Object.values(credentials)) expect(err.message).not.toContain(v);
    expect(res.data?.connectPlatformAccount ?? null).toBeNull();
    expect(await snapshotFor([user])).toEqual(before);
  });

  it.each([
    ['GOOGLE_ADS', '12-34'],
    ['META', '1029x'],
    ['NAVER', 'customer-1'],
    ['KAKAO', 'act_1'],
  ] as const)('%s: rejects a malformed accountId', async (platform, accountId) => {
    const user = await newUser('cred-bad-id');
    const err = onlyError(await connect(user, { ...validInput(platform), accountId }));
    expect(err.errorType).toBe('ValidationError');
    expect(err.message).toContain('accountId');
  });

  it('rejects an overlong displayName', async () => {
    const user = await newUser('cred-name');
    const err = onlyError(await connect(user, { ...validInput('KAKAO'), displayName: 'n'.repeat(101) }));
    expect(err.errorType).toBe('ValidationError');
    expect(err.message).toContain('displayName');
  });

  it('KMS unavailable → InternalError, nothing stored; a re-connect during the outage keeps the old secret', async () => {
    const user = await newUser('cred-kms-down');
    const input = validInput('KAKAO');
    const remove = await kmsFault({ error: 'unavailable', match: { userId: user.sub } });
    try {
      const err = onlyError(await connect(user, input));
      expect(err.errorType).toBe('InternalError');
      expect(err.message).toMatch(/nothing was stored/);
      expect(await getItem(user.sub, 'KAKAO', input.normalizedId)).toBeUndefined();
    } finally {
      await remove();
    }
    expect((await connect(user, input)).errors).toBeUndefined();
    const good = await getItem(user.sub, 'KAKAO', input.normalizedId);

    const remove2 = await kmsFault({ error: 'KMSInternalException', match: { userId: user.sub } });
    try {
      const err = onlyError(await connect(user, { ...input, credentials: { accessToken: 'replacement-token-1' } }));
      expect(err.errorType).toBe('InternalError');
    } finally {
      await remove2();
    }
    expect(await getItem(user.sub, 'KAKAO', input.normalizedId)).toEqual(good);
  });

  it('KMS access denied → Unauthorized, nothing stored', async () => {
    const user = await newUser('cred-kms-denied');
    const input = validInput('META');
    const remove = await kmsFault({ error: 'AccessDeniedException', match: { userId: user.sub } });
    try {
      const err = onlyError(await connect(user, input));
      expect(err.errorType).toBe('Unauthorized');
      expect(await getItem(user.sub, 'META', input.normalizedId)).toBeUndefined();
    } finally {
      await remove();
    }
  });
});

describe('ciphertext binding', () => {
  it('swapping two accounts’ ciphertexts in the table makes both undecryptable', async () => {
    const alice = await newUser('cred-swap-a');
    const bob = await newUser('cred-swap-b');
    const a1 = validInput('META');
    const a2 = validInput('META');
    const b1 = validInput('META');
    for (const [u, i] of [[alice, a1], [alice, a2], [bob, b1]] as const) expect((await connect(u, i)).errors).toBeUndefined();

    const swap = async (x: [TestUser, string], y: [TestUser, string]) => {
      const ix = (await getItem(x[0].sub, 'META', x[1]))!;
      const iy = (await getItem(y[0].sub, 'META', y[1]))!;
      const put = (owner: TestUser, accountId: string, credentials: unknown) =>
        docClient().send(
          new UpdateCommand({
            TableName: table('platformCredentials'),
            Key: { userPlatform: `${owner.sub}#META`, accountId },
            UpdateExpression: 'SET credentials = :c',
            ExpressionAttributeValues: { ':c': credentials },
          }),
        );
      await put(x[0], x[1], iy.credentials);
      await put(y[0], y[1], ix.credentials);
    };

    // Same owner, two accounts; and across owners.
    await swap([alice, a1.normalizedId], [alice, a2.normalizedId]);
    await swap([alice, a2.normalizedId], [bob, b1.normalizedId]);
    for (const [u, i] of [[alice, a1], [alice, a2], [bob, b1]] as const) {
      const item = (await getItem(u.sub, 'META', i.normalizedId))!;
      const err = await decryptCredentials(stackKms(), contextOf(item), String(item.credentials)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CredentialCryptoError);
      expect((err as CredentialCryptoError).reason).toBe('INVALID_CIPHERTEXT');
    }
  });
});

describe('setPlatformAccountStatus', () => {
  it('sets INACTIVE with a reason and back to ACTIVE, never touching the secret', async () => {
    const user = await newUser('cred-status');
    const input = validInput('GOOGLE_ADS');
    await connect(user, input);
    const sealed = (await getItem(user.sub, 'GOOGLE_ADS', input.normalizedId))!.credentials;

    const off = await gql(user, SET_STATUS, { platform: 'GOOGLE_ADS', accountId: input.accountId, status: 'INACTIVE' });
    expect(off.errors).toBeUndefined();
    expect(off.data.setPlatformAccountStatus).toMatchObject({
      accountId: input.normalizedId,
      status: 'INACTIVE',
      statusReason: OWNER_DEACTIVATED_REASON,
    });
    expect((await getItem(user.sub, 'GOOGLE_ADS', input.normalizedId))).toMatchObject({ status: 'inactive', credentials: sealed });

    const on = await gql(user, SET_STATUS, { platform: 'GOOGLE_ADS', accountId: input.normalizedId, status: 'ACTIVE' });
    expect(on.data.setPlatformAccountStatus).toMatchObject({ status: 'ACTIVE', statusReason: null });
    expect((await getItem(user.sub, 'GOOGLE_ADS', input.normalizedId))).toMatchObject({ status: 'active', credentials: sealed });
  });

  it('NotFound for an account that is not connected, and nothing is created', async () => {
    const user = await newUser('cred-status-404');
    const err = onlyError(await gql(user, SET_STATUS, { platform: 'META', accountId: 'act_999', status: 'ACTIVE' }));
    expect(err.errorType).toBe('NotFound');
    expect(await getItem(user.sub, 'META', 'act_999')).toBeUndefined();
  });
});

describe('disconnectPlatformAccount', () => {
  it('deletes the item (and the secret); the account leaves the list; a second disconnect is NotFound', async () => {
    const user = await newUser('cred-disconnect');
    const input = validInput('GOOGLE_ADS');
    const keep = validInput('GOOGLE_ADS');
    await connect(user, input);
    await connect(user, keep);

    // Dashed form accepted: the id is normalized the same way as on connect.
    const res = await gql(user, DISCONNECT, { platform: 'GOOGLE_ADS', accountId: input.accountId });
    expect(res.errors).toBeUndefined();
    expect(res.data.disconnectPlatformAccount).toBe(input.normalizedId);
    expect(await getItem(user.sub, 'GOOGLE_ADS', input.normalizedId)).toBeUndefined();
    expect(await getItem(user.sub, 'GOOGLE_ADS', keep.normalizedId)).toBeDefined();

    const list = await gql(user, LIST, { platform: 'GOOGLE_ADS' });
    expect(list.data.platformAccounts.map((a: { accountId: string }) => a.accountId)).toEqual([keep.normalizedId]);

    const again = onlyError(await gql(user, DISCONNECT, { platform: 'GOOGLE_ADS', accountId: input.normalizedId }));
    expect(again.errorType).toBe('NotFound');
  });
});
