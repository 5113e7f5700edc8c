import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { createRequire } from 'node:module';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { createToken, SecretToken } from './auth.js';
import { Broadcaster } from './broadcaster.js';
import { CheckpointLag } from './checkpoint-lag.js';
import { CheckpointStatus } from './checkpoint-status.js';
import type { CheckpointState } from './checkpoint-status.js';
import { ClientChannel } from './client-channel.js';
import type { ChannelLimits } from './client-channel.js';
import { exposureWarning } from './exposure-warning.js';
import { describeError, guardRequest, guardUpgrade } from './guard-handlers.js';
import { requestHostProblem } from './host-check.js';
import { startHeartbeat } from './heartbeat.js';
import { LearnerFeed } from './learner-feed.js';
import { handleMessage } from './message-handler.js';
import type { HandlerContext } from './message-handler.js';
import { closeSocket, listen } from './listen.js';
import { MAX_PREDICT_ROWS, PROTOCOL_VERSION, MAX_SUBSCRIBE_RATE } from './protocol.js';
import { parseRequestTarget } from './request-target.js';
import { resolveServerOptions } from './server-options.js';
import type { ServerOptions } from './server-options.js';

export type { ServerOptions } from './server-options.js';
export { ListenError } from './listen-error.js';
export type { RunningServer, ServerStats } from './running-server.js';
import type { RunningServer, ServerStats } from './running-server.js';
import { answerClientError } from './client-error.js';
import { createStaticHandler } from './static-files.js';
import { checkUpgrade, refuseUpgrade } from './upgrade-gate.js';
import { ProcessMonitor } from './process-stats.js';
import { serveStats } from './stats-endpoint.js';
import { serveAccess } from './access-endpoint.js';
import { healthReport, serveHealth } from './health-endpoint.js';
import { ServerMetrics } from './metrics-endpoint.js';

const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/**
 * Starts the HTTP + WebSocket server: the dashboard at `/`, its vendor files
 * at `/vendor/…`, the live stream at `/ws`, all on one port.
 *
 * @param options - the learner and the limits; see {@link ServerOptions} for every default
 * @returns the running server, once it listens
 * @throws ListenError with `code: 'EADDRINUSE'` and a readable message when the port is taken; RangeError for a bad option
 * @example
 * ```ts
 * const server = await startServer({ learner, port: 0 });
 * console.log(server.dashboardUrl); // http://127.0.0.1:PORT/?token=…
 * await server.close();
 * ```
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const o = resolveServerOptions(options);
  const token = o.token ?? createToken();
  const tokens = { write: new SecretToken(token), read: o.readToken === undefined ? undefined : new SecretToken(o.readToken) };
  const { learner } = o;
  const first = learner.currentStep();
  const inputs = first.weights.length;
  const bias = first.bias !== null;
  const shared = { bufferLimit: o.bufferLimit, stallTimeoutMs: o.stallTimeoutMs, maxMessagesPerSecond: o.maxMessagesPerSecond };
  // Readers get a smaller budget: they need no token, and must not starve the learner or each other.
  const limitsFor = (canWrite: boolean): ChannelLimits =>
    canWrite ? { ...shared, rowsPerSecond: o.writerRowsPerSecond, maxPredictRows: MAX_PREDICT_ROWS } : { ...shared, rowsPerSecond: o.readerRowsPerSecond, maxPredictRows: o.readerMaxPredictRows };

  let broadcaster: Broadcaster | undefined;
  const feed = new LearnerFeed(learner, {
    historySize: o.historySize,
    rejected$: o.rejected$,
    viewIntervalMs: o.viewIntervalMs,
    gridSize: o.gridSize,
    events: o.events === undefined ? undefined : () => o.events!.scores(),
    onView: (frame) => broadcaster?.broadcastView(frame),
    onError: (error) => o.log(`live view: ${(error as Error).message}`),
  });
  broadcaster = new Broadcaster(() => feed.stepFrame());
  const checkpointLag = new CheckpointLag(learner);
  const statusFrame = (state: CheckpointState | undefined): string => JSON.stringify({ type: 'status', checkpoint: state ?? null });
  // Every client learns at once when the checkpoint starts failing or recovers.
  const checkpointStatus = new CheckpointStatus(learner, (state) => {
    const frame = statusFrame(state);
    for (const c of broadcaster.channels) c.send(frame);
  });
  const context: HandlerContext = { learner, feed, broadcaster, inputs, maxMessagesPerSecond: o.maxMessagesPerSecond, checkpointLag, checkpointStatus, log: o.log, events: o.events };
  const hello = (canWrite: boolean): string =>
    JSON.stringify({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      server: `rxlogit/${VERSION}`,
      config: { ...o.describe, inputs, bias, ...(o.events === undefined ? {} : { events: true }) },
      model: { inputs, bias },
      canWrite: canWrite && learner.readOnly === undefined,
      ...(learner.readOnly === undefined ? {} : { readOnly: learner.readOnly }),
      limits: {
        maxPayload: o.maxPayload,
        maxMessagesPerSecond: o.maxMessagesPerSecond,
        maxRate: MAX_SUBSCRIBE_RATE,
        defaultRate: o.defaultRate,
        rowsPerSecond: limitsFor(canWrite).rowsPerSecond,
        maxPredictRows: limitsFor(canWrite).maxPredictRows,
      },
    });
  const totals = { sent: 0, conflated: 0, stalled: 0 };
  // A followed learner's cluster status (a gateway): the latest goes to every client, and to each new one.
  let clusterFrame: Buffer | undefined;
  const clusterSubscription = learner.cluster$?.subscribe({
    next: (status) => {
      clusterFrame = Buffer.from(JSON.stringify({ type: 'cluster', ...status }));
      for (const channel of broadcaster.channels) channel.send(clusterFrame);
    },
    error: (error: unknown) => o.log(`cluster status: ${(error as Error).message}`),
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: o.maxPayload, clientTracking: false });
  const serveStatic = createStaticHandler(o.staticRoot === undefined ? {} : { root: o.staticRoot });
  const monitor = new ProcessMonitor();
  const metrics = new ServerMetrics({
    step: () => learner.currentStep(),
    running: () => learner.closed !== true,
    paused: () => learner.paused,
    stats: () => stats(),
    checkpoint: () => checkpointStatus.state,
    eventLoopDelay: () => monitor.get().eventLoopDelay,
    ...(o.events === undefined ? {} : { events: () => o.events!.scores() }),
  });
  const stats = (): ServerStats => {
    let sent = totals.sent, conflated = totals.conflated, writers = 0, maxBufferedAmount = 0;
    for (const c of broadcaster.channels) {
      sent += c.stats.sent;
      conflated += c.stats.conflated;
      if (c.canWrite) writers++;
      maxBufferedAmount = Math.max(maxBufferedAmount, c.ws.bufferedAmount);
    }
    const n = feed.latest.n;
    return { clients: broadcaster.channels.size, writers, sent, conflated, stalled: totals.stalled, maxBufferedAmount, n, rejected: feed.rejected };
  };
  // Every handler is guarded: an unexpected exception is logged and answered with 500, never thrown at the process.
  const http: Server = createServer(guardRequest((req, res) => {
    const target = parseRequestTarget(req.url);
    if (!target.ok) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end(`${target.reason}\n`);
      return;
    }
    // DNS rebinding: a page whose name was re-pointed here must not be served, nor its scripts.
    const hostProblem = requestHostProblem(req.headers.host, target.authority, o.allowedHosts);
    if (hostProblem !== undefined) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${hostProblem}\n`);
      return;
    }
    const { pathname } = target;
    if (pathname === '/access') return serveAccess(req, res, tokens);
    if (pathname === '/stats') return serveStats(req, res, tokens.write, () => ({ ...stats(), ...monitor.get() }));
    if (pathname === '/healthz') return serveHealth(req, res, tokens, () => health());
    if (pathname === '/metrics') return metrics.serve(req, res, tokens);
    if (pathname === '/ws') {
      res.writeHead(426, { Upgrade: 'websocket', 'Content-Type': 'text/plain; charset=utf-8' }).end('this address takes WebSocket connections\n');
      return;
    }
    return serveStatic(req, res);
  }, o.log));
  http.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    if (error.code !== 'ECONNRESET') {
      o.onEvent({ event: 'client-error', level: 'warn', message: `a client sent a bad HTTP request: ${error.message}`, fields: { kind: 'http', code: error.code } });
    }
    answerClientError(error, socket);
  });
  // Without a listener Node drops CONNECT requests without a word; this is no proxy.
  http.on('connect', (_req, socket: Duplex) => refuseUpgrade(socket, 405, 'this server is not a proxy: CONNECT is not allowed'));
  let closing = false;
  const health = () =>
    healthReport({
      closing,
      uptimeSeconds: monitor.get().uptime,
      learner: { running: learner.closed !== true, paused: learner.paused, n: feed.latest.n, version: feed.latest.version },
      checkpoint: checkpointStatus.state,
      now: Date.now(),
    });

  const connect = (ws: WebSocket, canWrite: boolean): void => {
    const channel = new ClientChannel(ws, { canWrite, limits: limitsFor(canWrite), rate: o.defaultRate });
    ws.on('pong', () => {
      channel.alive = true;
    });
    ws.on('message', (data, isBinary) => void handleMessage(context, channel, data, isBinary));
    ws.on('error', (error) => {
      // ws closes the socket itself (1009, protocol errors).
      o.onEvent({ event: 'client-error', level: 'warn', message: `a client broke the protocol: ${error.message}`, fields: { kind: 'websocket', code: (error as { code?: unknown }).code } });
    });
    ws.on('close', () => {
      totals.sent += channel.stats.sent;
      totals.conflated += channel.stats.conflated;
      broadcaster.remove(channel);
    });
    channel.send(hello(canWrite));
    channel.send(feed.snapshotFrame());
    if (checkpointStatus.state?.failing === true) channel.send(statusFrame(checkpointStatus.state));
    channel.offer('steps', feed.stepFrame());
    if (clusterFrame !== undefined) channel.send(clusterFrame);
    broadcaster.add(channel);
  };

  http.on('upgrade', guardUpgrade((req, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (closing) return refuseUpgrade(socket, 503, 'the server is shutting down');
    const decision = checkUpgrade(req, { path: '/ws', tokens, origins: o.origins, hosts: o.allowedHosts });
    if (!decision.ok) {
      o.onEvent({ event: 'client-refused', level: 'warn', message: `refused a WebSocket client (${decision.status}): ${decision.reason}`, fields: { status: decision.status, reason: decision.reason } });
      return refuseUpgrade(socket, decision.status, decision.reason);
    }
    if (broadcaster.channels.size >= o.maxClients) return refuseUpgrade(socket, 503, `too many clients (at most ${o.maxClients})`);
    wss.handleUpgrade(req, socket, head, (ws) => {
      try {
        connect(ws, decision.canWrite);
      } catch (error) {
        o.log(`internal error while greeting a client: ${describeError(error)}`);
        ws.terminate();
      }
    });
  }, o.log));

  await listen(http, o.port, o.host);
  const port = (http.address() as { port: number }).port;
  const warning = exposureWarning({ host: o.host, port, readToken: o.readToken, originsGiven: options.origins !== undefined && options.origins.length > 0 });
  if (warning !== undefined) o.log(warning);
  feed.start();
  monitor.start();
  const stopHeartbeat = startHeartbeat(broadcaster.channels, o.heartbeatMs);
  const sweep = setInterval(() => {
    const now = performance.now();
    for (const channel of broadcaster.channels) {
      if (channel.check(now) === 'stalled') {
        totals.stalled++;
        o.onEvent({ event: 'client-stalled', level: 'warn', message: `closed a client stuck for ${o.stallTimeoutMs} ms over the buffer limit` });
        channel.closing = true;
        channel.ws.terminate();
      }
    }
  }, Math.min(250, o.stallTimeoutMs / 4));
  sweep.unref();

  const shownHost = o.host === '0.0.0.0' || o.host === '::' ? '127.0.0.1' : o.host.includes(':') ? `[${o.host}]` : o.host;
  const url = `http://${shownHost}:${port}/`;
  let closed: Promise<void> | undefined;
  return {
    url,
    dashboardUrl: `${url}?token=${encodeURIComponent(token)}`,
    port,
    host: o.host,
    token,
    stats,
    processStats: () => monitor.get(),
    health,
    metrics: () => metrics.text(),
    close: () =>
      (closed ??= (async () => {
        closing = true;
        monitor.stop();
        checkpointLag.stop();
        checkpointStatus.stop();
        clearInterval(sweep);
        stopHeartbeat();
        feed.stop();
        clusterSubscription?.unsubscribe();
        const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeIdleConnections();
        const channels = [...broadcaster.channels];
        await Promise.all(channels.map((c) => closeSocket(c.ws)));
        broadcaster.close();
        http.closeAllConnections();
        await stopped;
      })()),
  };
}
