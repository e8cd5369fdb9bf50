// The compiled LoopbackDynamoDbLocal launcher (dynamodb-loopback/*.java): DynamoDB Local has no
// bind-address flag, so the stack starts its server classes through this class, which binds Jetty to
// 127.0.0.1 and refuses foreign Host and browser requests. Compiled with javac once per machine (and
// again only when the source or the bundled jar changes) into node_modules/.cache: compiling on every
// start (Java's source-file mode) would add about a second to each stack start.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';
const SOURCES = [LAUNCHER_CLASS, 'CdsClassPath'].map((name) => fileURLToPath(new URL(`./dynamodb-loopback/${name}.java`, import.meta.url)));

export class JdkMissingError extends Error {
  constructor(detail: string) {
    super(
      `DynamoDB Local is started through a small launcher that binds it to 127.0.0.1; compiling it once needs ` +
        `javac from a JDK 17+ (${detail}). Install it, e.g. "sudo apt-get install openjdk-17-jdk-headless" ` +
        `(Debian/Ubuntu) or "brew install openjdk@17" (macOS), or point the JAVAC environment variable at javac.`,
    );
    this.name = 'JdkMissingError';
  }
}

/** javac next to the configured java (JAVA), else the one on PATH; JAVAC wins. */
function javacBinary(): string {
  if (process.env.JAVAC) return process.env.JAVAC;
  const java = process.env.JAVA;
  if (java && java.includes('/')) {
    const sibling = join(dirname(java), 'javac');
    if (existsSync(sibling)) return sibling;
  }
  return 'javac';
}

/**
 * The class path DynamoDB Local runs with, compiling the launcher first if needed: jars only (launcher.jar,
 * DynamoDBLocal.jar without its manifest Class-Path, then the jars that named), so the JVM can keep a
 * class-data-sharing archive of it (dynamodb.ts). Made once per machine, again only when the sources or
 * the bundled jar change. Concurrent stacks may make it at once: each works in its own temp dir and
 * renames it into place.
 */
export async function ensureLauncher(jar: string, cacheRoot: string): Promise<string[]> {
  const hash = createHash('sha256');
  for (const source of SOURCES) hash.update(readFileSync(source));
  const dir = join(cacheRoot, `dynamodb-loopback-${hash.update(basename(dirname(jar))).digest('hex').slice(0, 16)}`);
  const listFile = join(dir, 'classpath.txt');
  const classPath = () => [join(dir, 'launcher.jar'), join(dir, 'dynamodb-local.jar'), ...readFileSync(listFile, 'utf8').split('\n').filter(Boolean)];
  if (existsSync(listFile)) return classPath();
  mkdirSync(cacheRoot, { recursive: true, mode: 0o700 });
  const tmp = mkdtempSync(`${dir}.tmp-`);
  const run = promisify(execFile);
  try {
    // --release 17: the class runs on any java 17+ even when javac is newer than the runtime.
    await run(javacBinary(), ['--release', '17', '-nowarn', '-d', tmp, '-cp', jar, ...SOURCES], { timeout: 120_000 });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new JdkMissingError(`"${javacBinary()}" not found`);
    throw new Error(`Compiling the DynamoDB Local launcher failed:\n${err.stderr ?? err.message}`);
  }
  try {
    await run(process.env.JAVA ?? 'java', ['-cp', tmp, 'CdsClassPath', jar, tmp], { timeout: 120_000 });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`Preparing DynamoDB Local's class path failed:\n${(e as { stderr?: string }).stderr ?? (e as Error).message}`);
  }
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another stack won the race: its copy is identical
  }
  return classPath();
}
