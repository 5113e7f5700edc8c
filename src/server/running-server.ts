import type { HealthReport } from './health-endpoint.js';
import type { ProcessStats } from './process-stats.js';

/** Counters of a running server. */
export interface ServerStats {
  /** Connected clients, and how many of them may write. */
  clients: number;
  writers: number;
  /** Steps and views sent, and replaced before they could be sent (slow clients), since start. */
  sent: number;
  conflated: number;
  /** Clients terminated for staying stuck past the stall timeout. */
  stalled: number;
  /** The largest `bufferedAmount` among the clients now. */
  maxBufferedAmount: number;
  /** Samples learned, and rejected. */
  n: number;
  rejected: number;
}

/** A running server. */
export interface RunningServer {
  /** `http://host:port/` */
  readonly url: string;
  /** The dashboard's address with the write token: the one thing to print. */
  readonly dashboardUrl: string;
  readonly port: number;
  readonly host: string;
  /** The write token (the given one, or the random one made at start). */
  readonly token: string;
  stats(): ServerStats;
  /** Memory and event-loop delay of the process (also served, with `stats()`, at `GET /stats` to the write token's holder). */
  processStats(): ProcessStats;
  /** Liveness and readiness, as `GET /healthz` answers it. */
  health(): HealthReport;
  /** The metrics in the Prometheus text format, as `GET /metrics` answers it. */
  metrics(): Promise<string>;
  /** Stops accepting, closes every client with 1001, and resolves when the port is free. Does not close the learner. */
  close(): Promise<void>;
}
