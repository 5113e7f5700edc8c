/**
 * The reference the reader fuzz checks against: what each line of a JSON
 * Lines or CSV file must become, written from the formats' documented rules
 * with `JSON.parse` and `Number` and nothing of `src/data`.
 *
 * - Input: UTF-8 (invalid bytes become U+FFFD), a leading BOM dropped, lines
 *   split on LF, one trailing CR dropped; lines of blanks (space, tab, CR) skipped.
 * - JSON Lines: a JSON object with own `x`, a non-empty array of finite
 *   numbers, and own `t`, a number equal to 0 or 1.
 * - CSV: the first non-blank line is a header when no field is a number;
 *   a row is numbers (`[+-]?(d+[.d*]|.d+)([eE][+-]?d+)?`, blanks around),
 *   at least two, the last 0 or 1.
 * - Width: every sample as wide as the first valid one (or the header).
 *
 * @module
 */

/** What one line must become. */
export type OracleLine =
  | { readonly line: number; readonly kind: 'blank' | 'header' }
  | { readonly line: number; readonly kind: 'valid'; readonly x: readonly number[]; readonly t: 0 | 1 }
  | { readonly line: number; readonly kind: 'invalid'; readonly problems: readonly Problem[] };

/**
 * A reason a line is invalid. A reader's error must name one of its line's
 * problems (which one it names first is the reader's choice).
 */
export type Problem =
  | { readonly what: 'json' | 'not-object' | 'x-missing' | 'x-not-array' | 'x-empty' | 't-missing' | 't-value' | 'one-column' | 'label' }
  | { readonly what: 'x-value'; readonly index: number }
  | { readonly what: 'column'; readonly column: number }
  | { readonly what: 'width'; readonly got: number; readonly expected: number };

/** Splits a file into decoded lines the way the documented format reads it. */
export function splitLines(bytes: Buffer): string[] {
  let body = bytes;
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  const lines: string[] = [];
  let s = 0;
  for (;;) {
    const e = body.indexOf(0x0a, s);
    if (e < 0) {
      if (s < body.length) lines.push(body.subarray(s).toString('utf8'));
      break;
    }
    lines.push(body.subarray(s, e).toString('utf8'));
    s = e + 1;
  }
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

const isBlank = (line: string): boolean => /^[ \t\r]*$/.test(line);

/**
 * The expected outcome of every line of a JSON Lines file.
 *
 * @param width - the width a caller imposes (default: the first valid sample's)
 */
export function jsonlOracle(bytes: Buffer, width?: number): OracleLine[] {
  let expected = width;
  return splitLines(bytes).map((text, i): OracleLine => {
    const line = i + 1;
    if (isBlank(text)) return { line, kind: 'blank' };
    const problems = jsonProblems(text);
    if (problems.problems.length > 0) return { line, kind: 'invalid', problems: problems.problems };
    const x = problems.x!;
    expected ??= x.length;
    if (x.length !== expected) return { line, kind: 'invalid', problems: [{ what: 'width', got: x.length, expected }] };
    return { line, kind: 'valid', x, t: problems.t! };
  });
}

function jsonProblems(text: string): { problems: Problem[]; x?: number[]; t?: 0 | 1 } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problems: [{ what: 'json' }] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problems: [{ what: 'not-object' }] };
  const problems: Problem[] = [];
  const record = value as Record<string, unknown>;
  const x = record['x'];
  if (!Object.hasOwn(record, 'x')) problems.push({ what: 'x-missing' });
  else if (!Array.isArray(x)) problems.push({ what: 'x-not-array' });
  else if (x.length === 0) problems.push({ what: 'x-empty' });
  else x.forEach((v: unknown, index) => typeof v === 'number' && Number.isFinite(v) ? undefined : problems.push({ what: 'x-value', index }));
  const t = record['t'];
  if (!Object.hasOwn(record, 't')) problems.push({ what: 't-missing' });
  else if (t !== 0 && t !== 1) problems.push({ what: 't-value' });
  if (problems.length > 0) return { problems };
  return { problems, x: x as number[], t: t === 1 ? 1 : 0 };
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A CSV field's number, or undefined when it is not one. */
function csvNumber(field: string): number | undefined {
  const f = field.replace(/^[ \t]+|[ \t]+$/g, '');
  if (!DECIMAL.test(f)) return undefined;
  const v = Number(f);
  return Number.isFinite(v) ? v : undefined;
}

/**
 * The expected outcome of every line of a CSV file.
 *
 * @param width - the number of features a caller imposes (default: the header's, else the first valid row's)
 */
export function csvOracle(bytes: Buffer, width?: number): OracleLine[] {
  let expected = width;
  let started = false;
  return splitLines(bytes).map((text, i): OracleLine => {
    const line = i + 1;
    if (isBlank(text)) return { line, kind: 'blank' };
    const fields = text.split(',');
    const values = fields.map(csvNumber);
    if (!started) {
      started = true;
      if (values.every((v) => v === undefined)) {
        if (expected !== undefined && fields.length - 1 !== expected) {
          return { line, kind: 'invalid', problems: [{ what: 'width', got: fields.length, expected: expected + 1 }] };
        }
        expected = fields.length - 1;
        return { line, kind: 'header' };
      }
    }
    const problems: Problem[] = [];
    values.forEach((v, k) => (v === undefined ? problems.push({ what: 'column', column: k + 1 }) : undefined));
    if (fields.length < 2) problems.push({ what: 'one-column' });
    const label = values[values.length - 1];
    if (label !== undefined && label !== 0 && label !== 1) problems.push({ what: 'label' });
    if (problems.length > 0) return { line, kind: 'invalid', problems };
    expected ??= fields.length - 1;
    if (fields.length - 1 !== expected) return { line, kind: 'invalid', problems: [{ what: 'width', got: fields.length, expected: expected + 1 }] };
    return { line, kind: 'valid', x: values.slice(0, -1) as number[], t: label === 1 ? 1 : 0 };
  });
}

/**
 * Whether a reader's reason for a line names one of its problems, and the
 * reason's class for the figures (`json`, `x-value`, `width`, …), or
 * undefined when it names none.
 *
 * @example
 * ```ts
 * reasonClass('x[1] must be a finite number, got "a"', [{ what: 'x-value', index: 1 }]); // 'x-value'
 * ```
 */
export function reasonClass(reason: string, problems: readonly Problem[]): string | undefined {
  for (const p of problems) {
    if (matches(reason, p)) return p.what;
  }
  return undefined;
}

function matches(reason: string, p: Problem): boolean {
  switch (p.what) {
    case 'json':
      return /^not valid JSON \(.+\)$/s.test(reason);
    case 'not-object':
      return /^expected a JSON object/.test(reason);
    case 'x-missing':
      return reason === 'missing "x"';
    case 'x-not-array':
      return /^"x" must be an array of numbers, got /.test(reason);
    case 'x-empty':
      return /^"x" is empty/.test(reason);
    case 'x-value':
      return reason.startsWith(`x[${p.index}] must be a finite number, got `);
    case 't-missing':
      return reason === 'missing "t"';
    case 't-value':
      return /^"t" must be 0 or 1, got /.test(reason);
    case 'column':
      return reason.startsWith(`column ${p.column}: `) && !reason.includes('(the label)');
    case 'one-column':
      return reason === 'expected feature columns and a label, got 1 column';
    case 'label':
      return /^column \d+ \(the label\): must be 0 or 1, got /.test(reason);
    case 'width': {
      const unit = /x values|columns/.source;
      return new RegExp(`^(header )?has ${p.got} (${unit}), expected ${p.expected} \\(`).test(reason);
    }
  }
}
