import { randomBytes } from 'node:crypto';
import { readdirSync, unlinkSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Options of {@link atomicWriteFile}. */
export interface AtomicWriteOptions {
  /** File mode of a new file (default 0o644, less the umask). */
  readonly mode?: number;
}

/**
 * Writes a file so that readers (and a crash) see either the old content or
 * the new, never a mix or a truncated file: the data goes to a temporary file
 * in the same folder, is flushed to disk (`fsync`), then renamed over the
 * target, and the folder is flushed too (best effort: not every system can).
 *
 * The temporary file is removed if anything fails. Reusable for any file that
 * must not be left half-written (models, checkpoints).
 *
 * @param path - the file to create or replace
 * @param data - its new content (a string is written as UTF-8)
 * @param options - mode (default 0o644)
 * @throws the file system's error (for example ENOENT when the folder does not exist)
 * @example
 * ```ts
 * await atomicWriteFile('model.json', JSON.stringify(model));
 * ```
 */
export async function atomicWriteFile(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const folder = dirname(path);
  const temp = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', options.mode ?? 0o644);
  let renamed = false;
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    renamed = true;
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
  await syncFolder(folder);
}

/** Flushes a folder's entries (the rename) to disk; some systems refuse, which is harmless. */
async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Windows and some file systems cannot open or fsync a folder.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Removes the temporary files that {@link atomicWriteFile} left beside `path`
 * when its process was killed mid-write (`.<name>.<pid>.<hex>.tmp`, the pid no
 * longer running). Files of live processes, and anything else, are left alone.
 * Best effort: an unreadable folder or a file that vanishes is no error.
 *
 * @returns how many files were removed
 * @example
 * ```ts
 * removeStaleTempFiles('learner.ckpt.json'); // on start, before resuming
 * ```
 */
export function removeStaleTempFiles(path: string): number {
  const folder = dirname(path);
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length));
    if (match === null || isRunning(Number(match[1]))) continue;
    try {
      unlinkSync(join(folder, name));
      removed++;
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: unknown }).code === 'EPERM'; // alive, but another user's
  }
}
