// A persistent stack (dataDir) stopped and started again keeps everything: DynamoDB items (DynamoDB
// Local flushes on SIGTERM), Cognito's pool, client and users, and the KMS key material.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { freeFixedPorts } from '../../local/services/ports.js';
import { startStack, type Stack } from '../../local/stack.js';

const dir = mkdtempSync(join(tmpdir(), 'sivera-restart-'));
let running: Stack | undefined;
afterAll(async () => {
  await running?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function clients(s: Stack) {
  const o = s.outputs;
  return {
    doc: DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: o.dynamodb.endpoint, region: o.region, credentials: o.iam })),
    cognito: new CognitoIdentityProviderClient({ endpoint: o.cognito.endpoint, region: o.region, credentials: o.iam }),
    kms: new KMSClient({ endpoint: o.kms.endpoint, region: o.region, credentials: o.iam }),
  };
}

describe('stack restart with the same dataDir', () => {
  it('keeps tables, users, the pool and KMS keys', { timeout: 180_000 }, async () => {
    // Fixed ports across both starts, as npm start uses.
    const [dynamodb, cognito, kms, lambda] = await freeFixedPorts(4);
    const ports = { dynamodb, cognito, kms, lambda };
    const marker = randomUUID();
    const email = `restart-${marker.slice(0, 8)}@test.sivera.example`;
    const password = 'Restart123x';
    const ctx = { userId: marker };

    running = await startStack({ dataDir: dir, ports, fakes: false });
    const first = running.outputs;
    let c = clients(running);
    await c.doc.send(new PutCommand({ TableName: first.dynamodb.tables.users, Item: { userId: marker, email, note: 'written right before stop' } }));
    const up = await c.cognito.send(
      new SignUpCommand({ ClientId: first.cognito.userPoolClientId, Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }] }),
    );
    await c.cognito.send(new ConfirmSignUpCommand({ ClientId: first.cognito.userPoolClientId, Username: email, ConfirmationCode: first.cognito.confirmationCode }));
    const sealed = await c.kms.send(new EncryptCommand({ KeyId: first.kms.keyAlias, Plaintext: Buffer.from('kept'), EncryptionContext: ctx }));
    for (const x of Object.values(c)) x.destroy();

    const ddbProc = running.services.dynamodb.proc;
    await running.stop();
    running = undefined;
    expect(ddbProc.exitCode !== null || ddbProc.signalCode !== null).toBe(true); // the child is gone, not orphaned
    expect(existsSync(join(dir, 'dynamodb', 'shared-local-instance.db'))).toBe(true);

    running = await startStack({ dataDir: dir, ports, fakes: false });
    const second = running.outputs;
    c = clients(running);
    try {
      expect(second.cognito.userPoolId).toBe(first.cognito.userPoolId);
      expect(second.cognito.userPoolClientId).toBe(first.cognito.userPoolClientId);
      expect(second.kms.keyArn).toBe(first.kms.keyArn);

      const item = await c.doc.send(new GetCommand({ TableName: second.dynamodb.tables.users, Key: { userId: marker } }));
      expect(item.Item).toEqual({ userId: marker, email, note: 'written right before stop' });
      // The PostConfirmation row written through the first stack's Lambda is there too.
      const row = await c.doc.send(new GetCommand({ TableName: second.dynamodb.tables.users, Key: { userId: up.UserSub } }));
      expect(row.Item?.email).toBe(email);

      const auth = await c.cognito.send(
        new InitiateAuthCommand({ ClientId: second.cognito.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } }),
      );
      expect(auth.AuthenticationResult?.AccessToken).toBeTruthy();

      const opened = await c.kms.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: ctx }));
      expect(Buffer.from(opened.Plaintext!).toString()).toBe('kept');
    } finally {
      for (const x of Object.values(c)) x.destroy();
    }
  });
});
