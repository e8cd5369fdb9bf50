// A KMS-compatible endpoint speaking KMS's JSON 1.1 wire protocol (X-Amz-Target: TrentService.<Op>),
// so the unmodified @aws-sdk/client-kms works against it. Nothing on npm emulates KMS without Docker,
// hence this file. Symmetric keys only: AES-256-GCM, random 96-bit IV, the encryption context bound
// as additional authenticated data, so a ciphertext only decrypts with the exact context it was made with.
//
// Ciphertext blob: 0x01 | keyIdLength | keyId | iv(12) | tag(16) | ciphertext. Like KMS, Decrypt
// finds the key from the blob, so KeyId is optional there.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writePrivateFile } from './files.js';
import type { StackLog } from './log.js';
import { guardRequest } from './origin-guard.js';
import { listenLoopback } from './ports.js';
import type { IamCredentials } from './secrets.js';
import { signedFetch } from '../../lib/node/signed-request.js';
import { awsErrorType, SigV4Error, verifyIncoming } from './sigv4.js';

export const DEFAULT_KEY_ALIAS = 'alias/sivera-credentials';

interface StoredKey {
  material: string; // base64, 32 bytes
  enabled: boolean;
  description: string;
  createdAt: number; // epoch seconds
}
interface Store {
  keys: Record<string, StoredKey>;
  aliases: Record<string, { keyId: string; createdAt: number }>;
}

export class KmsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export class CorruptStateError extends Error {
  constructor(file: string, detail: string) {
    super(
      `The local KMS key file ${file} is unreadable (${detail}). It holds the keys that decrypt stored ` +
        `credentials: restore it, or delete the whole .local/ directory to start from scratch (local data is lost).`,
    );
    this.name = 'CorruptStateError';
  }
}

/**
 * A fault injected for resilience tests. It applies to requests whose operation is in `operations`
 * (all when omitted) and whose EncryptionContext contains every entry of `match` (any when omitted),
 * so parallel tests using different owners do not disturb each other.
 */
export interface KmsFault {
  operations?: string[];
  match?: Record<string, string>;
  /** An AWS error type to answer with, or 'unavailable' to drop the connection (a network error). */
  error: 'AccessDeniedException' | 'KMSInternalException' | 'DisabledException' | 'KMSInvalidStateException' | 'ThrottlingException' | 'unavailable';
  /** Apply to this many matching requests, then expire (default: until removed). */
  count?: number;
}

export interface KmsServer {
  url: string;
  port: number;
  region: string;
  accountId: string;
  /** Key id behind alias/sivera-credentials. */
  defaultKeyId: string;
  addFault(fault: KmsFault): string;
  removeFault(id: string): void;
  clearFaults(): void;
  stop(): Promise<void>;
}

const INVALID_CIPHERTEXT = 'The ciphertext is invalid or was not produced for this encryption context.';
const MAX_PLAINTEXT = 4096;

/** Reads (and validates) a key file; throws CorruptStateError. Exported so a stack can check its state before starting anything. */
export function readStore(file: string): Store {
  if (!existsSync(file)) return { keys: {}, aliases: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CorruptStateError(file, (e as Error).message);
  }
  const s = parsed as Partial<Store>;
  if (!s || typeof s !== 'object' || typeof s.keys !== 'object' || typeof s.aliases !== 'object') {
    throw new CorruptStateError(file, 'missing "keys" or "aliases"');
  }
  for (const [id, k] of Object.entries(s.keys ?? {})) {
    if (!k || Buffer.from(k.material ?? '', 'base64').length !== 32) throw new CorruptStateError(file, `key ${id} has no 256-bit material`);
  }
  return s as Store;
}

export async function startKms(opts: {
  /** Key store file (created 0600). */
  file: string;
  region: string;
  /** The install's IAM key pair: every request (the fault endpoint too) must be SigV4-signed with it. */
  credentials: IamCredentials;
  accountId?: string;
  port?: number;
  envVar?: string;
  log?: StackLog;
}): Promise<KmsServer> {
  const region = opts.region;
  const accountId = opts.accountId ?? '000000000000';
  const store = readStore(opts.file);
  // Atomic (a crash never leaves a half-written key file) and 0600 in a 0700 directory.
  const save = () => writePrivateFile(opts.file, JSON.stringify(store, null, 2));
  const keyArn = (id: string) => `arn:aws:kms:${region}:${accountId}:key/${id}`;
  const aliasArn = (name: string) => `arn:aws:kms:${region}:${accountId}:${name}`;

  const createKey = (description = ''): string => {
    const id = randomUUID();
    store.keys[id] = { material: randomBytes(32).toString('base64'), enabled: true, description, createdAt: Math.floor(Date.now() / 1000) };
    save();
    return id;
  };

  /** key id | key ARN | alias/name | alias ARN → key id (existence checked, not the enabled state). */
  const findKey = (keyId: unknown): string => {
    if (typeof keyId !== 'string' || keyId.length === 0) {
      throw new KmsError('ValidationException', "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
    }
    const local = keyId.replace(/^arn:aws[a-z-]*:kms:[^:]*:[^:]*:/, '');
    if (local.startsWith('alias/')) {
      const a = store.aliases[local];
      if (!a) throw new KmsError('NotFoundException', `Alias ${aliasArn(local)} is not found.`);
      return a.keyId;
    }
    const id = local.replace(/^key\//, '');
    if (!store.keys[id]) throw new KmsError('NotFoundException', `Key '${keyArn(id)}' does not exist`);
    return id;
  };
  const usableKey = (keyId: unknown): string => {
    const id = findKey(keyId);
    if (!store.keys[id]!.enabled) throw new KmsError('DisabledException', `${keyArn(id)} is disabled.`);
    return id;
  };

  const context = (ctx: unknown): [string, string][] => {
    if (ctx === undefined || ctx === null) return [];
    if (typeof ctx !== 'object' || Array.isArray(ctx) || Object.values(ctx).some((v) => typeof v !== 'string')) {
      throw new KmsError('ValidationException', 'EncryptionContext must be a map of strings to strings');
    }
    // Sorted, so the same context given in any key order authenticates.
    return Object.entries(ctx as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  };
  const aad = (ctx: unknown) => Buffer.from(JSON.stringify(context(ctx)));

  const seal = (id: string, plaintext: Buffer, ctx: unknown): string => {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', Buffer.from(store.keys[id]!.material, 'base64'), iv);
    c.setAAD(aad(ctx));
    const body = Buffer.concat([c.update(plaintext), c.final()]);
    const idBuf = Buffer.from(id);
    return Buffer.concat([Buffer.from([1, idBuf.length]), idBuf, iv, c.getAuthTag(), body]).toString('base64');
  };
  const open = (blobB64: unknown, ctx: unknown, keyId: unknown): { id: string; plaintext: Buffer } => {
    if (typeof blobB64 !== 'string' || blobB64.length === 0) {
      throw new KmsError('ValidationException', "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
    }
    const blob = Buffer.from(blobB64, 'base64');
    const n = blob[1] ?? 0;
    const id = blob.subarray(2, 2 + n).toString();
    if (blob[0] !== 1 || blob.length < 30 + n || !store.keys[id]) throw new KmsError('InvalidCiphertextException', INVALID_CIPHERTEXT);
    if (keyId !== undefined && findKey(keyId) !== id) {
      throw new KmsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
    }
    usableKey(id);
    const d = createDecipheriv('aes-256-gcm', Buffer.from(store.keys[id]!.material, 'base64'), blob.subarray(2 + n, 14 + n));
    d.setAAD(aad(ctx));
    d.setAuthTag(blob.subarray(14 + n, 30 + n));
    try {
      return { id, plaintext: Buffer.concat([d.update(blob.subarray(30 + n)), d.final()]) };
    } catch {
      throw new KmsError('InvalidCiphertextException', INVALID_CIPHERTEXT);
    }
  };

  const algorithm = (a: unknown) => {
    if (a !== undefined && a !== 'SYMMETRIC_DEFAULT') {
      throw new KmsError('InvalidKeyUsageException', `The encryption algorithm ${String(a)} is not compatible with the key.`);
    }
  };
  const dataKeyLength = (b: Body): number => {
    if (b.NumberOfBytes !== undefined && b.KeySpec !== undefined) {
      throw new KmsError('ValidationException', 'Please specify either number of bytes or key spec.');
    }
    if (b.NumberOfBytes !== undefined) {
      const n = b.NumberOfBytes;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1024) {
        throw new KmsError('ValidationException', `1 validation error detected: Value '${String(n)}' at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and 1024`);
      }
      return n;
    }
    if (b.KeySpec === 'AES_256') return 32;
    if (b.KeySpec === 'AES_128') return 16;
    throw new KmsError('ValidationException', 'Please specify either number of bytes or key spec.');
  };
  const metadata = (id: string) => {
    const k = store.keys[id]!;
    return {
      AWSAccountId: accountId,
      KeyId: id,
      Arn: keyArn(id),
      CreationDate: k.createdAt,
      Enabled: k.enabled,
      Description: k.description,
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: k.enabled ? 'Enabled' : 'Disabled',
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
    };
  };

  // The policy KMS gives a key created without one: the account's IAM policies decide.
  const defaultPolicy = () => ({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }],
  });

  type Body = Record<string, unknown> & { NumberOfBytes?: unknown; KeySpec?: unknown };
  const ops: Record<string, (b: Body) => object> = {
    CreateKey: (b) => {
      if (b.KeySpec !== undefined && b.KeySpec !== 'SYMMETRIC_DEFAULT') {
        throw new KmsError('UnsupportedOperationException', `KeySpec ${String(b.KeySpec)} is not supported by the local KMS.`);
      }
      return { KeyMetadata: metadata(createKey(typeof b.Description === 'string' ? b.Description : '')) };
    },
    DescribeKey: (b) => ({ KeyMetadata: metadata(findKey(b.KeyId)) }),
    EnableKey: (b) => {
      store.keys[findKey(b.KeyId)]!.enabled = true;
      save();
      return {};
    },
    DisableKey: (b) => {
      store.keys[findKey(b.KeyId)]!.enabled = false;
      save();
      return {};
    },
    CreateAlias: (b) => {
      const name = b.AliasName;
      if (typeof name !== 'string' || !/^alias\/[a-zA-Z0-9/_-]+$/.test(name) || name.startsWith('alias/aws/')) {
        throw new KmsError('InvalidAliasNameException', `Alias must start with the prefix "alias/" and must not begin with "alias/aws/".`);
      }
      if (store.aliases[name]) throw new KmsError('AlreadyExistsException', `An alias with the name ${aliasArn(name)} already exists`);
      const target = findKey(b.TargetKeyId);
      store.aliases[name] = { keyId: target, createdAt: Math.floor(Date.now() / 1000) };
      save();
      return {};
    },
    ListAliases: (b) => {
      const only = b.KeyId !== undefined ? findKey(b.KeyId) : undefined;
      const aliases = Object.entries(store.aliases)
        .filter(([, a]) => !only || a.keyId === only)
        .map(([name, a]) => ({ AliasName: name, AliasArn: aliasArn(name), TargetKeyId: a.keyId, CreationDate: a.createdAt, LastUpdatedDate: a.createdAt }));
      return { Aliases: aliases, Truncated: false };
    },
    Encrypt: (b) => {
      algorithm(b.EncryptionAlgorithm);
      const id = usableKey(b.KeyId);
      if (typeof b.Plaintext !== 'string') {
        throw new KmsError('ValidationException', "1 validation error detected: Value null at 'plaintext' failed to satisfy constraint: Member must not be null");
      }
      const pt = Buffer.from(b.Plaintext, 'base64');
      if (pt.length < 1 || pt.length > MAX_PLAINTEXT) {
        throw new KmsError('ValidationException', `1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length between 1 and ${MAX_PLAINTEXT}`);
      }
      return { CiphertextBlob: seal(id, pt, b.EncryptionContext), KeyId: keyArn(id), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
    },
    Decrypt: (b) => {
      algorithm(b.EncryptionAlgorithm);
      const { id, plaintext } = open(b.CiphertextBlob, b.EncryptionContext, b.KeyId);
      return { Plaintext: plaintext.toString('base64'), KeyId: keyArn(id), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
    },
    GenerateDataKey: (b) => {
      const id = usableKey(b.KeyId);
      const pt = randomBytes(dataKeyLength(b));
      return { Plaintext: pt.toString('base64'), CiphertextBlob: seal(id, pt, b.EncryptionContext), KeyId: keyArn(id) };
    },
    GenerateDataKeyWithoutPlaintext: (b) => {
      const id = usableKey(b.KeyId);
      return { CiphertextBlob: seal(id, randomBytes(dataKeyLength(b)), b.EncryptionContext), KeyId: keyArn(id) };
    },
    // The operations the AWS CLI and consoles reach for first (`aws kms list-keys` …), answered as KMS does.
    ListKeys: (b) => {
      const limit = b.Limit ?? 100;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw new KmsError('ValidationException', `1 validation error detected: Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 1000`);
      }
      const ids = Object.keys(store.keys);
      // The marker is opaque to callers, as KMS's is: here the index of the next key.
      let start = 0;
      if (b.Marker !== undefined) {
        const n = typeof b.Marker === 'string' && /^\d+$/.test(b.Marker) ? Number(b.Marker) : NaN;
        if (!Number.isSafeInteger(n) || n < 1 || n > ids.length) throw new KmsError('InvalidMarkerException', 'Invalid marker');
        start = n;
      }
      const page = ids.slice(start, start + limit);
      const truncated = start + limit < ids.length;
      return { Keys: page.map((id) => ({ KeyId: id, KeyArn: keyArn(id) })), Truncated: truncated, ...(truncated ? { NextMarker: String(start + limit) } : {}) };
    },
    GetKeyPolicy: (b) => {
      findKey(b.KeyId);
      const name = b.PolicyName ?? 'default';
      if (typeof name !== 'string' || !/^\w{1,128}$/.test(name)) {
        throw new KmsError('ValidationException', `1 validation error detected: Value '${String(name)}' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]+`);
      }
      if (name !== 'default') throw new KmsError('NotFoundException', `No such policy exists: ${name}`);
      return { Policy: JSON.stringify(defaultPolicy(), null, 2), PolicyName: 'default' };
    },
    GetKeyRotationStatus: (b) => {
      const id = findKey(b.KeyId);
      // Local keys never rotate (the material is kept as created); a disabled key still answers, as in KMS.
      return { KeyId: keyArn(id), KeyRotationEnabled: false };
    },
    ReEncrypt: (b) => {
      algorithm(b.SourceEncryptionAlgorithm);
      algorithm(b.DestinationEncryptionAlgorithm);
      if (b.DestinationKeyId === undefined) {
        throw new KmsError('ValidationException', "1 validation error detected: Value null at 'destinationKeyId' failed to satisfy constraint: Member must not be null");
      }
      const source = open(b.CiphertextBlob, b.SourceEncryptionContext, b.SourceKeyId);
      const dest = usableKey(b.DestinationKeyId);
      if (b.DryRun === true) throw new KmsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
      return {
        CiphertextBlob: seal(dest, source.plaintext, b.DestinationEncryptionContext),
        SourceKeyId: keyArn(source.id),
        KeyId: keyArn(dest),
        SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      };
    },
    GenerateRandom: (b) => {
      if (b.CustomKeyStoreId !== undefined) {
        throw new KmsError('CustomKeyStoreNotFoundException', `Custom key store ${String(b.CustomKeyStoreId)} does not exist.`);
      }
      if (b.Recipient !== undefined) throw new KmsError('UnsupportedOperationException', 'Recipient (Nitro Enclaves attestation) is not supported by the local KMS.');
      const n = b.NumberOfBytes;
      if (n === undefined) {
        throw new KmsError('ValidationException', "1 validation error detected: Value null at 'numberOfBytes' failed to satisfy constraint: Member must not be null");
      }
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1024) {
        throw new KmsError('ValidationException', `1 validation error detected: Value '${String(n)}' at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and 1024`);
      }
      return { Plaintext: randomBytes(n).toString('base64') };
    },
  };

  // The stack's key, created once and kept across restarts with the key file.
  let defaultKeyId = store.aliases[DEFAULT_KEY_ALIAS]?.keyId;
  if (!defaultKeyId || !store.keys[defaultKeyId]) {
    defaultKeyId = createKey('Sivera platform credentials (local)');
    store.aliases[DEFAULT_KEY_ALIAS] = { keyId: defaultKeyId, createdAt: Math.floor(Date.now() / 1000) };
    save();
  }

  const faults = new Map<string, KmsFault & { left: number }>();
  const matchFault = (op: string, body: Body) => {
    for (const [id, f] of faults) {
      if (f.operations && !f.operations.includes(op)) continue;
      const ctx = (body.EncryptionContext ?? {}) as Record<string, unknown>;
      if (f.match && !Object.entries(f.match).every(([k, v]) => ctx[k] === v)) continue;
      f.left -= 1;
      if (f.left <= 0) faults.delete(id);
      return f;
    }
    return undefined;
  };

  const addFault = (fault: KmsFault): string => {
    const id = randomUUID();
    faults.set(id, { ...fault, left: fault.count ?? Number.POSITIVE_INFINITY });
    return id;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (guardRequest(req, res)) return; // foreign Host or Origin: no web page reaches keys or faults
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const reply = (status: number, payload: object) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() }).end(JSON.stringify(payload));
    };
    const body = Buffer.concat(chunks);
    // Like KMS, every request is authenticated before anything else is looked at (the fault endpoint
    // too: it changes what KMS answers). Signed for service "kms", so KMS clients' signers work as is.
    try {
      await verifyIncoming(req, body, { credentials: opts.credentials, region, service: 'kms' });
    } catch (e) {
      const refused = e instanceof SigV4Error;
      opts.log?.write('kms', refused ? `request refused: ${awsErrorType(e.failure)}` : `signature check failed: ${(e as Error).stack ?? String(e)}`);
      if (refused) reply(400, { __type: awsErrorType(e.failure), message: e.message });
      else reply(500, { __type: 'KMSInternalException', message: 'Internal error' });
      return;
    }
    // Fault control for resilience tests running in other processes (test workers): not a KMS API.
    if (req.url?.startsWith('/__local/faults')) {
      try {
        if (req.method === 'POST') {
          const f = JSON.parse(body.toString('utf8')) as KmsFault;
          if (!f || typeof f.error !== 'string') throw new Error('body must be a KmsFault with "error"');
          reply(200, { id: addFault(f) });
        } else if (req.method === 'DELETE') {
          const id = req.url.split('/')[3];
          if (id) faults.delete(decodeURIComponent(id));
          else faults.clear();
          reply(200, {});
        } else reply(405, { message: 'POST or DELETE' });
      } catch (e) {
        reply(400, { message: (e as Error).message });
      }
      return;
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    const op = target.replace(/^TrentService\./, '');
    try {
      if (req.method !== 'POST' || !target.startsWith('TrentService.')) {
        throw new KmsError('UnknownOperationException', `Unknown operation ${target || '(no X-Amz-Target)'}`);
      }
      const fn = ops[op];
      if (!fn) throw new KmsError('UnknownOperationException', `Unknown operation ${op}`);
      let parsed: Body;
      try {
        parsed = JSON.parse(body.toString('utf8') || '{}') as Body;
      } catch {
        throw new KmsError('SerializationException', 'Request body is not valid JSON');
      }
      const fault = matchFault(op, parsed);
      if (fault?.error === 'unavailable') {
        req.socket.destroy();
        return;
      }
      if (fault) {
        const status = fault.error === 'KMSInternalException' ? 500 : 400;
        throw new KmsError(fault.error, `Injected fault: ${fault.error} for ${op}`, status);
      }
      reply(200, fn(parsed));
    } catch (e) {
      if (e instanceof KmsError) {
        opts.log?.write('kms', `${op} → ${e.type}: ${e.message}`);
        reply(e.status, { __type: e.type, message: e.message });
      } else {
        opts.log?.write('kms', `${op} → internal error: ${(e as Error).stack ?? String(e)}`);
        reply(500, { __type: 'KMSInternalException', message: 'Internal error' });
      }
    }
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  const listener = await listenLoopback(server, opts.port ?? 0, 'KMS', opts.envVar);
  const bound = listener.port;

  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    region,
    accountId,
    defaultKeyId,
    addFault,
    removeFault: (id) => void faults.delete(id),
    clearFaults: () => faults.clear(),
    stop: () => listener.close(),
  };
}

/** Client of a KMS server's fault endpoint (tests in other processes): SigV4-signed like any KMS call. */
export function kmsFaultsClient(target: { faultsUrl: string; region: string; credentials: IamCredentials }) {
  const call = async (method: string, url: string, body?: unknown): Promise<string> => {
    const init = body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const res = await signedFetch(url, init, { credentials: target.credentials, region: target.region, service: 'kms' });
    const text = await res.text();
    if (!res.ok) throw new Error(`kms fault endpoint: ${method} → ${res.status} ${text}`);
    return text;
  };
  return {
    /** Adds a fault; resolves with its id. */
    add: async (fault: KmsFault): Promise<string> => (JSON.parse(await call('POST', target.faultsUrl, fault)) as { id: string }).id,
    /** Removes one fault, or all of them without an id. */
    remove: async (id?: string): Promise<void> => void (await call('DELETE', id ? `${target.faultsUrl}/${encodeURIComponent(id)}` : target.faultsUrl)),
  };
}
