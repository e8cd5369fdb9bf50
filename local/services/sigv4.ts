// SigV4 verification shared by every AWS-compatible endpoint the stack serves (KMS, Lambda Invoke,
// Cognito admin actions, AppSync IAM mode and EvaluateCode) and by its control endpoints (KMS faults,
// the fake platforms' /__control). The signature is recomputed with @smithy/signature-v4, the signer the
// SDK clients use, over exactly the headers the client says it signed, and compared in constant time.
// Each service turns a SigV4Error into its own AWS error shape (awsErrorType gives the type name).
// Signing (clients of these endpoints, the sync Lambda's publisher) is lib/node/signed-request.ts: this
// file only verifies, recomputing the signature over the headers and date the client chose.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { NodeSha256, smithySigning } from '../../lib/node/signed-request.js';
import type { IamCredentials } from './secrets.js';

/** AWS rejects a request whose X-Amz-Date is further than this from its clock. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export type SigV4Failure = 'MissingAuthenticationToken' | 'IncompleteSignature' | 'UnrecognizedClient' | 'InvalidSignature';

export class SigV4Error extends Error {
  constructor(
    readonly failure: SigV4Failure,
    message: string,
  ) {
    super(message);
    this.name = 'SigV4Error';
  }
}

/** The exception type AWS's JSON services (KMS, Lambda, Cognito) answer each failure with. */
export function awsErrorType(failure: SigV4Failure): string {
  return {
    MissingAuthenticationToken: 'MissingAuthenticationTokenException',
    IncompleteSignature: 'IncompleteSignatureException',
    UnrecognizedClient: 'UnrecognizedClientException',
    InvalidSignature: 'InvalidSignatureException',
  }[failure];
}

export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
export const INVALID_TOKEN = 'The security token included in the request is invalid.';

/** A request as received: method, raw path (still percent-encoded, as the client signed it), query, headers, body. */
export interface SignedRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  body?: string | Uint8Array;
}

export interface VerifyOptions {
  credentials: IamCredentials;
  region: string;
  /** Signing name: kms, lambda, cognito-idp, appsync. */
  service: string;
  now?: () => number;
}

function header(headers: SignedRequest['headers'], name: string): string | undefined {
  const v = headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(v) ? v.join(',') : v;
}

function parseAmzDate(v: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v);
  if (!m) return null;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

const amz = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** True when the request carries any SigV4 material (Authorization header or a presigned query). */
export function hasSignature(req: Pick<SignedRequest, 'headers' | 'query'>): boolean {
  return header(req.headers, 'authorization') !== undefined || req.query?.['X-Amz-Signature'] !== undefined;
}

/**
 * Verifies `req`'s SigV4 Authorization header against the install's key pair; resolves with the
 * caller's access key id, or throws SigV4Error naming AWS's reason.
 */
export async function verifySigV4(req: SignedRequest, opts: VerifyOptions): Promise<{ accessKeyId: string }> {
  const authorization = header(req.headers, 'authorization');
  if (authorization === undefined || authorization === '') {
    throw new SigV4Error('MissingAuthenticationToken', 'Missing Authentication Token');
  }
  const auth = authorization.trim();
  if (!auth.startsWith('AWS4-HMAC-SHA256 ')) {
    // AWS's answer to a bearer token or any other scheme on a SigV4 API.
    throw new SigV4Error('IncompleteSignature', `Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.`);
  }
  const params = new Map<string, string>();
  for (const part of auth.slice('AWS4-HMAC-SHA256 '.length).split(',')) {
    const i = part.indexOf('=');
    if (i > 0) params.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  const credential = params.get('Credential');
  const signedList = params.get('SignedHeaders');
  const signature = params.get('Signature');
  const amzDate = header(req.headers, 'x-amz-date');
  const missing = [
    credential ? '' : `Authorization header requires 'Credential' parameter.`,
    signature ? '' : `Authorization header requires 'Signature' parameter.`,
    signedList ? '' : `Authorization header requires 'SignedHeaders' parameter.`,
    amzDate ? '' : `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.`,
  ].filter(Boolean);
  if (missing.length) throw new SigV4Error('IncompleteSignature', missing.join(' '));
  const scope = credential!.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') {
    throw new SigV4Error('IncompleteSignature', `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`);
  }
  const [accessKeyId, shortDate, region, service] = scope as [string, string, string, string, string];

  // The key id is checked in constant time too: nothing about the real id leaks through timing.
  const known = Buffer.from(opts.credentials.accessKeyId);
  const given = Buffer.from(accessKeyId);
  if (known.length !== given.length || !timingSafeEqual(known, given)) throw new SigV4Error('UnrecognizedClient', INVALID_TOKEN);
  // This install issues no session tokens: one sent along belongs to some other credentials.
  if (header(req.headers, 'x-amz-security-token') !== undefined) throw new SigV4Error('UnrecognizedClient', INVALID_TOKEN);

  const signingDate = parseAmzDate(amzDate!);
  if (!signingDate) throw new SigV4Error('IncompleteSignature', `Date must be in ISO-8601 'basic format'. Got '${amzDate}'.`);
  if (shortDate !== amzDate!.slice(0, 8)) {
    throw new SigV4Error('InvalidSignature', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${shortDate}' != '${amzDate!.slice(0, 8)}', from '${amzDate}'.`);
  }
  const now = (opts.now ?? Date.now)();
  if (signingDate.getTime() < now - MAX_CLOCK_SKEW_MS) {
    throw new SigV4Error('InvalidSignature', `Signature expired: ${amzDate} is now earlier than ${amz(now - MAX_CLOCK_SKEW_MS)} (${amz(now)} - 5 min.)`);
  }
  if (signingDate.getTime() > now + MAX_CLOCK_SKEW_MS) {
    throw new SigV4Error('InvalidSignature', `Signature not yet current: ${amzDate} is still later than ${amz(now + MAX_CLOCK_SKEW_MS)} (${amz(now)} + 5 min.)`);
  }
  if (region !== opts.region) throw new SigV4Error('InvalidSignature', `Credential should be scoped to a valid region. `);
  if (service !== opts.service) throw new SigV4Error('InvalidSignature', `Credential should be scoped to correct service: '${opts.service}'. `);

  const signed = new Set(signedList!.split(';').map((h) => h.trim().toLowerCase()));
  if (!signed.has('host')) throw new SigV4Error('InvalidSignature', `'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.`);
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const v = header(req.headers, name);
    if (v === undefined) throw new SigV4Error('InvalidSignature', SIGNATURE_MISMATCH);
    headers[name] = v;
  }
  // The signer trusts a client-supplied content hash; dropping it makes it hash the body actually
  // received, so a tampered body fails (applyChecksum puts the header back when it was signed).
  delete headers['x-amz-content-sha256'];
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.query ?? {})) query[k] = v;

  const { SignatureV4, HttpRequest } = await smithySigning();
  const signer = new SignatureV4({
    credentials: opts.credentials,
    region: opts.region,
    service: opts.service,
    sha256: NodeSha256,
    applyChecksum: signed.has('x-amz-content-sha256'),
  });
  const expected = await signer.sign(
    new HttpRequest({ method: req.method, protocol: 'https:', hostname: 'signature', path: req.path, query, headers, body: req.body }),
    { signingDate, signableHeaders: signed },
  );
  const expectedSig = /Signature=([0-9a-f]{64})/.exec(String(expected.headers.authorization ?? ''))?.[1] ?? '';
  const a = Buffer.from(expectedSig);
  const b = Buffer.from(signature!);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new SigV4Error('InvalidSignature', SIGNATURE_MISMATCH);
  return { accessKeyId };
}

/** verifySigV4 for a Node request whose body has been read. */
export function verifyIncoming(req: IncomingMessage, body: Uint8Array | string, opts: VerifyOptions): Promise<{ accessKeyId: string }> {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const query: Record<string, string | string[]> = {};
  if (q >= 0) {
    for (const [k, v] of new URLSearchParams(raw.slice(q + 1))) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
  }
  return verifySigV4({ method: req.method ?? 'GET', path: q >= 0 ? raw.slice(0, q) : raw, query, headers: req.headers as IncomingHttpHeaders, body }, opts);
}
