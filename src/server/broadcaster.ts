import type { ClientChannel, Frame } from './client-channel.js';

interface RateGroup {
  readonly timer: NodeJS.Timeout;
  readonly clients: Set<ClientChannel>;
  last: Frame | undefined;
}

/**
 * Sends the latest step to every client at its own rate. Clients that asked
 * for the same rate share one timer and one serialised frame; a tick sends
 * only when the step changed since the group's last tick (latest wins).
 *
 * @example
 * ```ts
 * const broadcaster = new Broadcaster(() => feed.stepFrame());
 * broadcaster.add(channel);          // at channel.rate steps per second
 * broadcaster.setRate(channel, 2);   // now at 2 per second
 * ```
 */
export class Broadcaster {
  readonly #groups = new Map<number, RateGroup>();
  readonly #channels = new Set<ClientChannel>();

  /** @param latestStep - the current `step` frame (cached: the same object until the step changes) */
  constructor(private readonly latestStep: () => Frame) {}

  /** All connected channels. */
  get channels(): ReadonlySet<ClientChannel> {
    return this.#channels;
  }

  /** Starts sending steps to a channel at `channel.rate`. */
  add(channel: ClientChannel): void {
    this.#channels.add(channel);
    this.#join(channel);
  }

  /** Moves a channel to another rate (steps per second, > 0). */
  setRate(channel: ClientChannel, rate: number): void {
    if (!this.#channels.has(channel) || channel.rate === rate) return;
    this.#leave(channel);
    channel.rate = rate;
    this.#join(channel);
  }

  /** Stops sending to a channel. */
  remove(channel: ClientChannel): void {
    if (!this.#channels.delete(channel)) return;
    this.#leave(channel);
    channel.clear();
  }

  /** Offers a frame of the `view` stream to every channel (each conflates it on its own). */
  broadcastView(frame: Frame): void {
    for (const channel of this.#channels) channel.offer('view', frame);
  }

  /** Stops every timer and forgets every channel. */
  close(): void {
    for (const group of this.#groups.values()) clearInterval(group.timer);
    this.#groups.clear();
    for (const channel of this.#channels) channel.clear();
    this.#channels.clear();
  }

  #join(channel: ClientChannel): void {
    let group = this.#groups.get(channel.rate);
    if (group === undefined) {
      const created: RateGroup = {
        // Node runs a longer delay than 2^31 − 1 ms every millisecond instead: clamp it.
        timer: setInterval(() => this.#tick(created), Math.min(1000 / channel.rate, 2 ** 31 - 1)),
        clients: new Set(),
        // A joining client has just been sent the current step.
        last: this.latestStep(),
      };
      created.timer.unref();
      this.#groups.set(channel.rate, created);
      group = created;
    }
    group.clients.add(channel);
  }

  #leave(channel: ClientChannel): void {
    const group = this.#groups.get(channel.rate);
    if (group === undefined) return;
    group.clients.delete(channel);
    if (group.clients.size === 0) {
      clearInterval(group.timer);
      this.#groups.delete(channel.rate);
    }
  }

  #tick(group: RateGroup): void {
    const frame = this.latestStep();
    if (frame === group.last) return;
    group.last = frame;
    for (const channel of group.clients) channel.offer('steps', frame);
  }
}
