/**
 * The package as a service would install it: `npm pack`, then a fresh project
 * that installs the tarball with only its runtime dependencies (offline, from
 * npm's cache, pinned by a lock file built from ours), `require`s and
 * `import`s every entry point, runs the bin (no tsx in that project) and
 * type-checks a file using the public types with `--strict` and no
 * `skipLibCheck`. Slow (npm and tsc): one file, generous time-outs.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryPoints } from '../api/api-report.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SLOW = 300_000;
const ENTRIES = [...entryPoints().keys()];

interface LockEntry {
  readonly dev?: boolean;
}
interface PackageJson {
  name: string;
  version: string;
  license: string;
  bin: Record<string, string>;
  engines: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

let dir: string;

/** A lock file for the consumer: the tarball, our runtime dependencies as our lock pins them, and the consumer's own typescript and @types/node. */
async function consumerLock(tarball: string, pkg: PackageJson): Promise<object> {
  const ours = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const integrity = `sha512-${createHash('sha512').update(await readFile(join(dir, tarball))).digest('base64')}`;
  const own = { '@types/node': pkg.devDependencies['@types/node']!, typescript: pkg.devDependencies['typescript']! };
  const packages: Record<string, object> = {
    '': { name: 'consumer', dependencies: { rxlogit: `file:${tarball}` }, devDependencies: own },
    'node_modules/rxlogit': { version: pkg.version, resolved: `file:${tarball}`, integrity, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  const consumerTools = new Set(['node_modules/@types/node', 'node_modules/undici-types', 'node_modules/typescript']);
  for (const [path, entry] of Object.entries(ours.packages)) {
    if (path !== '' && (entry.dev !== true || consumerTools.has(path))) packages[path] = entry;
  }
  return { name: 'consumer', lockfileVersion: 3, requires: true, packages };
}

const CONSUMER_TS = `import { OnlineLearner, gaussianSamples } from 'rxlogit';
import type { LearnerConfig, Metrics, Sample, Step } from 'rxlogit';
import { createModel, learnOne, predictProba } from 'rxlogit/core';
import type { LogisticModel } from 'rxlogit/core';
import { tutorialDataset } from 'rxlogit/data';
import { loadModel, saveModel } from 'rxlogit/io';
import type { LoadedModel } from 'rxlogit/io';
import { ListenError, startServer } from 'rxlogit/server';
import type { RunningServer, ServerMessage } from 'rxlogit/server';
import { classesFigure } from 'rxlogit/plot';
import { KvModelStore } from 'rxlogit/broker';
import type { JetStreamLearnerOptions } from 'rxlogit/broker';

const config: LearnerConfig = { inputs: 2, emitEvery: { samples: 100 } };
const learner = new OnlineLearner(config);
learner.steps$.subscribe((step: Step) => console.log(step.n, step.weights.length));
learner.metrics$.subscribe((m: Metrics) => console.log(m.n));
learner.learnFrom(gaussianSamples({ seed: 1, count: 10 }), { trusted: true });
const model: LogisticModel = createModel({ inputs: 2, bias: true });
const sample: Sample = { x: [1, 2], t: 1 };
learnOne(model, sample, { schedule: { kind: 'constant', lr: 0.1 }, l2: 0, reduction: 'mean' });
const p: number = predictProba(model, [0, 0]);
const data = tutorialDataset();
const svg: string = classesFigure({ X: data.X, t: data.t });
async function serve(): Promise<RunningServer | undefined> {
  await saveModel('m.json', model);
  const loaded: LoadedModel = await loadModel('m.json');
  console.log(loaded.model.weights, p, svg.length);
  try {
    return await startServer({ learner, port: 0 });
  } catch (e) {
    if (e instanceof ListenError) return undefined;
    throw e;
  }
}
const onMessage = (m: ServerMessage): string => m.type;
void serve().then((s) => s?.close());
void onMessage;
const brokerOptions: Partial<JetStreamLearnerOptions> = {};
void [KvModelStore, brokerOptions];
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rxlogit-consumer-'));
  // dist/ is fresh (test/build-dist.ts): pack it as it is, without building twice
  await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT, timeout: SLOW });
  const tarball = (await readdir(dir)).find((f) => f.endsWith('.tgz'))!;
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
  const lock = (await consumerLock(tarball, pkg)) as { packages: Record<string, { dependencies?: object; devDependencies?: object }> };
  const root = lock.packages['']!;
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, dependencies: root.dependencies, devDependencies: root.devDependencies }));
  await writeFile(join(dir, 'package-lock.json'), JSON.stringify(lock));
  await run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, timeout: SLOW });
}, SLOW);

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('a consumer of the packed tarball', () => {
  it('installs without tsx or any dev tool of ours', async () => {
    const installed = await readdir(join(dir, 'node_modules'));
    expect(installed).toContain('rxlogit');
    for (const dev of ['tsx', 'esbuild', 'vitest', '@types/ws', 'playwright-core']) expect(installed, dev).not.toContain(dev);
  });

  it('requires every entry point (no top-level await in any library graph)', async () => {
    const script = `for (const e of ${JSON.stringify(ENTRIES)}) console.log(e, Object.keys(require(e)).length);`;
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: dir, timeout: SLOW });
    expect(stdout.trim().split('\n').map((l) => l.split(' ')[0])).toEqual(ENTRIES);
    for (const line of stdout.trim().split('\n')) expect(Number(line.split(' ')[1]), line).toBeGreaterThan(0);
  }, SLOW);

  it('imports every entry point, and importing the root loads no server, ws or CLI', async () => {
    const script = `for (const e of ${JSON.stringify(ENTRIES)}) await import(e);`;
    await run(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, timeout: SLOW });
    const probe = `await import('rxlogit');`;
    // Observe which files the root entry loads through the loader's resolve hook.
    const hooks = `export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write(r.url + '\\n'); return r; }`;
    await writeFile(join(dir, 'trace-hooks.mjs'), hooks);
    await writeFile(join(dir, 'trace.mjs'), `import { register } from 'node:module'; register('./trace-hooks.mjs', import.meta.url);`);
    const { stderr } = await run(process.execPath, ['--import', './trace.mjs', '--input-type=module', '-e', probe], { cwd: dir, timeout: SLOW });
    const urls = stderr.split('\n').filter((l) => l.includes('/node_modules/'));
    expect(urls.some((u) => u.includes('/rxlogit/dist/stream/'))).toBe(true);
    for (const forbidden of ['/node_modules/ws/', '/node_modules/@nats-io/', '/rxlogit/dist/server/', '/rxlogit/dist/broker/', '/rxlogit/dist/cli/', '/rxlogit/dist/plot/']) {
      expect(urls.filter((u) => u.includes(forbidden)), forbidden).toEqual([]);
    }
  }, SLOW);

  it('runs the bin from dist/ with no TypeScript loader', async () => {
    const { stdout } = await run(process.execPath, [join(dir, 'node_modules/.bin/rxlogit'), '--help'], { cwd: dir, timeout: SLOW });
    expect(stdout).toMatch(/^Usage: rxlogit <command>/);
    const train = await run(process.execPath, [join(dir, 'node_modules/.bin/rxlogit'), 'train', '--help'], { cwd: dir, timeout: SLOW });
    expect(train.stdout).toMatch(/^Usage: rxlogit train/);
  }, SLOW);

  it('type-checks a file using the public types with --strict and no skipLibCheck', async () => {
    await writeFile(join(dir, 'consumer.ts'), CONSUMER_TS);
    const tsconfig = { compilerOptions: { strict: true, skipLibCheck: false, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', types: ['node'] }, files: ['consumer.ts'] };
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = join(dir, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, timeout: SLOW }).catch((e: { stdout: string }) => e);
    expect(result.stdout).toBe('');
  }, SLOW);
});
