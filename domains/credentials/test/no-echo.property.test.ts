// Properties over arbitrary input: whatever a client puts in a credentials field, a validation error
// never quotes it; whatever secret is registered, no log line carries it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateConnectInput } from '../lambda/validation.js';
import { AppError } from '../../../lib/node/errors.js';
import { createLogger } from '../../../lib/node/logger.js';
import { registerSecrets } from '../../../lib/node/redact.js';

const PLATFORM_FIELDS = {
  GOOGLE_ADS: ['clientId', 'clientSecret', 'refreshToken', 'customerId', 'loginCustomerId'],
  META: ['accessToken'],
  NAVER: ['apiKey', 'secretKey', 'customerId'],
  KAKAO: ['accessToken', 'refreshToken'],
} as const;
const ACCOUNT = { GOOGLE_ADS: '1234567890', META: 'act_1', NAVER: '1', KAKAO: '1' } as const;

// Long enough that a coincidental match with fixed message text is impossible.
const secretLike = fc.string({ minLength: 12, maxLength: 300, unit: 'grapheme' }).filter((s) => s.trim().length >= 12);

describe('no echo', () => {
  it('validation errors never contain the submitted values, for any platform, field and value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(PLATFORM_FIELDS) as (keyof typeof PLATFORM_FIELDS)[])),
        secretLike,
        fc.boolean(),
        (platform, value, asUnknownKey) => {
          const fields = PLATFORM_FIELDS[platform];
          const credentials: Record<string, string> = Object.fromEntries(fields.map((f) => [f, value]));
          if (asUnknownKey) credentials.somethingElse = value;
          try {
            validateConnectInput({ platform, accountId: ACCOUNT[platform], credentials });
          } catch (e) {
            expect(e).toBeInstanceOf(AppError);
            const text = JSON.stringify({ m: (e as AppError).message, i: (e as AppError).info });
            expect(text).not.toContain(value);
            expect(text).not.toContain(value.trim());
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a registered secret never appears in a log line, wherever it is placed', () => {
    fc.assert(
      fc.property(secretLike, fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (secret, before, after) => {
        const lines: string[] = [];
        const log = createLogger({}, { level: 'debug', write: (l) => lines.push(l) });
        const release = registerSecrets({ token: secret });
        try {
          log.error(`${before}${secret}${after}`, {
            note: `${before}${secret}${after}`,
            nested: { list: [secret, { deeper: `x${secret}` }] },
            err: new Error(`platform said ${secret}`),
          });
        } finally {
          release();
        }
        // The line is JSON: check the decoded strings, not just the escaped text.
        const decoded = JSON.stringify(JSON.parse(lines[0]!), (_k, v) => v);
        expect(lines[0]).not.toContain(secret);
        expect(JSON.parse(decoded).msg).not.toContain(secret);
        expect(decoded.includes(JSON.stringify(secret).slice(1, -1))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
