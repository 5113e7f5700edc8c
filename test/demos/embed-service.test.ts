import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runEmbedService } from '../../demos/embed-service.js';

const run = promisify(execFile);

/** The README's library quickstart, verbatim: the test runs exactly this code. */
export const QUICKSTART = `import { EventEmitter } from 'node:events';
import { OnlineLearner, fromEmitter } from 'rxlogit';

const bus = new EventEmitter(); // your service's events
const learner = new OnlineLearner({ inputs: 2, emitEvery: { samples: 1000 } });
learner.metrics$.subscribe((m) => console.log(\`\${m.n} labelled, progressive log loss \${m.logLoss.toFixed(3)}, accuracy \${m.accuracy.toFixed(3)}\`));
learner.rejected$.subscribe((r) => console.warn(\`rejected #\${r.index}: \${r.reason}\`));
learner.learnFrom(fromEmitter(bus, 'labelled', { end: 'close' }), { endWithSource: true });

bus.on('request', (x: number[], reply: (p: number) => void) => reply(learner.predictProba(x)));
for (let i = 0; i < 5000; i++) {
  const t = i % 2; // a label arrives: learn from it
  bus.emit('labelled', { x: [(t ? 1 : -1) + Math.random() - 0.5, Math.random()], t });
}
bus.emit('labelled', { x: [1, 'oops'], t: 1 }); // rejected, reported, never learned
bus.emit('request', [0.8, 0.5], (p: number) => console.log(\`P(t = 1 | [0.8, 0.5]) = \${p.toFixed(3)}\`));
bus.emit('close'); // the source ends: a final step, and the streams complete
`;

describe('demos/embed-service.ts', () => {
  it('runs as a command, logs progressive loss and ends by itself', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'demos/embed-service.ts', '--events', '3000', '--log-every', '1000', '--delay', '10'], {
      cwd: resolve(import.meta.dirname, '../..'),
      timeout: 30_000,
    });
    expect(stderr).toBe('');
    const lines = stdout.trim().split('\n');
    expect(lines.slice(0, 3).map((l) => l.trim().split(/\s+/)[0])).toEqual(['1000', '2000', '3000']);
    expect(lines[0]).toMatch(/labelled {2}log loss \d\.\d{4} \(last 500: \d\.\d{4}\) {2}accuracy 0\.\d{3}/);
    expect(lines.at(-1)).toMatch(/^served 3000 predictions, \d+\.\d% right; learned from 3000 labels; weights \[/);
  });

  it('rejects a bad option with exit code 2', async () => {
    const error = await run(process.execPath, ['--import', 'tsx', 'demos/embed-service.ts', '--events', '0'], { cwd: resolve(import.meta.dirname, '../..') }).catch((e: unknown) => e);
    expect((error as { code: number }).code).toBe(2);
    expect((error as { stderr: string }).stderr).toMatch(/--events needs an integer ≥ 1, got 0/);
  });

  it('serves predictions that beat chance while the world drifts', async () => {
    const lines: string[] = [];
    const summary = await runEmbedService({ events: 4000, delay: 25, logEvery: 2000, seed: 'test', driftPeriod: 20_000, log: (l) => lines.push(l) });
    expect(summary.served).toBe(4000);
    expect(summary.learned).toBe(4000);
    expect(summary.servedAccuracy).toBeGreaterThan(0.8);
    expect(summary.progressiveLogLoss).toBeLessThan(0.4);
    expect(lines).toHaveLength(3);
  });
});

describe('README quickstart', () => {
  it('runs as written (with rxlogit resolved to this checkout)', async () => {
    const root = resolve(import.meta.dirname, '../..');
    const file = join(mkdtempSync(join(tmpdir(), 'rxlogit-quickstart-')), 'quickstart.ts');
    const entry = pathToFileURL(join(root, 'src/index.ts')).href;
    writeFileSync(file, QUICKSTART.replace("from 'rxlogit'", `from '${entry}'`));
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', file], { cwd: root, timeout: 30_000 });
    const lines = stdout.trim().split('\n');
    expect(lines.slice(0, 5).map((l) => l.split(' ')[0])).toEqual(['1000', '2000', '3000', '4000', '5000']);
    expect(lines[4]).toMatch(/^5000 labelled, progressive log loss 0\.\d{3}, accuracy (0\.9\d\d|1\.000)$/);
    expect(stderr.trim()).toBe('rejected #5000: x[1]: Invalid input: expected number, received string');
    const p = Number(/P\(t = 1 \| \[0\.8, 0\.5\]\) = (\d\.\d+)/.exec(stdout)?.[1]);
    expect(p).toBeGreaterThan(0.7);
  });
});
