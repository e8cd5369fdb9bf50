// Per-platform validation of connectPlatformAccount input, before anything is encrypted or stored.
// Errors name the field and what is wrong with it, never the submitted value (it may be a secret).
// Shapes: docs/ARCHITECTURE.md and ../shared/docs/ad-platforms.md §0.
import type { AccountStatus, Platform } from '../../../api/generated/schema-types.js';
import { isPlatform, PLATFORMS } from '../../../api/platforms.js';
import { AppError } from '../../../lib/node/errors.js';

export const DISPLAY_NAME_MAX = 100;
/** Longest accepted secret field; real tokens are well under 1 KB (Meta ~200–400 chars, Google ~100–500). */
export const SECRET_MAX = 2048;
/** Cap on the whole credentials object as received, checked before looking at its fields. */
export const CREDENTIALS_JSON_MAX = 16 * 1024;

export interface FieldProblem {
  /** Dotted path, e.g. `credentials.customerId`. */
  field: string;
  reason: 'required' | 'unknown' | 'type' | 'format' | 'tooLong' | 'mismatch';
  message: string;
}

type FieldKind = 'secret' | 'googleCustomerId' | 'numericId';
interface FieldSpec {
  kind: FieldKind;
  required: boolean;
}

const secret = (required = true): FieldSpec => ({ kind: 'secret', required });

/** Allowed credential keys per platform; anything else is rejected. */
export const CREDENTIAL_FIELDS: Record<Platform, Record<string, FieldSpec>> = {
  GOOGLE_ADS: {
    clientId: secret(),
    clientSecret: secret(),
    refreshToken: secret(),
    customerId: { kind: 'googleCustomerId', required: true },
    loginCustomerId: { kind: 'googleCustomerId', required: false },
  },
  META: { accessToken: secret() },
  NAVER: { apiKey: secret(), secretKey: secret(), customerId: { kind: 'numericId', required: true } },
  KAKAO: { accessToken: secret(), refreshToken: secret(false) },
};

/** Printable ASCII without spaces: every platform's keys and tokens fit; pasted whitespace is trimmed first. */
const TOKEN_CHARS = /^[\x21-\x7E]+$/;
const GOOGLE_CUSTOMER_ID = /^(\d{3})-?(\d{3})-?(\d{4})$/;
const NUMERIC_ID = /^\d{1,20}$/;
const META_ACCOUNT = /^(?:act_)?(\d{1,20})$/;
const SAFE_KEY_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

function fail(problems: FieldProblem[], context: string): never {
  const message =
    problems.length === 1 ? problems[0]!.message : `${context}: ${problems.map((p) => p.message).join('; ')}`;
  throw new AppError('ValidationError', message, {
    fields: problems.map(({ field, reason }) => ({ field, reason })),
  });
}

/** Integers are accepted for id fields (Naver customer ids are numbers in its own API) and turned into strings. */
function idText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  return undefined;
}

export function validatePlatform(platform: unknown): Platform {
  if (!isPlatform(platform)) {
    fail([{ field: 'platform', reason: 'format', message: `platform must be one of ${PLATFORMS.join(', ')}` }], '');
  }
  return platform as Platform;
}

/** The canonical account id stored as the sort key and bound into the encryption context. */
export function normalizeAccountId(platform: Platform, raw: unknown): string {
  const text = idText(raw);
  const problem = (message: string): never =>
    fail([{ field: 'accountId', reason: text ? 'format' : 'required', message }], '');
  if (!text) return problem('accountId is required');
  switch (platform) {
    case 'GOOGLE_ADS': {
      const m = GOOGLE_CUSTOMER_ID.exec(text);
      if (!m) return problem('accountId must be a 10-digit Google Ads customer ID (dashes allowed, e.g. 123-456-7890)');
      return `${m[1]}${m[2]}${m[3]}`;
    }
    case 'META': {
      const m = META_ACCOUNT.exec(text);
      if (!m) return problem('accountId must be a Meta ad account ID of the form act_<digits>');
      return `act_${m[1]}`;
    }
    case 'NAVER':
      if (!NUMERIC_ID.test(text)) return problem('accountId must be the numeric Naver Search Ad customer ID');
      return text;
    case 'KAKAO':
      if (!NUMERIC_ID.test(text)) return problem('accountId must be the numeric Kakao Moment ad account ID');
      return text;
  }
}

export function validateDisplayName(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const bad = (reason: FieldProblem['reason'], message: string): never =>
    fail([{ field: 'displayName', reason, message }], '');
  if (typeof raw !== 'string') return bad('type', 'displayName must be a string');
  const name = raw.trim();
  if (name.length === 0) return bad('required', 'displayName must not be blank');
  if ([...name].length > DISPLAY_NAME_MAX) return bad('tooLong', `displayName must be at most ${DISPLAY_NAME_MAX} characters`);
  if (/[\u0000-\u001F\u007F]/.test(name)) return bad('format', 'displayName must not contain control characters');
  return name;
}

function parseCredentials(raw: unknown): Record<string, unknown> {
  let value = raw;
  // AppSync passes AWSJSON arguments parsed; a string still arrives from direct invocations.
  if (typeof value === 'string') {
    if (value.length > CREDENTIALS_JSON_MAX) {
      fail([{ field: 'credentials', reason: 'tooLong', message: `credentials must be at most ${CREDENTIALS_JSON_MAX} bytes of JSON` }], '');
    }
    try {
      value = JSON.parse(value);
    } catch {
      fail([{ field: 'credentials', reason: 'format', message: 'credentials must be a JSON object' }], '');
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    fail([{ field: 'credentials', reason: value == null ? 'required' : 'type', message: 'credentials must be a JSON object' }], '');
  }
  if (JSON.stringify(value).length > CREDENTIALS_JSON_MAX) {
    fail([{ field: 'credentials', reason: 'tooLong', message: `credentials must be at most ${CREDENTIALS_JSON_MAX} bytes of JSON` }], '');
  }
  return value as Record<string, unknown>;
}

/**
 * Validates and normalizes a platform's credentials. `accountId` is the normalized account id:
 * where the credentials carry the account's own id (Google customerId, Naver customerId) they must
 * name the same account, so one record can never hold another account's keys.
 */
export function validateCredentials(platform: Platform, raw: unknown, accountId: string): Record<string, string> {
  const input = parseCredentials(raw);
  const spec = CREDENTIAL_FIELDS[platform];
  const problems: FieldProblem[] = [];
  const out: Record<string, string> = {};
  const allowed = Object.keys(spec).join(', ');

  for (const key of Object.keys(input)) {
    if (Object.hasOwn(spec, key)) continue;
    const named = SAFE_KEY_NAME.test(key) ? `credentials.${key}` : 'credentials';
    problems.push({
      field: named,
      reason: 'unknown',
      message: `${SAFE_KEY_NAME.test(key) ? named : 'a key in credentials'} is not a ${platform} credential field (allowed: ${allowed})`,
    });
  }

  for (const [key, field] of Object.entries(spec)) {
    const path = `credentials.${key}`;
    const value = input[key];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (field.required) problems.push({ field: path, reason: 'required', message: `${path} is required for ${platform}` });
      continue;
    }
    if (field.kind === 'secret') {
      if (typeof value !== 'string') {
        problems.push({ field: path, reason: 'type', message: `${path} must be a string` });
        continue;
      }
      const v = value.trim();
      if (v.length > SECRET_MAX) problems.push({ field: path, reason: 'tooLong', message: `${path} must be at most ${SECRET_MAX} characters` });
      else if (!TOKEN_CHARS.test(v)) problems.push({ field: path, reason: 'format', message: `${path} must be printable ASCII without spaces` });
      else out[key] = v;
      continue;
    }
    const text = idText(value);
    if (field.kind === 'googleCustomerId') {
      const m = text === undefined ? null : GOOGLE_CUSTOMER_ID.exec(text);
      if (!m) problems.push({ field: path, reason: 'format', message: `${path} must be a 10-digit Google Ads customer ID (dashes allowed)` });
      else out[key] = `${m[1]}${m[2]}${m[3]}`;
    } else if (text === undefined || !NUMERIC_ID.test(text)) {
      problems.push({ field: path, reason: 'format', message: `${path} must be a numeric ID` });
    } else {
      out[key] = text;
    }
  }

  if ((platform === 'GOOGLE_ADS' || platform === 'NAVER') && out.customerId !== undefined && out.customerId !== accountId) {
    problems.push({ field: 'credentials.customerId', reason: 'mismatch', message: 'credentials.customerId must be the same account as accountId' });
  }
  if (problems.length > 0) fail(problems, `Invalid ${platform} credentials`);
  return out;
}

export interface ConnectInput {
  platform: Platform;
  accountId: string;
  displayName?: string;
  credentials: Record<string, string>;
}

/** Full validation of ConnectPlatformAccountInput; the result holds only allow-listed, normalized fields. */
export function validateConnectInput(input: unknown): ConnectInput {
  if (!input || typeof input !== 'object') {
    fail([{ field: 'input', reason: 'required', message: 'input is required' }], '');
  }
  const i = input as Record<string, unknown>;
  const platform = validatePlatform(i.platform);
  const accountId = normalizeAccountId(platform, i.accountId);
  const displayName = validateDisplayName(i.displayName);
  const credentials = validateCredentials(platform, i.credentials, accountId);
  return { platform, accountId, displayName, credentials };
}

export function validateStatus(status: unknown): AccountStatus {
  if (status !== 'ACTIVE' && status !== 'INACTIVE') {
    fail([{ field: 'status', reason: 'format', message: 'status must be ACTIVE or INACTIVE' }], '');
  }
  return status;
}
