// The data folder holds clear-text passwords (cognito-local's store), the IAM secret, the KMS key
// material and the TLS key: only the developer's own user may read it. Directories 0700, files 0600,
// for what we write ourselves and for what the children (DynamoDB Local, cognito-local) write.
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** Umask for child processes writing into the data folder: whatever they create is owner-only. */
export const PRIVATE_UMASK = 0o077;

/** mkdir -p with 0700 for every directory created, and 0700 enforced on `dir` itself (it may predate us). */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Makes everything under `root` owner-only: existing installs were created 0755/0644, and children may
 * have written files before their umask was set. Symlinks are left alone (chmod would follow them out).
 */
export function privateTree(root: string): void {
  if (!existsSync(root)) return;
  const walk = (p: string) => {
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return; // removed meanwhile (a child's temp file)
    }
    if (st.isSymbolicLink()) return;
    try {
      if (st.isDirectory()) {
        if ((st.mode & 0o777) !== PRIVATE_DIR_MODE) chmodSync(p, PRIVATE_DIR_MODE);
        for (const name of readdirSync(p)) walk(join(p, name));
      } else if ((st.mode & 0o777) !== PRIVATE_FILE_MODE) chmodSync(p, PRIVATE_FILE_MODE);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  };
  walk(root);
}

/** Atomic 0600 write: a reader never sees half a file, and never a moment of a looser mode. */
export function writePrivateFile(file: string, data: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode: PRIVATE_FILE_MODE });
  chmodSync(tmp, PRIVATE_FILE_MODE); // a leftover tmp file of a crashed run keeps its old mode otherwise
  renameSync(tmp, file);
}

/**
 * Runs `fn` (a synchronous child spawn) with the owner-only umask: the child inherits it, so every
 * file it creates in the data folder is 0600 from the start. Restored right after, since the umask is
 * process-wide and nothing else in this process should be affected.
 */
export function withPrivateUmask<T>(fn: () => T): T {
  const previous = process.umask(PRIVATE_UMASK);
  try {
    return fn();
  } finally {
    process.umask(previous);
  }
}
