import type { ClientChannel } from './client-channel.js';

/** Beats in a row without a pong that end a channel. */
const MISSED_BEATS = 2;

/**
 * Ping/pong heartbeat: every `intervalMs`, each channel is pinged, and a
 * channel that answered none of the last two pings is terminated (a dead
 * peer, a half-open connection): a dead peer goes within 2–3 intervals.
 *
 * Two things keep a live peer from being taken for a dead one when this
 * process is busy (a long GC, a loaded machine) rather than the peer: a
 * beat first lets the event loop read what has already arrived (the beat
 * runs after the loop's I/O, through `setImmediate`), so a pong waiting in
 * the socket counts; and one missed pong is forgiven, since a beat that fires
 * late can find the answer to the previous ping still on its way.
 *
 * @param channels - the live set of channels (read at each beat)
 * @param intervalMs - time between pings, > 0 (the server's default is 15,000 ms)
 * @returns a function that stops the heartbeat
 * @example
 * ```ts
 * const stop = startHeartbeat(broadcaster.channels, 15_000);
 * ws.on('pong', () => { channel.alive = true; });
 * ```
 */
export function startHeartbeat(channels: ReadonlySet<ClientChannel>, intervalMs: number): () => void {
  const missed = new WeakMap<ClientChannel, number>();
  let pending: NodeJS.Immediate | undefined;
  const beat = (): void => {
    pending = undefined;
    for (const channel of channels) {
      const misses = channel.alive ? 0 : (missed.get(channel) ?? 0) + 1;
      if (misses >= MISSED_BEATS) {
        channel.ws.terminate();
        continue;
      }
      missed.set(channel, misses);
      channel.alive = false;
      if (channel.open) channel.ws.ping();
    }
  };
  const timer = setInterval(() => {
    pending ??= setImmediate(beat);
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (pending !== undefined) clearImmediate(pending);
  };
}
