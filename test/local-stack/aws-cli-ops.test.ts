// The calls the AWS CLI makes first against the local KMS and Lambda endpoints (`aws kms list-keys`,
// `aws lambda get-function`, `aws lambda invoke --log-type Tail` …), through the unmodified SDK v3 clients:
// answered as AWS answers, with AWS's error classes, and SigV4-checked like every other operation.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import {
  CreateKeyCommand,
  CustomKeyStoreNotFoundException,
  DecryptCommand,
  DisableKeyCommand,
  DisabledException,
  EncryptCommand,
  GenerateRandomCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  InvalidMarkerException,
  KMSClient,
  ListKeysCommand,
  NotFoundException,
  ReEncryptCommand,
  paginateListKeys,
} from '@aws-sdk/client-kms';
import {
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  ResourceNotFoundException,
  paginateListFunctions,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKms, type KmsServer } from '../../local/services/kms.js';
import { startLambdaService, type LambdaService } from '../../local/services/lambda.js';
import { createStackLog } from '../../local/services/log.js';

const region = 'ap-northeast-2';
const credentials = { accessKeyId: 'AKIACLIOPSTEST000000', secretAccessKey: 'cli-ops-test-secret-access-key-000000000' };
const wrong = { ...credentials, secretAccessKey: 'not-the-secret-access-key-000000000000000' };
const dir = mkdtempSync(join(tmpdir(), 'cli-ops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const text = (b?: Uint8Array) => Buffer.from(b ?? []).toString('utf8');

describe('KMS: ListKeys, GetKeyPolicy, GetKeyRotationStatus, ReEncrypt, GenerateRandom', () => {
  let server: KmsServer;
  let kms: KMSClient;
  beforeAll(async () => {
    server = await startKms({ file: join(dir, 'kms.json'), region, credentials, accountId: '123456789012' });
    kms = new KMSClient({ endpoint: server.url, region, credentials, maxAttempts: 1 });
  });
  afterAll(async () => {
    kms?.destroy();
    await server?.stop();
  });

  it('ListKeys lists every key with its ARN and pages with Limit/Marker', async () => {
    const created = [];
    for (let i = 0; i < 4; i++) created.push((await kms.send(new CreateKeyCommand({ Description: `k${i}` }))).KeyMetadata!.KeyId!);
    const all = await kms.send(new ListKeysCommand({}));
    expect(all.Truncated).toBe(false);
    expect(all.NextMarker).toBeUndefined();
    expect(all.Keys!.map((k) => k.KeyId).sort()).toEqual([server.defaultKeyId, ...created].sort());
    for (const k of all.Keys!) expect(k.KeyArn).toBe(`arn:aws:kms:${region}:123456789012:key/${k.KeyId}`);

    const first = await kms.send(new ListKeysCommand({ Limit: 2 }));
    expect(first.Keys).toHaveLength(2);
    expect(first.Truncated).toBe(true);
    expect(first.NextMarker).toBeTypeOf('string');
    const paged: string[] = [];
    for await (const page of paginateListKeys({ client: kms, pageSize: 2 }, {})) paged.push(...page.Keys!.map((k) => k.KeyId!));
    expect(paged).toEqual(all.Keys!.map((k) => k.KeyId));

    await expect(kms.send(new ListKeysCommand({ Marker: 'not-a-marker' }))).rejects.toBeInstanceOf(InvalidMarkerException);
    await expect(kms.send(new ListKeysCommand({ Limit: 0 }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(kms.send(new ListKeysCommand({ Limit: 1001 }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it("GetKeyPolicy returns KMS's default key policy; GetKeyRotationStatus says the key does not rotate", async () => {
    const p = await kms.send(new GetKeyPolicyCommand({ KeyId: 'alias/sivera-credentials' }));
    expect(p.PolicyName).toBe('default');
    const policy = JSON.parse(p.Policy!) as { Version: string; Statement: { Effect: string; Principal: { AWS: string }; Action: string; Resource: string }[] };
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement).toEqual([expect.objectContaining({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' })]);
    expect((await kms.send(new GetKeyPolicyCommand({ KeyId: server.defaultKeyId, PolicyName: 'default' }))).Policy).toBe(p.Policy);
    await expect(kms.send(new GetKeyPolicyCommand({ KeyId: server.defaultKeyId, PolicyName: 'other' }))).rejects.toBeInstanceOf(NotFoundException);
    await expect(kms.send(new GetKeyPolicyCommand({ KeyId: server.defaultKeyId, PolicyName: 'bad name!' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(kms.send(new GetKeyPolicyCommand({ KeyId: '00000000-0000-0000-0000-000000000000' }))).rejects.toBeInstanceOf(NotFoundException);

    const r = await kms.send(new GetKeyRotationStatusCommand({ KeyId: 'alias/sivera-credentials' }));
    expect(r.KeyRotationEnabled).toBe(false);
    expect(r.KeyId).toBe(`arn:aws:kms:${region}:123456789012:key/${server.defaultKeyId}`);
    await expect(kms.send(new GetKeyRotationStatusCommand({ KeyId: 'alias/no-such' }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('ReEncrypt moves a ciphertext to another key and context without exposing the plaintext', async () => {
    const other = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const from = { userId: 'u1', platform: 'META' };
    const to = { userId: 'u1', platform: 'META', v: '2' };
    const enc = await kms.send(new EncryptCommand({ KeyId: 'alias/sivera-credentials', Plaintext: Buffer.from('re-encrypt me'), EncryptionContext: from }));
    const re = await kms.send(
      new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: from, DestinationKeyId: other, DestinationEncryptionContext: to }),
    );
    expect(re.SourceKeyId).toBe(`arn:aws:kms:${region}:123456789012:key/${server.defaultKeyId}`);
    expect(re.KeyId).toBe(`arn:aws:kms:${region}:123456789012:key/${other}`);
    expect(re.SourceEncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(re.DestinationEncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(text(re.CiphertextBlob)).not.toContain('re-encrypt me');
    expect(text((await kms.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: to }))).Plaintext)).toBe('re-encrypt me');
    // The new ciphertext is bound to the destination context only.
    await expect(kms.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: from }))).rejects.toBeInstanceOf(InvalidCiphertextException);

    await expect(
      kms.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: to, DestinationKeyId: other })),
    ).rejects.toBeInstanceOf(InvalidCiphertextException);
    await expect(
      kms.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: from, SourceKeyId: other, DestinationKeyId: other })),
    ).rejects.toBeInstanceOf(IncorrectKeyException);
    await expect(
      kms.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: from, DestinationKeyId: 'alias/no-such' })),
    ).rejects.toBeInstanceOf(NotFoundException);
    await expect(kms.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: from } as never))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      kms.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: from, DestinationKeyId: other, DryRun: true })),
    ).rejects.toMatchObject({ name: 'DryRunOperationException' });
    await kms.send(new DisableKeyCommand({ KeyId: other }));
    await expect(
      kms.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: from, DestinationKeyId: other })),
    ).rejects.toBeInstanceOf(DisabledException);
  });

  it('GenerateRandom returns NumberOfBytes random bytes and validates the count', async () => {
    const a = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }));
    const b = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }));
    expect(a.Plaintext).toHaveLength(32);
    expect(Buffer.from(a.Plaintext!).equals(Buffer.from(b.Plaintext!))).toBe(false);
    expect((await kms.send(new GenerateRandomCommand({ NumberOfBytes: 1024 }))).Plaintext).toHaveLength(1024);
    for (const n of [0, 1025, undefined]) {
      await expect(kms.send(new GenerateRandomCommand({ NumberOfBytes: n }))).rejects.toMatchObject({ name: 'ValidationException' });
    }
    await expect(kms.send(new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: 'cks-1234567890abcdef0' }))).rejects.toBeInstanceOf(
      CustomKeyStoreNotFoundException,
    );
  });

  it('refuses each new operation without a valid signature', async () => {
    const bad = new KMSClient({ endpoint: server.url, region, credentials: wrong, maxAttempts: 1 });
    try {
      for (const command of [
        new ListKeysCommand({}),
        new GetKeyPolicyCommand({ KeyId: server.defaultKeyId }),
        new GetKeyRotationStatusCommand({ KeyId: server.defaultKeyId }),
        new GenerateRandomCommand({ NumberOfBytes: 8 }),
        new ReEncryptCommand({ CiphertextBlob: Buffer.from('x'), DestinationKeyId: server.defaultKeyId }),
      ]) {
        await expect(bad.send(command as never)).rejects.toMatchObject({ name: 'InvalidSignatureException' });
      }
    } finally {
      bad.destroy();
    }
  });
});

describe('Lambda: ListFunctions, GetFunction, Invoke with LogType Tail', () => {
  let svc: LambdaService;
  let lambda: LambdaClient;
  const source = 'export const handler = async () => ({ ok: true });\n';
  beforeAll(async () => {
    writeFileSync(join(dir, 'echo.mjs'), source);
    const handlers: Parameters<typeof startLambdaService>[0]['handlers'] = {
      echo: {
        def: { timeout: 5, memorySize: 256, entry: 'echo.mjs', handler: 'handler' },
        load: async () => async (event: unknown) => {
          console.log('echoing', JSON.stringify(event));
          return event;
        },
      },
      failing: {
        def: { timeout: 5, memorySize: 128 },
        load: async () => async () => {
          console.log('about to fail');
          throw new TypeError('it broke');
        },
      },
      noisy: {
        def: { timeout: 5, memorySize: 128 },
        load: async () => async () => {
          for (let i = 0; i < 200; i++) console.log(`line ${String(i).padStart(3, '0')} ${'x'.repeat(40)}`);
          return 'done';
        },
      },
    };
    for (let i = 0; i < 3; i++) handlers[`extra-${i}`] = { def: { timeout: 1, memorySize: 128 }, load: async () => async () => null };
    svc = await startLambdaService({ root: dir, region, credentials, accountId: '123456789012', log: createStackLog(join(dir, 'stack.log'), false), handlers });
    lambda = new LambdaClient({ endpoint: svc.url, region, credentials, maxAttempts: 1 });
  });
  afterAll(async () => {
    lambda?.destroy();
    await svc?.stop();
  });
  const arn = (name: string) => `arn:aws:lambda:${region}:123456789012:function:${name}`;

  it('ListFunctions lists every function configuration and pages with MaxItems/Marker', async () => {
    const all = await lambda.send(new ListFunctionsCommand({}));
    expect(all.NextMarker).toBeUndefined();
    expect(all.Functions!.map((f) => f.FunctionName)).toEqual(['echo', 'extra-0', 'extra-1', 'extra-2', 'failing', 'noisy']);
    const echo = all.Functions!.find((f) => f.FunctionName === 'echo')!;
    expect(echo).toMatchObject({
      FunctionArn: arn('echo'),
      Handler: 'echo.handler',
      Timeout: 5,
      MemorySize: 256,
      Version: '$LATEST',
      State: 'Active',
      PackageType: 'Zip',
      CodeSize: Buffer.byteLength(source),
      CodeSha256: createHash('sha256').update(source).digest('base64'),
    });
    expect(echo.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);

    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListFunctions({ client: lambda, pageSize: 4 }, {})) {
      pages += 1;
      names.push(...page.Functions!.map((f) => f.FunctionName!));
    }
    expect(pages).toBe(2);
    expect(names).toEqual(all.Functions!.map((f) => f.FunctionName));
    await expect(lambda.send(new ListFunctionsCommand({ Marker: 'garbage' }))).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    await expect(lambda.send(new ListFunctionsCommand({ MaxItems: 0 }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('GetFunction returns the configuration and code location, by name or ARN; unknown → ResourceNotFoundException', async () => {
    const byName = await lambda.send(new GetFunctionCommand({ FunctionName: 'echo' }));
    expect(byName.Configuration?.FunctionArn).toBe(arn('echo'));
    expect(byName.Code?.Location).toMatch(/^file:\/\/.*\/echo\.mjs$/);
    const byArn = await lambda.send(new GetFunctionCommand({ FunctionName: arn('echo'), Qualifier: '$LATEST' }));
    expect(byArn.Configuration).toEqual(byName.Configuration);
    await expect(lambda.send(new GetFunctionCommand({ FunctionName: 'no-such' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(lambda.send(new GetFunctionCommand({ FunctionName: 'echo', Qualifier: '7' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it("Invoke with LogType Tail returns the invocation's log as LogResult (base64, last 4 KB), success and failure", async () => {
    const r = await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: JSON.stringify({ n: 7 }), LogType: 'Tail' }));
    const log = Buffer.from(r.LogResult!, 'base64').toString('utf8');
    expect(log).toMatch(/^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/m);
    // Handler output as the Node runtime writes it to CloudWatch: time, request id, level, message.
    expect(log).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z\t[0-9a-f-]{36}\tINFO\techoing \{"n":7\}$/m);
    expect(log).toMatch(/^END RequestId: /m);
    expect(log).toMatch(/^REPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\tMax Memory Used: \d+ MB$/m);
    // Without Tail there is no LogResult, as in Lambda.
    expect((await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: '{}' }))).LogResult).toBeUndefined();

    const failed = await lambda.send(new InvokeCommand({ FunctionName: 'failing', Payload: '{}', LogType: 'Tail' }));
    expect(failed.FunctionError).toBe('Unhandled');
    expect(Buffer.from(failed.LogResult!, 'base64').toString('utf8')).toMatch(/about to fail[\s\S]*TypeError: it broke/);

    const noisy = await lambda.send(new InvokeCommand({ FunctionName: 'noisy', Payload: '{}', LogType: 'Tail' }));
    const bytes = Buffer.from(noisy.LogResult!, 'base64');
    expect(bytes.length).toBe(4096);
    expect(bytes.toString('utf8')).toContain('line 199');
    expect(bytes.toString('utf8')).not.toContain('line 000');
    expect(bytes.toString('utf8')).toMatch(/REPORT RequestId: .*\n$/);
  });

  it('refuses the management calls without a valid signature', async () => {
    const bad = new LambdaClient({ endpoint: svc.url, region, credentials: wrong, maxAttempts: 1 });
    try {
      await expect(bad.send(new ListFunctionsCommand({}))).rejects.toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } });
      await expect(bad.send(new GetFunctionCommand({ FunctionName: 'echo' }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
      // Nothing leaks to an unsigned caller, not even whether a function exists.
      const unsigned = await fetch(`${svc.url}/2015-03-31/functions/`);
      expect(unsigned.status).toBe(403);
      expect(await unsigned.text()).not.toContain('echo');
    } finally {
      bad.destroy();
    }
  });
});
