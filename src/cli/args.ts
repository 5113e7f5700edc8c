/**
 * A small declarative command-line option parser.
 *
 * `--name value` and `--name=value`; flags take no value; an option that
 * takes a value always takes the next argument, so negative numbers work
 * (`--init -4,-2`). Numbers are checked with messages such as
 * `--lr: expected a positive number, got "abc"`. `--` ends the options; `-h`
 * means `--help` when there is a `help` option.
 *
 * @module
 */

/** What an option holds. */
export type OptionKind = 'flag' | 'string' | 'number' | 'integer' | 'numbers' | 'choice';

/** One option's declaration. */
export interface OptionSpec {
  readonly kind: OptionKind;
  /** One line for `--help`. */
  readonly description: string;
  /** The value's name in `--help`, such as `FILE` (default from the kind). */
  readonly valueName?: string;
  /** The allowed values of a `choice`. */
  readonly choices?: readonly string[];
  /** For numbers: `positive` (> 0) or `non-negative` (≥ 0); default any finite number. */
  readonly range?: 'positive' | 'non-negative';
  /** For numbers: the largest value accepted, shown in `--help` (default none). */
  readonly max?: number;
  /** The default, as shown in `--help`. */
  readonly defaultText?: string;
}

/** Declarations by option name (without the dashes). */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The value type of one option. */
export type OptionValue<S extends OptionSpec> = S['kind'] extends 'flag'
  ? boolean
  : S['kind'] extends 'number' | 'integer'
    ? number
    : S['kind'] extends 'numbers'
      ? number[]
      : string;

/** The parsed options: only those given are present. */
export type ParsedOptions<T extends OptionSpecs> = { -readonly [K in keyof T]?: OptionValue<T[K]> };

/** A command line that does not fit the declarations; the CLI exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Parses arguments against declarations.
 *
 * @param argv - the arguments after the command name
 * @param specs - the options, by name
 * @returns the options given and the other arguments (positionals)
 * @throws UsageError for an unknown option, a missing or invalid value, or an option given twice
 * @example
 * ```ts
 * const specs = { lr: { kind: 'number', range: 'positive', description: 'learning rate' } } as const;
 * parseArgs(['--lr', '0.1'], specs).options.lr; // 0.1
 * parseArgs(['--lr=abc'], specs); // throws '--lr: expected a positive number, got "abc"'
 * ```
 */
export function parseArgs<T extends OptionSpecs>(
  argv: readonly string[],
  specs: T,
): { options: ParsedOptions<T>; positionals: string[] } {
  const options: Record<string, unknown> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' && Object.hasOwn(specs, 'help')) {
      options['help'] = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (spec === undefined) throw new UsageError(`unknown option --${name}${suggest(name, Object.keys(specs))}`);
    if (Object.hasOwn(options, name)) throw new UsageError(`--${name} is given twice`);
    if (spec.kind === 'flag') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      options[name] = true;
      continue;
    }
    let raw: string;
    if (eq >= 0) {
      raw = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError(`--${name}: missing value${next === undefined ? '' : ` (found ${next})`}`);
      }
      raw = next;
      i++;
    }
    options[name] = convert(name, spec, raw);
  }
  return { options: options as ParsedOptions<T>, positionals };
}

/**
 * Help text: a usage line, a summary, then one line per option with its
 * value name and default.
 *
 * @example
 * ```ts
 * formatHelp('rxlogit train --input FILE [options]', 'Learns a model.', TRAIN_OPTIONS);
 * ```
 */
export function formatHelp(usage: string, summary: string, specs: OptionSpecs): string {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const value = spec.kind === 'flag' ? '' : ` ${spec.valueName ?? defaultValueName(spec)}`;
    const notes = [
      ...(spec.defaultText === undefined ? [] : [`default ${spec.defaultText}`]),
      ...(spec.max === undefined ? [] : [`at most ${formatCount(spec.max)}`]),
    ];
    const extra = notes.length === 0 ? '' : ` (${notes.join(', ')})`;
    return [`--${name}${value}`, `${spec.description}${extra}`] as const;
  });
  const width = Math.min(24, Math.max(...rows.map(([left]) => left.length))) + 2;
  const lines = rows.map(([left, right]) =>
    left.length < width - 1 ? `  ${left.padEnd(width)}${right}` : `  ${left}\n  ${' '.repeat(width)}${right}`,
  );
  return `Usage: ${usage}\n\n${summary}\n\nOptions:\n${lines.join('\n')}\n`;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function convert(name: string, spec: OptionSpec, raw: string): unknown {
  switch (spec.kind) {
    case 'string':
      if (raw === '') throw new UsageError(`--${name}: expected ${spec.valueName ?? 'a value'}, got an empty string`);
      return raw;
    case 'choice':
      if (!spec.choices?.includes(raw)) {
        throw new UsageError(`--${name}: expected one of ${(spec.choices ?? []).join(', ')}, got ${JSON.stringify(raw)}`);
      }
      return raw;
    case 'number':
    case 'integer':
      return toNumber(name, spec, raw, raw);
    case 'numbers': {
      const parts = raw.split(',');
      return parts.map((part, i) => toNumber(name, spec, part.trim(), raw, parts.length > 1 ? i + 1 : undefined));
    }
    case 'flag':
      return true;
  }
}

function toNumber(name: string, spec: OptionSpec, text: string, raw: string, position?: number): number {
  const integer = spec.kind === 'integer';
  const v = DECIMAL.test(text) ? Number(text) : NaN;
  const ok =
    Number.isFinite(v) &&
    (!integer || Number.isInteger(v)) &&
    (spec.range !== 'positive' || v > 0) &&
    (spec.range !== 'non-negative' || v >= 0) &&
    (spec.max === undefined || v <= spec.max);
  if (ok) return v;
  const limit = spec.max === undefined ? '' : ` at most ${formatCount(spec.max)}`;
  const what = `${spec.range === undefined ? '' : `${spec.range} `}${integer ? 'integer' : 'number'}${limit}`;
  const article = /^[aeiou]/.test(what) ? 'an' : 'a';
  if (spec.kind === 'numbers') {
    const where = position === undefined ? '' : ` (value ${position} is ${JSON.stringify(text)})`;
    return fail(`--${name}: expected comma-separated numbers, got ${JSON.stringify(raw)}${where}`);
  }
  return fail(`--${name}: expected ${article} ${what}, got ${JSON.stringify(raw)}`);
}

/** 1000000 → `1,000,000`: limits as a reader counts them. */
function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function fail(message: string): never {
  throw new UsageError(message);
}

function defaultValueName(spec: OptionSpec): string {
  if (spec.kind === 'choice') return (spec.choices ?? []).join('|');
  if (spec.kind === 'integer') return 'N';
  if (spec.kind === 'number') return 'X';
  if (spec.kind === 'numbers') return 'X,Y,…';
  return 'VALUE';
}

/** ` (did you mean --lr?)` for a near miss, else ''. */
function suggest(name: string, known: readonly string[]): string {
  let best = '';
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestDistance) (best = k), (bestDistance = d);
  }
  return best === '' ? '' : ` (did you mean --${best}?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
