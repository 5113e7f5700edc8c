import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's nats-server, the only broker the NATS tests start. */
export const NATS_SERVER = ['/usr/sbin/nats-server', '/usr/bin/nats-server'].find((p) => existsSync(p)) ?? '';
export const natsAvailable = NATS_SERVER !== '';
/** `RXLOGIT_REQUIRE_NATS=1` (CI) turns a missing server into a failure instead of a skip. */
export const natsRequired = process.env.RXLOGIT_REQUIRE_NATS === '1';
export const natsSkipReason = natsAvailable ? '' : `skipped: nats-server is missing (apt-get install nats-server; set RXLOGIT_REQUIRE_NATS=1 to fail instead)`;

/** Throws inside a suite that must run but cannot. */
export function assertNatsAvailable(): void {
  if (!natsAvailable) throw new Error(natsSkipReason.replace('skipped', 'RXLOGIT_REQUIRE_NATS=1 but'));
}

/** A free loopback TCP port (bound and released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface NatsServerOptions {
  /** Require this token from clients. */
  token?: string;
  /** Reuse this store folder (to restart a killed server on its data). */
  storeDir?: string;
  port?: number;
  /** Cluster: this node's name, its cluster port, and the other nodes' cluster ports. */
  cluster?: { name: string; node: string; port: number; routes: number[] };
}

/** A nats-server child process with JetStream on a loopback port and a temporary store. */
export interface NatsServerProcess {
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  readonly child: ChildProcess;
  /** SIGKILL, wait for exit. */
  kill(): Promise<void>;
  /** SIGTERM, wait for exit, remove the store unless it was given. */
  stop(): Promise<void>;
}

/**
 * Starts `nats-server -js -a 127.0.0.1 -p PORT -sd DIR` and resolves when it accepts clients.
 *
 * @example
 * ```ts
 * const nats = await startNatsServer();
 * // … connect to nats.url …
 * await nats.stop();
 * ```
 */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServerProcess> {
  assertNatsAvailable();
  const port = options.port ?? (await freePort());
  const ownStore = options.storeDir === undefined;
  const storeDir = options.storeDir ?? mkdtempSync(join(tmpdir(), 'rxlogit-nats-'));
  const args = ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir];
  if (options.token !== undefined) args.push('--auth', options.token);
  if (options.cluster) {
    const c = options.cluster;
    args.push('-n', c.node, '--cluster_name', c.name, '--cluster', `nats://127.0.0.1:${c.port}`);
    args.push('--routes', c.routes.map((r) => `nats://127.0.0.1:${r}`).join(','));
  }
  const child = spawn(NATS_SERVER, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nats-server did not start in 20 s:\n${log}`)), 20_000);
    child.stderr!.on('data', (d: Buffer) => {
      if (log.length < 100_000) log += d.toString();
      if (log.includes('Server is ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nats-server exited with ${code}:\n${log}`));
    });
  });
  const wait = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    child,
    kill: () => wait('SIGKILL'),
    async stop() {
      await wait('SIGTERM');
      if (ownStore) rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/** A cluster of nats-server processes (see {@link startNatsCluster}). */
export interface NatsCluster {
  /** Node i is named `n<i>` (a stream's `cluster.leader` names its node this way). */
  readonly nodes: readonly NatsServerProcess[];
  /** Every node's client address, for a client that fails over: `nats://127.0.0.1:P1,127.0.0.1:P2,…`. */
  readonly url: string;
  /** Stops every node that still runs. */
  stop(): Promise<void>;
}

/**
 * Starts `size` nats-servers with JetStream on loopback ports, routed to each other as cluster "rxlogit".
 *
 * @example
 * ```ts
 * const cluster = await startNatsCluster(3);
 * await cluster.nodes[1]!.kill();
 * await cluster.stop();
 * ```
 */
export async function startNatsCluster(size: number): Promise<NatsCluster> {
  const ports: number[] = [];
  const routes: number[] = [];
  for (let i = 0; i < size; i++) {
    ports.push(await freePort());
    routes.push(await freePort());
  }
  const nodes = await Promise.all(
    ports.map((port, i) => startNatsServer({ port, cluster: { name: 'rxlogit', node: `n${i}`, port: routes[i]!, routes: routes.filter((_, j) => j !== i) } })),
  );
  return {
    nodes,
    url: `nats://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`,
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}
