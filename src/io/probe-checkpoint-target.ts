import { randomBytes } from 'node:crypto';
import { open, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CheckpointError } from './checkpoint-error.js';
import { checkModelTarget } from './model-file.js';

/**
 * Checks, before a long run, that a checkpoint can be written at `path`: the
 * folder exists, is a folder, and takes a new file (a temporary file is
 * created there and removed), and what is at `path` is missing or a model
 * file. Nothing at `path` is changed.
 *
 * @throws CheckpointError saying what is wrong and where
 * @example
 * ```ts
 * await probeCheckpointTarget('state/learner.ckpt.json'); // throws when state/ does not exist
 * ```
 */
export async function probeCheckpointTarget(path: string): Promise<void> {
  const folder = dirname(path);
  const cannot = (why: string, cause?: unknown): CheckpointError =>
    new CheckpointError(path, `cannot write checkpoint "${path}": ${why}`, cause === undefined ? undefined : { cause });
  try {
    if (!(await stat(folder)).isDirectory()) throw cannot(`"${folder}" is not a folder`);
  } catch (e) {
    if (e instanceof CheckpointError) throw e;
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT') throw cannot(`the folder "${folder}" does not exist`, e);
    if (code === 'ENOTDIR') throw cannot(`"${folder}" is not a folder (a file is in its path)`, e);
    throw cannot(e instanceof Error ? e.message : String(e), e);
  }
  try {
    await checkModelTarget(path);
  } catch (e) {
    throw new CheckpointError(path, e instanceof Error ? e.message : String(e), { cause: e });
  }
  // Named like atomicWriteFile's temporary files, so a crash right here leaves nothing that is not cleaned up.
  const probe = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(probe, 'wx', 0o600);
    await handle.close();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why =
      code === 'ENOENT'
        ? `the folder "${folder}" does not exist`
        : code === 'ENOTDIR'
          ? `"${folder}" is not a folder`
          : code === 'EACCES' || code === 'EPERM'
            ? `no permission to create files in "${folder}"`
            : code === 'EROFS'
              ? `"${folder}" is on a read-only file system`
              : e instanceof Error
                ? e.message
                : String(e);
    throw cannot(why, e);
  }
  await unlink(probe).catch(() => undefined);
}
