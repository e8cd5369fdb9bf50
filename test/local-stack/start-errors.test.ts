// The stack's actionable start errors: a port in use (naming the env var to change), Java missing,
// and a corrupt state directory — and nothing left running after a failed start.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { dynamoClient, startDynamoDbLocal } from '../../local/services/dynamodb.js';
import { freeFixedPorts, reservePort } from '../../local/services/ports.js';
import { startStack } from '../../local/stack.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sivera-start-errors-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error('expected the start to fail');
    },
    (e: Error) => e,
  );
}

describe('startStack errors', () => {
  it('names the port and its env var when a fixed port is taken, before starting anything', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const e = await failure(startStack({ ports: { kms: port } }));
      expect(e.name).toBe('PortInUseError');
      expect(e.message).toContain(`Port ${port} (KMS) is already in use`);
      expect(e.message).toContain('SIVERA_KMS_PORT=');
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('explains how to install Java when it is missing', async () => {
    const saved = process.env.JAVA;
    process.env.JAVA = '/nonexistent/bin/java';
    const cognitoPort = (await freeFixedPorts(1))[0]!;
    try {
      const e = await failure(startStack({ fakes: false, ports: { cognito: cognitoPort } }));
      expect(e.name).toBe('JavaMissingError');
      expect(e.message).toMatch(/Java 17 or newer/);
      expect(e.message).toMatch(/openjdk-17-jdk-headless/);
    } finally {
      if (saved === undefined) delete process.env.JAVA;
      else process.env.JAVA = saved;
    }
    await expect(reservePort(cognitoPort, 'cognito')).resolves.toBe(cognitoPort);
  });

  it('reports an unreadable KMS key file as corrupt state, with what to do', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'kms'), { recursive: true });
    writeFileSync(join(dir, 'kms', 'keys.json'), '{"keys": {');
    const e = await failure(startStack({ dataDir: dir, fakes: false }));
    expect(e.name).toBe('CorruptStateError');
    expect(e.message).toContain(join(dir, 'kms', 'keys.json'));
    expect(e.message).toMatch(/delete the whole \.local\/ directory/);
  });

  it('refuses a database whose tables no longer match api/tables.ts, and stops what it had started', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const old = await startDynamoDbLocal({ dbDir: join(dir, 'dynamodb') });
    const client = dynamoClient(old.endpoint, 'ap-northeast-2');
    await client.send(
      new CreateTableCommand({
        TableName: 'sivera-users',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    client.destroy();
    await old.stop();

    const [cognito, kms, lambda] = (await freeFixedPorts(3)) as [number, number, number];
    const ports = { cognito, kms, lambda };
    const e = await failure(startStack({ dataDir: dir, fakes: false, ports }));
    expect(e.message).toMatch(/sivera-users .*does not match api\/tables\.ts/);
    expect(e.message).toMatch(/Delete \.local\/dynamodb\//);
    // Cognito, KMS and Lambda had started in parallel; the failed start stopped them and freed their ports.
    for (const [name, port] of Object.entries(ports)) await expect(reservePort(port, name)).resolves.toBe(port);
  });

  it('reports a corrupt DynamoDB Local database file with what to do', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'dynamodb'), { recursive: true });
    writeFileSync(join(dir, 'dynamodb', 'shared-local-instance.db'), randomBytes(8192));
    const e = await failure(startStack({ dataDir: dir, fakes: false }));
    expect(e.message).toContain(`DynamoDB Local could not read its database under ${join(dir, 'dynamodb')}`);
    expect(e.message).toMatch(/delete that directory/);
  });

  it('reports unreadable Cognito state as corrupt state', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'cognito', '.cognito'), { recursive: true });
    writeFileSync(join(dir, 'cognito', '.cognito', 'config.json'), 'not json');
    const e = await failure(startStack({ dataDir: dir, fakes: false }));
    expect(e.name).toBe('CorruptCognitoStateError');
    expect(e.message).toContain(join(dir, 'cognito'));
  });
});
