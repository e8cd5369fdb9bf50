import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/node/errors.js';
import {
  DISPLAY_NAME_MAX,
  SECRET_MAX,
  normalizeAccountId,
  validateConnectInput,
  validateCredentials,
  validateDisplayName,
  validateStatus,
} from '../lambda/validation.js';

const SECRET = 'S3cr3t-value-that-must-never-be-echoed';

const valid = {
  GOOGLE_ADS: {
    accountId: '123-456-7890',
    credentials: { clientId: 'cid.apps.googleusercontent.com', clientSecret: SECRET, refreshToken: '1//rt-abc', customerId: '1234567890' },
  },
  META: { accountId: 'act_1029384756', credentials: { accessToken: SECRET } },
  NAVER: { accountId: '1234567', credentials: { apiKey: 'api-key-1', secretKey: SECRET, customerId: '1234567' } },
  KAKAO: { accountId: '55501', credentials: { accessToken: SECRET } },
} as const;

function validationError(fn: () => unknown): AppError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(AppError);
  const err = caught as AppError;
  expect(err.name).toBe('ValidationError');
  expect(err.message).not.toContain(SECRET);
  expect(JSON.stringify(err.info)).not.toContain(SECRET);
  return err;
}

describe('validateConnectInput', () => {
  it.each(Object.entries(valid))('accepts a complete %s input and keeps only allow-listed fields', (platform, v) => {
    const out = validateConnectInput({ platform, accountId: v.accountId, displayName: '  Main  ', credentials: v.credentials });
    expect(out.platform).toBe(platform);
    expect(out.displayName).toBe('Main');
    expect(Object.keys(out.credentials).sort()).toEqual(Object.keys(v.credentials).sort());
  });

  it('normalizes Google customer ids (dashes) in accountId, customerId and loginCustomerId', () => {
    const out = validateConnectInput({
      platform: 'GOOGLE_ADS',
      accountId: '123-456-7890',
      credentials: { ...valid.GOOGLE_ADS.credentials, customerId: '123-456-7890', loginCustomerId: '999-888-7777' },
    });
    expect(out.accountId).toBe('1234567890');
    expect(out.credentials.customerId).toBe('1234567890');
    expect(out.credentials.loginCustomerId).toBe('9998887777');
  });

  it('accepts AWSJSON credentials given as a string, and numeric Naver customer ids', () => {
    const out = validateConnectInput({
      platform: 'NAVER',
      accountId: '1234567',
      credentials: JSON.stringify({ apiKey: 'k-1', secretKey: SECRET, customerId: 1234567 }),
    });
    expect(out.credentials.customerId).toBe('1234567');
  });

  it('trims pasted whitespace around secrets', () => {
    const out = validateConnectInput({ platform: 'META', accountId: 'act_1', credentials: { accessToken: `  ${SECRET}\n` } });
    expect(out.credentials.accessToken).toBe(SECRET);
  });

  it('normalizes a bare Meta account number to act_<digits>', () => {
    expect(normalizeAccountId('META', '42')).toBe('act_42');
    expect(normalizeAccountId('META', 'act_42')).toBe('act_42');
  });

  it.each([
    ['GOOGLE_ADS', 'clientSecret'],
    ['GOOGLE_ADS', 'refreshToken'],
    ['GOOGLE_ADS', 'clientId'],
    ['GOOGLE_ADS', 'customerId'],
    ['META', 'accessToken'],
    ['NAVER', 'apiKey'],
    ['NAVER', 'secretKey'],
    ['NAVER', 'customerId'],
    ['KAKAO', 'accessToken'],
  ] as const)('%s without %s names the missing field', (platform, field) => {
    const { [field]: _omit, ...rest } = valid[platform].credentials as Record<string, string>;
    const err = validationError(() => validateConnectInput({ platform, accountId: valid[platform].accountId, credentials: rest }));
    expect(err.message).toContain(`credentials.${field}`);
    expect(err.message).toMatch(/required/);
    expect(err.info).toEqual({ fields: [{ field: `credentials.${field}`, reason: 'required' }] });
  });

  it('Kakao refreshToken is optional, Google loginCustomerId is optional', () => {
    expect(() => validateConnectInput({ platform: 'KAKAO', ...valid.KAKAO })).not.toThrow();
    expect(validateConnectInput({ platform: 'KAKAO', accountId: '1', credentials: { accessToken: 'a-1', refreshToken: 'r-1' } }).credentials.refreshToken).toBe('r-1');
  });

  it.each(Object.keys(valid))('%s rejects unknown keys, naming the key but not its value', (platform) => {
    const v = valid[platform as keyof typeof valid];
    const err = validationError(() =>
      validateConnectInput({ platform, accountId: v.accountId, credentials: { ...v.credentials, developerToken: SECRET } }),
    );
    expect(err.message).toContain('credentials.developerToken');
    expect(err.message).toMatch(/not a .* credential field/);
  });

  it('does not echo an unknown key whose name could itself be a secret', () => {
    const err = validationError(() =>
      validateConnectInput({ platform: 'META', accountId: 'act_1', credentials: { accessToken: 'ok-1', [SECRET + ' !']: 'x' } }),
    );
    expect(err.message).not.toContain(SECRET);
  });

  it.each([
    ['GOOGLE_ADS', '12345', /10-digit/],
    ['GOOGLE_ADS', '123-456-789a', /10-digit/],
    ['META', 'acct_123', /act_<digits>/],
    ['META', 'act_', /act_<digits>/],
    ['NAVER', 'abc', /numeric/],
    ['KAKAO', '12 34', /numeric/],
  ] as const)('%s rejects malformed accountId %j', (platform, accountId, msg) => {
    const err = validationError(() => validateConnectInput({ platform, accountId, credentials: valid[platform].credentials }));
    expect(err.message).toMatch(msg);
    expect(err.message).toContain('accountId');
  });

  it('rejects a Google or Naver customerId that names another account', () => {
    const g = validationError(() =>
      validateConnectInput({ platform: 'GOOGLE_ADS', accountId: '111-111-1111', credentials: valid.GOOGLE_ADS.credentials }),
    );
    expect(g.message).toContain('credentials.customerId');
    const n = validationError(() => validateConnectInput({ platform: 'NAVER', accountId: '7654321', credentials: valid.NAVER.credentials }));
    expect(n.info).toEqual({ fields: [{ field: 'credentials.customerId', reason: 'mismatch' }] });
  });

  it('rejects malformed secret values by field, without echoing them', () => {
    const cases: [unknown, RegExp][] = [
      [12345, /must be a string/],
      [`${SECRET} with spaces`, /printable ASCII/],
      ['토큰-' + SECRET, /printable ASCII/],
      ['x'.repeat(SECRET_MAX + 1), /at most/],
    ];
    for (const [value, msg] of cases) {
      const err = validationError(() => validateCredentials('META', { accessToken: value }, 'act_1'));
      expect(err.message).toContain('credentials.accessToken');
      expect(err.message).toMatch(msg);
    }
  });

  it('reports every problem at once', () => {
    const err = validationError(() =>
      validateCredentials('GOOGLE_ADS', { clientId: 'c', customerId: 'nope', extra: 1 }, '1234567890'),
    );
    const fields = (err.info?.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['credentials.clientSecret', 'credentials.customerId', 'credentials.extra', 'credentials.refreshToken']);
  });

  it.each([null, [], 'not json', '[1]', 42])('rejects credentials that are not an object: %j', (creds) => {
    const err = validationError(() => validateConnectInput({ platform: 'META', accountId: 'act_1', credentials: creds }));
    expect(err.message).toContain('credentials');
  });

  it('rejects an oversized credentials object before looking at fields', () => {
    const err = validationError(() => validateCredentials('META', { accessToken: 'a'.repeat(20_000) }, 'act_1'));
    expect(err.info).toEqual({ fields: [{ field: 'credentials', reason: 'tooLong' }] });
  });

  it('rejects an unknown platform', () => {
    expect(validationError(() => validateConnectInput({ platform: 'TIKTOK', accountId: '1', credentials: {} })).message).toContain('platform');
  });
});

describe('validateDisplayName / validateStatus', () => {
  it('trims, allows omission, and bounds the length in characters', () => {
    expect(validateDisplayName(undefined)).toBeUndefined();
    expect(validateDisplayName(null)).toBeUndefined();
    expect(validateDisplayName(' 브랜드 계정 ')).toBe('브랜드 계정');
    expect(validateDisplayName('가'.repeat(DISPLAY_NAME_MAX))).toHaveLength(DISPLAY_NAME_MAX);
    expect(validationError(() => validateDisplayName('x'.repeat(DISPLAY_NAME_MAX + 1))).info).toEqual({
      fields: [{ field: 'displayName', reason: 'tooLong' }],
    });
    expect(validationError(() => validateDisplayName('   ')).message).toContain('displayName');
    expect(validationError(() => validateDisplayName('a\u0000b')).message).toContain('control');
  });

  it('accepts only ACTIVE and INACTIVE', () => {
    expect(validateStatus('ACTIVE')).toBe('ACTIVE');
    expect(validationError(() => validateStatus('active')).message).toContain('status');
  });
});
