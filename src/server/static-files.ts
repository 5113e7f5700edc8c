import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRequestTarget } from './request-target.js';

/**
 * The dashboard's folder, served at `/`: `src/dashboard/public/` next to this
 * file, or, when running from a build in `dist/`, the one in the package's `src/`.
 */
export const DASHBOARD_DIR = [
  fileURLToPath(new URL('../dashboard/public/', import.meta.url)),
  fileURLToPath(new URL('../../src/dashboard/public/', import.meta.url)),
].find((dir) => existsSync(join(dir, 'index.html'))) ?? fileURLToPath(new URL('../dashboard/public/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
};

/** Vendor files: URL path → package and file inside it. Only these are served. */
const VENDOR: readonly (readonly [url: string, pkg: string, file: string])[] = [
  ['/vendor/uplot.iife.min.js', 'uplot', 'dist/uPlot.iife.min.js'],
  ['/vendor/uplot.min.css', 'uplot', 'dist/uPlot.min.css'],
  ['/vendor/d3-array.min.js', 'd3-array', 'dist/d3-array.min.js'],
  ['/vendor/d3-contour.min.js', 'd3-contour', 'dist/d3-contour.min.js'],
  ['/vendor/d3-scale-chromatic.min.js', 'd3-scale-chromatic', 'dist/d3-scale-chromatic.min.js'],
  ['/vendor/d3-color.min.js', 'd3-color', 'dist/d3-color.min.js'],
  ['/vendor/d3-interpolate.min.js', 'd3-interpolate', 'dist/d3-interpolate.min.js'],
];

/**
 * The vendor files that are installed: URL path → absolute file path.
 * Packages that are missing are left out (their URLs answer 404).
 *
 * @example
 * ```ts
 * vendorFiles().get('/vendor/uplot.iife.min.js'); // '/…/node_modules/uplot/dist/uPlot.iife.min.js'
 * ```
 */
export function vendorFiles(): Map<string, string> {
  // Searched along Node's module paths: d3 packages don't export their package.json to resolve.
  const searchPaths = createRequire(import.meta.url).resolve.paths('uplot') ?? [];
  const files = new Map<string, string>();
  for (const [url, pkg, file] of VENDOR) {
    const found = searchPaths.map((dir) => join(dir, pkg, file)).find((path) => existsSync(path));
    if (found !== undefined) files.set(url, found);
  }
  return files;
}

/** A path segment we serve: no leading dot, no separators, no escapes (so no `..`, no `%2e%2e`). */
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Options of {@link createStaticHandler}. */
export interface StaticOptions {
  /** The folder served at `/` (default {@link DASHBOARD_DIR}); `/` is its `index.html`. */
  readonly root?: string;
  /** Vendor files by URL path (default {@link vendorFiles}()). */
  readonly vendor?: ReadonlyMap<string, string>;
}

/**
 * An HTTP handler for the dashboard's files and the whitelisted vendor files.
 * Paths are matched segment by segment against a strict pattern before any
 * file is touched, so traversal (`..`, encoded or not, absolute paths,
 * backslashes) cannot reach outside the folder; anything else is 404.
 * Dashboard files are revalidated on each load (`no-cache` + ETag); vendor
 * files are cached for a day. Every answer carries `Referrer-Policy: no-referrer`
 * so the page's `?token=` never leaks to other sites.
 *
 * @returns `(req, res) => Promise<void>` for GET and HEAD (405 for other methods)
 * @example
 * ```ts
 * const serveStatic = createStaticHandler();
 * http.createServer((req, res) => void serveStatic(req, res));
 * ```
 */
export function createStaticHandler(options: StaticOptions = {}): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const root = options.root ?? DASHBOARD_DIR;
  const vendor = options.vendor ?? vendorFiles();
  return async (req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    const target = parseRequestTarget(req.url);
    if (!target.ok) return notFound(res);
    const { pathname } = target;
    const vendorFile = vendor.get(pathname);
    const file = vendorFile ?? dashboardFile(root, pathname);
    if (file === undefined) return notFound(res);
    const cacheControl = vendorFile !== undefined ? 'public, max-age=86400' : 'no-cache';
    await sendFile(req, res, file, cacheControl);
  };
}

function dashboardFile(root: string, pathname: string): string | undefined {
  const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
  if (!pathname.startsWith('/')) return undefined;
  const segments = relative.split('/');
  if (!segments.every((s) => SAFE_SEGMENT.test(s))) return undefined;
  if (!(extname(relative) in CONTENT_TYPES)) return undefined;
  const file = join(root, ...segments);
  // Defence in depth: the pattern already rules out leaving the folder.
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, cacheControl: string): Promise<void> {
  let info;
  try {
    info = await stat(file);
  } catch {
    return notFound(res);
  }
  if (!info.isFile()) return notFound(res);
  const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers = {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': cacheControl,
    ETag: etag,
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return notFound(res);
  }
  res.writeHead(200, { ...headers, 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' }).end('not found\n');
}
