import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeTutorial, runTutorial } from '../../demos/tutorial.js';
import { svgProblems } from '../plot/svg-check.js';

const FIXTURE = new URL('../fixtures/tutorial.json', import.meta.url);

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runTutorial(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

/** File names and modification times in a folder (empty when it does not exist). */
function snapshot(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).map((f) => `${f}@${statSync(join(folder, f)).mtimeMs}`);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rxlogit-tutorial-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('tutorial demo --json', () => {
  it('prints exactly one JSON object with the documented keys and shapes, and writes nothing', async () => {
    const defaultDir = join(process.cwd(), 'out', 'tutorial');
    const before = snapshot(defaultDir);
    const { code, out, err } = await run(['--json']);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trim().split('\n')).toHaveLength(1);
    const json = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['X', 't', 'weights', 'loss', 'misclassified']);
    const { X, t, weights, loss, misclassified } = json as {
      X: number[][]; t: number[]; weights: number[][]; loss: number[]; misclassified: Record<string, number>;
    };
    expect(X).toHaveLength(40);
    for (const row of X) expect(row).toHaveLength(2);
    expect(t).toEqual([...new Array(20).fill(0), ...new Array(20).fill(1)]);
    expect(weights).toHaveLength(11);
    for (const w of weights) expect(w).toHaveLength(2);
    expect(weights[0]).toEqual([-4, -2]);
    expect(loss).toHaveLength(11);
    for (const l of loss) expect(Number.isFinite(l)).toBe(true);
    expect(Object.keys(misclassified)).toEqual(['blueAsRed', 'redAsBlue']);
    expect(snapshot(defaultDir)).toEqual(before);
  });

  it('matches the NumPy fixture to 1e-9', async () => {
    const fx = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
      X: number[][]; t: number[]; weights: number[][]; loss: number[]; lossExact?: number[]; misclassified: Record<string, number>;
    };
    const json = JSON.parse((await run(['--json'])).out) as typeof fx;
    const close = (a: number[][], b: number[][], what: string) => {
      expect(a.length, what).toBe(b.length);
      a.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - b[i]![j]!), `${what}[${i}][${j}]`).toBeLessThanOrEqual(1e-9)));
    };
    close(json.X, fx.X, 'X');
    expect(json.t).toEqual(fx.t);
    close(json.weights, fx.weights, 'weights');
    close([json.loss], [fx.loss], 'loss');
    if (fx.lossExact !== undefined) close([json.loss], [fx.lossExact], 'lossExact');
    expect(json.misclassified).toEqual(fx.misclassified);
  });

  it('reproduces the tutorial text: two blue circles and four red stars misclassified, loss falling', () => {
    const r = computeTutorial();
    expect(r.misclassified).toEqual({ blueAsRed: 2, redAsBlue: 4 });
    for (let k = 1; k < r.loss.length; k++) expect(r.loss[k]).toBeLessThan(r.loss[k - 1]!);
  });

  it('writes the figures with --json only when --out is given', async () => {
    const out = join(dir, 'json-figs');
    const { code, out: text } = await run(['--json', '--out', out]);
    expect(code).toBe(0);
    expect(() => JSON.parse(text)).not.toThrow();
    expect((await readdir(out)).sort()).toHaveLength(4);
  });
});

describe('tutorial demo figures', () => {
  it('writes the four figures into a new folder, each a valid SVG with its title, and prints a walkthrough', async () => {
    const out = join(dir, 'nested', 'figs');
    const { code, out: text, err } = await run([`--out=${out}`]);
    expect(code).toBe(0);
    expect(err).toBe('');
    const titles: Record<string, string> = {
      '1-classes.svg': 'red star vs. blue circle classes in the input space',
      '2-loss-surface.svg': 'Loss function surface',
      '3-descent-steps.svg': 'Gradient descent updates on loss surface',
      '4-decision-boundary.svg': 'red star vs. blue circle classification boundary',
    };
    expect((await readdir(out)).sort()).toEqual(Object.keys(titles));
    for (const [name, title] of Object.entries(titles)) {
      const svg = await readFile(join(out, name), 'utf8');
      expect(svgProblems(svg), name).toEqual([]);
      expect(svg, name).toContain(`<title>${title}</title>`);
      expect(svg, name).toContain(`>${title}</text>`);
      expect(text).toContain(join(out, name));
    }
    expect(text).toContain("reduction: 'sum'");
    expect(text).toMatch(/blue circles classified as red stars: 2/);
    expect(text).toMatch(/red stars classified as blue circles: 4/);
    expect(text).toMatch(/^ +10 +1\.83\d+ +0\.81\d+ +0\.29\d+$/m);
    const descent = await readFile(join(out, '3-descent-steps.svg'), 'utf8');
    for (const k of [0, 1, 2, 3]) expect(descent).toContain(`>w(${k})</text>`);
  });
});

describe('tutorial demo options', () => {
  it('prints help and exits 0', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: /);
    expect(out).toContain('--out DIR');
  });
  it.each([[['--bogus']], [['--out']], [['extra']], [['--out', '']], [['--json=1']]])('rejects %j with exit code 2', async (argv) => {
    const { code, out, err } = await run(argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^tutorial: /);
  });
  it('reports an unwritable folder with exit code 1', async () => {
    const file = join(dir, 'not-a-folder');
    await writeFile(file, 'x');
    const { code, err } = await run(['--out', join(file, 'sub')]);
    expect(code).toBe(1);
    expect(err).toMatch(/cannot write the figures into/);
  });
});
