/** Hash of (path, size, mtime) of every file under `roots` (files or directories; absent ones count as absent). */
export function fingerprint(roots: string[], extra?: string): string;
/** The fingerprint stored in `file`, if any. */
export function readFingerprint(file: string): string | undefined;
