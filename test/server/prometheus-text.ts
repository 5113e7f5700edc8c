/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4),
 * for tests: prom-client writes the format but cannot read it. Every line
 * must be a `# HELP`, a `# TYPE`, another comment, blank, or a sample of a
 * family whose TYPE came first; names, labels (with escapes) and values
 * (floats, NaN, ±Inf) are checked, and a repeated series is an error.
 *
 * @module
 */

/** One sample line. */
export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A metric family: its TYPE, HELP and samples. */
export interface PromFamily {
  readonly type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  readonly help: string;
  readonly samples: PromSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<string, readonly string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'], counter: [], gauge: [], untyped: [] };

/**
 * Parses an exposition; throws an Error naming the line for anything off.
 *
 * @example
 * ```ts
 * parsePrometheusText('# TYPE up gauge\nup 1\n').get('up')!.samples[0]!.value; // 1
 * ```
 */
export function parsePrometheusText(text: string): Map<string, PromFamily> {
  if (text !== '' && !text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, { type?: PromFamily['type']; help?: string; samples: PromSample[] }>();
  const series = new Set<string>();
  const lines = text.split('\n');
  lines.pop();
  lines.forEach((line, i) => {
    const fail = (why: string): never => {
      throw new Error(`line ${i + 1} (${JSON.stringify(line)}): ${why}`);
    };
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (m === null) return; // a plain comment
      const [, kind, name, rest] = m as unknown as [string, string, string, string];
      if (!NAME.test(name)) fail(`bad metric name ${name}`);
      const family = families.get(name) ?? { samples: [] };
      if (kind === 'TYPE') {
        if (family.type !== undefined) fail('a second TYPE');
        if (family.samples.length > 0) fail('TYPE after samples');
        if (!TYPES.has(rest)) fail(`unknown type ${rest}`);
        family.type = rest as PromFamily['type'];
      } else {
        if (family.help !== undefined) fail('a second HELP');
        family.help = rest.replace(/\\(.)/g, (_all, c: string) => (c === 'n' ? '\n' : c));
      }
      families.set(name, family);
      return;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(line);
    if (m === null) fail('not a sample line');
    const [, name, labelText, valueText] = m as unknown as [string, string, string | undefined, string];
    const labels = parseLabels(labelText ?? '', fail);
    const value = parseValue(valueText, fail);
    let owner: string | undefined;
    for (const [family, f] of families) {
      if (name === family || (f.type !== undefined && SUFFIXES[f.type]!.some((sfx) => name === family + sfx))) owner = family;
    }
    if (owner === undefined || families.get(owner)!.type === undefined) fail(`sample of ${name} before its TYPE`);
    const key = `${name}{${Object.entries(labels).sort().map(([k, v]) => `${k}=${v}`).join(',')}}`;
    if (series.has(key)) fail(`series ${key} twice`);
    series.add(key);
    families.get(owner!)!.samples.push({ name, labels, value });
  });
  const out = new Map<string, PromFamily>();
  for (const [name, f] of families) {
    if (f.type === undefined) throw new Error(`family ${name} has HELP but no TYPE`);
    out.set(name, { type: f.type, help: f.help ?? '', samples: f.samples });
  }
  return out;
}

function parseLabels(text: string, fail: (why: string) => never): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(text.slice(i));
    if (m === null || !LABEL.test(m[1]!)) fail(`bad label at ${JSON.stringify(text.slice(i))}`);
    i += m![0].length;
    let value = '';
    for (;;) {
      if (i >= text.length) fail('unterminated label value');
      const c = text[i]!;
      if (c === '"') break;
      if (c === '\\') {
        const next = text[i + 1];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else fail(`bad escape \\${String(next)}`);
        i += 2;
      } else {
        value += c;
        i++;
      }
    }
    i++;
    if (Object.hasOwn(labels, m![1]!)) fail(`label ${m![1]} twice`);
    labels[m![1]!] = value;
    if (text[i] === ',') i++;
    else if (i < text.length) fail('labels must be separated by commas');
  }
  return labels;
}

/** Values as Prometheus reads them (Go's ParseFloat: `NaN`, `Nan`, `+Inf`, `-inf`… in any case). */
function parseValue(text: string, fail: (why: string) => never): number {
  const word = text.toLowerCase();
  if (word === 'nan') return NaN;
  if (word === '+inf' || word === 'inf') return Infinity;
  if (word === '-inf') return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) fail(`bad value ${text}`);
  return Number(text);
}

/**
 * The value of the one sample of `name` with these labels.
 *
 * @throws Error when there is none or more than one
 */
export function sampleValue(families: Map<string, PromFamily>, name: string, labels: Record<string, string> = {}): number {
  const found = [...families.values()].flatMap((f) => f.samples).filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length !== 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]!.value;
}
