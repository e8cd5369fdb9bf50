import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from '../../../lib/node/logger.js';
import { REDACTED, redact, redactString, registerSecrets, registeredSecretCount } from '../../../lib/node/redact.js';

function capture(level: LogLevel = 'debug') {
  const lines: { line: string; level: LogLevel }[] = [];
  const log = createLogger({ fn: 'test' }, { level, write: (line, lvl) => lines.push({ line, level: lvl }) });
  return { log, lines, parsed: () => lines.map((l) => JSON.parse(l.line) as Record<string, unknown>) };
}

describe('logger', () => {
  it('writes one JSON object per line with bindings, level, msg and time', () => {
    const { log, parsed } = capture();
    log.child({ requestId: 'r1' }).info('connected', { platform: 'META', accountId: 'act_1' });
    const [rec] = parsed();
    expect(rec).toMatchObject({ fn: 'test', requestId: 'r1', platform: 'META', accountId: 'act_1', level: 'info', msg: 'connected' });
    expect(typeof rec?.time).toBe('string');
  });

  it('drops lines below the minimum level', () => {
    const { log, lines } = capture('warn');
    log.info('quiet');
    log.debug('quieter');
    log.warn('loud');
    expect(lines.map((l) => l.level)).toEqual(['warn']);
  });

  it('redacts values of secret-named keys at any depth', () => {
    const { log, lines } = capture();
    log.info('x', {
      credentials: { accessToken: 'tok-abc-123' },
      nested: { clientSecret: 's3cr3t-value', refresh_token: 'r-val-999', apiKey: 'k-val-777', password: 'pw-val-555' },
      list: [{ Authorization: 'Bearer zzz-top' }],
      accountId: '1234567890',
    });
    const line = lines[0]!.line;
    for (const v of ['tok-abc-123', 's3cr3t-value', 'r-val-999', 'k-val-777', 'pw-val-555', 'zzz-top']) expect(line).not.toContain(v);
    expect(line).toContain('1234567890');
    expect(JSON.parse(line).credentials).toBe(REDACTED);
  });

  it('scrubs registered secret values from messages, error messages and stacks, until released', () => {
    const { log, lines } = capture();
    const secret = 'canary-7f3e9a1c-registered';
    const release = registerSecrets({ accessToken: secret });
    try {
      const err = new Error(`platform said: invalid token ${secret}`);
      log.error(`failed with ${secret}`, { err, body: `{"echo":"${secret}"}`, note: secret.toUpperCase() });
    } finally {
      release();
    }
    const line = lines[0]!.line;
    expect(line).not.toContain(secret);
    expect(line).toContain(REDACTED);
    expect(JSON.parse(line).err.name).toBe('Error');
    // Released: no longer scrubbed (the registry must not grow without bound in a long-lived process).
    expect(redactString(`x ${secret}`)).toBe(`x ${secret}`);
  });

  it('reference-counts overlapping registrations of the same value', () => {
    const before = registeredSecretCount();
    const a = registerSecrets('overlap-secret-1');
    const b = registerSecrets('overlap-secret-1');
    a();
    expect(redactString('overlap-secret-1')).toBe(REDACTED);
    b();
    b();
    expect(redactString('overlap-secret-1')).toBe('overlap-secret-1');
    expect(registeredSecretCount()).toBe(before);
  });

  it('scrubs inline secret forms in free text (bearer headers, query strings, JSON bodies)', () => {
    const s = redactString(
      'GET /v26.0/act_1/campaigns?access_token=EAAB123xyz&limit=5 Authorization: Bearer ya29.a0Af-x {"client_secret":"cs-1\\"x","id":7}',
    );
    expect(s).not.toMatch(/EAAB123xyz|ya29\.a0Af-x|cs-1/);
    expect(s).toContain('limit=5');
    expect(s).toContain('"id":7');
  });

  it('survives circular structures and truncates very long strings', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redact(a)).toEqual({ name: 'a', self: '[Circular]' });
    expect(redactString('x'.repeat(5000)).length).toBeLessThan(2100);
  });
});
