/**
 * A prediction replica: keeps the newest model of a NATS KV bucket in memory
 * and answers predictions locally, with no learner and no round trip to the
 * broker per request. Start as many as you like; each starts from the newest
 * model version at once and follows every new one.
 *
 *   npx tsx demos/prediction-replica.ts --from nats://127.0.0.1:4222 --model demo [--bucket rxlogit-models] [--port 8090] [--json-log]
 *
 *   curl -s localhost:8090/predict -d '{"x":[[1,0.5],[-1,0]]}'
 *   → {"probabilities":[0.83,0.12],"classes":[1,0],"revision":42,"modelVersion":123000}
 *   curl -s localhost:8090/model   → the version in use
 *
 * `--port 0` takes any free port; `--stdin` also answers one JSON array of
 * inputs per line of stdin with one line of probabilities. `--json-log` prints
 * one JSON line per model version on stdout (used by bench/replica-latency.ts).
 * Credentials: as for `rxlogit publish` (URL, $RXLOGIT_NATS_TOKEN, …). Stop with Ctrl-C.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseBrokerAddress } from '../src/broker/broker-address.js';
import { connectBroker } from '../src/broker/connect-broker.js';
import { ModelReplica } from '../src/broker/model-replica.js';

/** Options of {@link startReplica}. */
export interface ReplicaOptions {
  from: string;
  model: string;
  bucket?: string;
  port: number;
  host?: string;
  log: (line: string) => void;
  /** Called with each version as it starts being served. */
  onVersion?: (v: { revision: number; modelVersion: number; written: number; received: number }) => void;
}

/** A running replica. */
export interface RunningReplica {
  readonly url: string;
  readonly replica: ModelReplica;
  close(): Promise<void>;
}

/** The largest request body, in bytes. */
const MAX_BODY = 1 << 20;

/**
 * Connects, follows the model and serves `POST /predict` and `GET /model`.
 *
 * @example
 * ```ts
 * const r = await startReplica({ from: 'nats://127.0.0.1:4222', model: 'demo', port: 0, log: console.error });
 * ```
 */
export async function startReplica(options: ReplicaOptions): Promise<RunningReplica> {
  const address = parseBrokerAddress(options.from);
  const nc = await connectBroker(address, { name: `rxlogit replica ${options.model}` });
  const replica = new ModelReplica(
    {
      connection: nc,
      model: options.model,
      ...(options.bucket === undefined ? {} : { bucket: options.bucket }),
      onInvalid: (e) => options.log(`skipped KV revision ${e.revision}: ${e.error.message}`),
    },
    (error) => options.log(`model watch failed: ${(error as Error).message}`),
  );
  replica.onVersion((v) => {
    options.onVersion?.({ revision: v.revision, modelVersion: v.snapshot.modelVersion, written: v.written, received: v.received });
  });
  const http: Server = createServer((req, res) => void handle(replica, req, res));
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as { port: number };
  options.log(`replica of model "${options.model}" on ${address.display}: http://127.0.0.1:${port}/predict`);
  return {
    url: `http://127.0.0.1:${port}/`,
    replica,
    async close() {
      replica.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await nc.close();
    },
  };
}

async function handle(replica: ModelReplica, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send = (status: number, body: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
  };
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/model' && req.method === 'GET') {
    const v = replica.version;
    return send(v === undefined ? 503 : 200, v === undefined ? { error: 'no model version yet' } : { model: v.model, revision: v.revision, modelVersion: v.snapshot.modelVersion, written: v.written, weights: v.snapshot.weights, bias: v.snapshot.bias });
  }
  if (path !== '/predict' || req.method !== 'POST') return send(404, { error: 'POST /predict {"x":[[…],…]} or GET /model' });
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > MAX_BODY) return send(413, { error: `the body is over ${MAX_BODY} bytes` });
  }
  let rows: unknown;
  try {
    rows = (JSON.parse(body) as { x?: unknown }).x;
  } catch {
    return send(400, { error: 'the body is not JSON: send {"x":[[…],…]}' });
  }
  if (!Array.isArray(rows) || rows.length === 0) return send(400, { error: 'x must be a non-empty array of input rows' });
  const v = replica.version;
  try {
    const probabilities = rows.map((row) => replica.predictProba(row as number[]));
    send(200, { probabilities, classes: probabilities.map((p) => (p > 0.5 ? 1 : 0)), revision: v?.revision, modelVersion: v?.snapshot.modelVersion });
  } catch (error) {
    send(error instanceof TypeError ? 400 : 503, { error: (error as Error).message });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      model: { type: 'string' },
      bucket: { type: 'string' },
      port: { type: 'string', default: '8090' },
      stdin: { type: 'boolean', default: false },
      'json-log': { type: 'boolean', default: false },
    },
  });
  if (values.from === undefined || values.model === undefined) {
    process.stderr.write('usage: npx tsx demos/prediction-replica.ts --from nats://HOST:PORT --model NAME [--bucket B] [--port 8090] [--stdin] [--json-log]\n');
    process.exit(2);
  }
  const log = (line: string): void => void process.stderr.write(`replica: ${line}\n`);
  const running = await startReplica({
    from: values.from,
    model: values.model,
    ...(values.bucket === undefined ? {} : { bucket: values.bucket }),
    port: Number(values.port),
    log,
    onVersion: (v) => {
      if (values['json-log']) process.stdout.write(`${JSON.stringify({ event: 'version', pid: process.pid, ...v })}\n`);
      else log(`serving revision ${v.revision} (model version ${v.modelVersion}), ${v.received - v.written} ms after its write`);
    },
  });
  if (values['json-log']) process.stdout.write(`${JSON.stringify({ event: 'listening', url: running.url })}\n`);
  if (values.stdin) {
    for await (const line of createInterface({ input: process.stdin })) {
      if (line.trim() === '') continue;
      try {
        process.stdout.write(`${running.replica.predictProba(JSON.parse(line) as number[])}\n`);
      } catch (error) {
        process.stdout.write(`error: ${(error as Error).message}\n`);
      }
    }
  }
  const stop = async (): Promise<void> => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    process.stderr.write(`replica: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
