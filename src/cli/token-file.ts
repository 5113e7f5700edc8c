import { readFileSync } from 'node:fs';
import { UsageError } from './args.js';

/**
 * The token in a file: its first line, trimmed (so a token never shows in `ps`); a usage error
 * naming the option when the file cannot be read or holds no token.
 *
 * @example
 * ```ts
 * readTokenFile('token-file', '/run/secrets/rxlogit'); // 'k3y…'
 * ```
 */
export function readTokenFile(option: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--${option}: cannot read ${JSON.stringify(path)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const token = (text.split(/\r?\n/)[0] ?? '').trim();
  if (token === '') throw new UsageError(`--${option}: ${JSON.stringify(path)} holds no token on its first line`);
  return token;
}
