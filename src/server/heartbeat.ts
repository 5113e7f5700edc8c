import type { ClientChannel } from './client-channel.js';

/**
 * Ping/pong heartbeat: every `intervalMs`, each channel that has not answered
 * the previous ping is terminated (a dead peer, a half-open connection), and
 * the others are pinged again.
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
  const timer = setInterval(() => {
    for (const channel of channels) {
      if (!channel.alive) {
        channel.ws.terminate();
        continue;
      }
      channel.alive = false;
      if (channel.open) channel.ws.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
