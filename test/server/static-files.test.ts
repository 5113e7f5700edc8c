import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer } from '../../src/server/create-server.js';
import { vendorFiles } from '../../src/server/static-files.js';
import { makeLearner } from './helpers.js';


let server: RunningServer;
const learner = makeLearner();
const base = mkdtempSync(join(tmpdir(), 'rxlogit-static-'));
const root = join(base, 'public');
// A secret next to the served folder: traversal attempts aim at it.
writeFileSync(join(base, 'rxlogit-secret.txt'), 'secret');

beforeAll(async () => {
  mkdirSync(join(root, 'js'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>rxlogit</title>');
  writeFileSync(join(root, 'app.js'), 'console.log(1);');
  writeFileSync(join(root, 'style.css'), 'body{}');
  writeFileSync(join(root, 'js', 'chart.js'), 'export {};');
  writeFileSync(join(root, '.env'), 'SECRET=1');
  writeFileSync(join(root, 'notes.txt'), 'not a web file');
  server = await startServer({ learner, port: 0, staticRoot: root });
});
afterAll(async () => {
  await server.close();
  await learner.close();
  rmSync(base, { recursive: true, force: true });
});

/** A raw GET, so the path reaches the server exactly as written (fetch would normalise `..`). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += String(chunk)));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static files', () => {
  it('serves the dashboard with the right types and revalidation', async () => {
    const index = await get('/');
    expect(index).toMatchObject({ status: 200, body: '<!doctype html><title>rxlogit</title>' });
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/?token=abc')).status).toBe(200);
    expect((await get('/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/style.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect(await get('/js/chart.js')).toMatchObject({ status: 200, body: 'export {};' });
    const etag = index.headers['etag'] as string;
    expect((await get('/', { 'If-None-Match': etag })).status).toBe(304);
    const head = await get('/app.js', {}, 'HEAD');
    expect(head).toMatchObject({ status: 200, body: '' });
    expect((await get('/app.js', {}, 'POST')).status).toBe(405);
  });

  it('serves the whitelisted vendor files from the installed packages', async () => {
    const uplot = await get('/vendor/uplot.iife.min.js');
    expect(uplot.status).toBe(200);
    expect(uplot.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(uplot.headers['cache-control']).toBe('public, max-age=86400');
    expect(uplot.body).toBe(readFileSync(vendorFiles().get('/vendor/uplot.iife.min.js')!, 'utf8'));
    expect((await get('/vendor/uplot.min.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    for (const name of ['d3-array', 'd3-contour', 'd3-scale-chromatic', 'd3-color', 'd3-interpolate']) {
      const res = await get(`/vendor/${name}.min.js`);
      expect(res.status, name).toBe(200);
      expect(res.body, name).toMatch(/^\/\/ https:\/\/d3js\.org/);
    }
  });

  it('answers 404 for anything else, and for every traversal attempt', async () => {
    for (const path of [
      '/missing.js',
      '/notes.txt',
      '/.env',
      '/js/',
      '/js',
      '/vendor/uPlot.esm.js',
      '/vendor/../package.json',
      '/../rxlogit-secret.txt',
      '/..%2frxlogit-secret.txt',
      '/%2e%2e/rxlogit-secret.txt',
      '/js/../../rxlogit-secret.txt',
      '/js/..\\..\\rxlogit-secret.txt',
      '//etc/passwd',
      '/%2fetc%2fpasswd',
      '/vendor/%2e%2e/%2e%2e/package.json',
      '/index.html%00.js',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).toBe('not found\n');
    }
  });
});
