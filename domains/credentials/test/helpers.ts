// Shared by the credentials integration tests: GraphQL documents, valid inputs per platform, direct
// table access and KMS fault injection on the running local stack.
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { docClient, gql, outputs, table, type TestUser } from '../../../test/support/stack.js';
import { credentialKms, type CredentialContext, type CredentialKms } from '../../../lib/node/credential-crypto.js';
import { lambdaConfigOf } from '../../../local/lambda-config.js';
import type { Platform } from '../../../api/generated/schema-types.js';

export const ACCOUNT_FIELDS = 'ownerId platform accountId displayName status statusReason createdAt lastSyncAt';

export const CONNECT = /* GraphQL */ `
  mutation Connect($input: ConnectPlatformAccountInput!) {
    connectPlatformAccount(input: $input) { ${ACCOUNT_FIELDS} }
  }`;
export const DISCONNECT = /* GraphQL */ `
  mutation Disconnect($platform: Platform!, $accountId: ID!) {
    disconnectPlatformAccount(platform: $platform, accountId: $accountId)
  }`;
export const SET_STATUS = /* GraphQL */ `
  mutation SetStatus($platform: Platform!, $accountId: ID!, $status: AccountStatus!) {
    setPlatformAccountStatus(platform: $platform, accountId: $accountId, status: $status) { ${ACCOUNT_FIELDS} }
  }`;
export const LIST = /* GraphQL */ `
  query List($platform: Platform, $ownerId: ID) {
    platformAccounts(platform: $platform, ownerId: $ownerId) { ${ACCOUNT_FIELDS} }
  }`;


/** A random digit string (unique enough across parallel test files). */
export function digits(n: number): string {
  let s = String(1 + Math.floor(Math.random() * 9));
  while (s.length < n) s += String(Math.floor(Math.random() * 10));
  return s;
}

/** Valid connect input for each platform; `secret` goes into every secret field. */
export function validInput(platform: Platform, secret = `s-${randomUUID()}`) {
  switch (platform) {
    case 'GOOGLE_ADS': {
      const id = digits(10);
      return {
        platform,
        accountId: `${id.slice(0, 3)}-${id.slice(3, 6)}-${id.slice(6)}`,
        normalizedId: id,
        credentials: { clientId: `cid-${secret}`, clientSecret: secret, refreshToken: `rt-${secret}`, customerId: id },
      };
    }
    case 'META': {
      const id = `act_${digits(12)}`;
      return { platform, accountId: id, normalizedId: id, credentials: { accessToken: secret } };
    }
    case 'NAVER': {
      const id = digits(7);
      return { platform, accountId: id, normalizedId: id, credentials: { apiKey: `k-${secret}`, secretKey: secret, customerId: id } };
    }
    case 'KAKAO': {
      const id = digits(6);
      return { platform, accountId: id, normalizedId: id, credentials: { accessToken: secret, refreshToken: `r-${secret}` } };
    }
  }
}

/** AWSJSON arguments travel as JSON strings. */
export function connectVars(input: { platform: string; accountId: string; credentials: unknown; displayName?: string | null }) {
  return {
    input: {
      platform: input.platform,
      accountId: input.accountId,
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
      credentials: JSON.stringify(input.credentials),
    },
  };
}

export async function connect(user: TestUser, input: Parameters<typeof connectVars>[0]) {
  return gql(user, CONNECT, connectVars(input));
}

export async function getItem(ownerId: string, platform: string, accountId: string): Promise<Record<string, unknown> | undefined> {
  const out = await docClient().send(
    new GetCommand({ TableName: table('platformCredentials'), Key: { userPlatform: `${ownerId}#${platform}`, accountId }, ConsistentRead: true }),
  );
  return out.Item;
}

/** The encryption context rebuilt from an item's own keys, as the sync function must do. */
export function contextOf(item: Record<string, unknown>): CredentialContext {
  const [userId, platform] = String(item.userPlatform).split('#');
  return { userId: userId!, platform: platform!, accountId: String(item.accountId) };
}

let kms: CredentialKms | undefined;
/** The stack's KMS client and key as its Lambdas get them, so tests can decrypt what the Lambda stored. */
export function stackKms(): CredentialKms {
  const c = lambdaConfigOf(outputs());
  return (kms ??= credentialKms(c.aws, c.kmsKeyId));
}

/** KMS fault injection on the stack (scope it with `match` on the encryption context). */
export { kmsFault } from '../../../test/support/stack.js';
