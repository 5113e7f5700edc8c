import { UsageError } from './args.js';

/**
 * Pulls every `--name V` / `--name=V` out of argv (the shared parser refuses repeats); values are
 * split on commas and trimmed. Used for options that may be given more than once.
 *
 * @example
 * ```ts
 * takeRepeated(['--origin', 'http://a', '--origin=http://b,http://c', '--port', '1'], 'origin');
 * // { rest: ['--port', '1'], values: ['http://a', 'http://b', 'http://c'] }
 * ```
 */
export function takeRepeated(argv: readonly string[], name: string): { rest: string[]; values: string[] } {
  const rest: string[] = [];
  const values: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === `--${name}`) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`--${name}: missing value`);
      values.push(next);
      i++;
    } else if (arg.startsWith(`--${name}=`)) {
      values.push(arg.slice(name.length + 3));
    } else {
      rest.push(arg);
    }
  }
  const split = values.flatMap((v) => v.split(',')).map((v) => v.trim());
  if (split.some((v) => v === '')) throw new UsageError(`--${name}: empty value in ${JSON.stringify(values.join(','))}`);
  return { rest, values: split };
}
