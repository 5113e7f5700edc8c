import type { SnapshotSource } from '../io/checkpoint-file.js';

/** A message handed to the model and not yet acknowledged. */
interface Entry<M> {
  readonly sequence: number;
  /** The in-session sample counter before and after its samples. */
  readonly start: number;
  readonly end: number;
  /** Each of its samples' index in the message. */
  readonly index: ArrayLike<number>;
  readonly message: M | undefined;
}

/**
 * The bookkeeping of "ack after checkpoint": which messages the model has
 * fully learned (to be acked once a checkpoint holds them) and where in the
 * stream the model is, down to the sample. Pure: no I/O, no clock.
 *
 * Samples are counted in the order they are handed to the model (`accepted`);
 * the model may learn them later (a mini-batch waits until it is full), so
 * the checkpoint position follows `applied`, the count actually learned.
 *
 * @example
 * ```ts
 * const p = new StreamPosition<string>('SAMPLES', { stream: 'SAMPLES', sequence: 0 });
 * p.add(1, Uint32Array.of(0, 1), 'msg1');   // 2 samples handed over
 * p.source(1);                              // { stream: 'SAMPLES', sequence: 0, partial: { sequence: 1, index: 0 } }
 * p.source(2); p.covered(2);                // ['msg1'] may now be acked once { sequence: 1 } is durable
 * ```
 */
export class StreamPosition<M> {
  private readonly entries: Entry<M>[] = [];
  private head = 0;
  /** Samples handed to the model this session. */
  accepted = 0;

  constructor(
    private readonly stream: string,
    /** Where the model was when the session started (then: the last covered message). */
    private start: SnapshotSource,
  ) {}

  /** Records a message whose valid samples (with these indices in the message) were just handed to the model. */
  add(sequence: number, index: ArrayLike<number>, message: M | undefined): void {
    const start = this.accepted;
    this.accepted += index.length;
    this.entries.push({ sequence, start, end: this.accepted, index, message });
  }

  /** The stream position of the model once it has learned `applied` samples of this session. */
  source(applied: number): SnapshotSource {
    let sequence = this.start.sequence;
    let partial = this.start.partial;
    for (let i = this.head; i < this.entries.length; i++) {
      const e = this.entries[i]!;
      if (e.end <= applied) {
        sequence = e.sequence;
        partial = undefined;
        continue;
      }
      if (e.start < applied) partial = { sequence: e.sequence, index: e.index[applied - e.start - 1]! };
      else if (partial !== undefined && partial.sequence !== e.sequence) partial = undefined;
      break;
    }
    return partial === undefined ? { stream: this.stream, sequence } : { stream: this.stream, sequence, partial };
  }

  /**
   * Removes and returns the messages fully learned within `applied` samples:
   * call it once a checkpoint taken at `applied` is durable, and ack them.
   */
  covered(applied: number): M[] {
    const out: M[] = [];
    while (this.head < this.entries.length && this.entries[this.head]!.end <= applied) {
      const e = this.entries[this.head++]!;
      this.start = { stream: this.stream, sequence: e.sequence };
      if (e.message !== undefined) out.push(e.message);
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
    return out;
  }

  /** Messages handed over and not yet covered. */
  get pending(): number {
    return this.entries.length - this.head;
  }
}
