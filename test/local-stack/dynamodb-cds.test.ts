// DynamoDB Local starts from a class-data-sharing archive that its first run writes when it stops: later
// starts map it (ready ~0.7 s sooner). The archive is owner-only, and a damaged one costs one slower start
// (the JVM crashed or hung on it), never a failed one, with the crash report kept out of the working directory.
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/services/dynamodb.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'sivera-ddb-cds-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

const archives = () => readdirSync(cacheDir).filter((f) => f.endsWith('.jsa'));

async function listTables(d: DynamoDbLocal): Promise<number> {
  const r = await fetch(d.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.ListTables',
      'x-amz-date': '20000101T000000Z',
      authorization: 'AWS4-HMAC-SHA256 Credential=local/20000101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00',
    },
    body: '{}',
  });
  return r.status;
}

const mapped = (d: DynamoDbLocal, file: string) => readFileSync(`/proc/${d.proc.pid}/maps`, 'utf8').includes(file);

describe('DynamoDB Local class-data archive', () => {
  it('is written by the first run when it stops, owner-only, and mapped by the next run', { timeout: 180_000 }, async () => {
    const first = await startDynamoDbLocal({ cacheDir });
    expect(await listTables(first)).toBe(200);
    expect(archives()).toEqual([]);
    await first.stop();
    expect(archives()).toHaveLength(1);
    const archive = join(cacheDir, archives()[0]!);
    expect(statSync(archive).size).toBeGreaterThan(1_000_000);
    expect(statSync(archive).mode & 0o077).toBe(0);
    expect(statSync(cacheDir).mode & 0o077).toBe(0);

    const second = await startDynamoDbLocal({ cacheDir });
    try {
      expect(await listTables(second)).toBe(200);
      expect(mapped(second, archive)).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it('a damaged archive costs one slower start, not a failed one, and is made again', { timeout: 180_000 }, async () => {
    const [name] = archives();
    expect(name).toBeDefined();
    const archive = join(cacheDir, name!);
    const fd = openSync(archive, 'r+');
    writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, 100); // past the header the JVM checks
    closeSync(fd);
    const cwdReports = () => readdirSync(process.cwd()).filter((f) => f.startsWith('hs_err_pid'));
    const before = cwdReports().length;

    const d = await startDynamoDbLocal({ cacheDir });
    try {
      expect(await listTables(d)).toBe(200);
    } finally {
      await d.stop();
    }
    expect(existsSync(archive)).toBe(true); // written again by the run that started without it
    const fresh = await startDynamoDbLocal({ cacheDir });
    try {
      expect(mapped(fresh, archive)).toBe(true);
    } finally {
      await fresh.stop();
    }
    expect(cwdReports().length).toBe(before);
  });
});
