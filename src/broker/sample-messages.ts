/**
 * Sample files cut into JetStream messages: JSON Lines, `samplesPerMessage`
 * samples a message (the last one may hold fewer), labelled with their lines.
 *
 * @module
 */
import type { Sample } from '../core/index.js';
import type { SampleBlockChunk } from '../data/sample-lines.js';
import type { SampleParseError } from '../data/sample-validation.js';
import type { OutgoingMessage } from './publish-messages.js';

const encoder = new TextEncoder();

/**
 * One message's bytes: one `{"x":[…],"t":0|1}` line per sample.
 *
 * @example
 * ```ts
 * new TextDecoder().decode(encodeSamples([{ x: [1, 2], t: 1 }])); // '{"x":[1,2],"t":1}\n'
 * ```
 */
export function encodeSamples(samples: readonly Sample[]): Uint8Array {
  let text = '';
  for (const s of samples) text += `{"x":[${s.x.join(',')}],"t":${s.t}}\n`;
  return encoder.encode(text);
}

/** Options of {@link sampleMessages}. */
export interface SampleMessagesOptions {
  readonly samplesPerMessage: number;
  /** Called with the invalid lines of each chunk (the reader skips them). */
  readonly onInvalid?: (invalid: readonly SampleParseError[]) => void;
  /** Called with the bytes read so far, after each chunk. */
  readonly onBytes?: (bytesRead: number) => void;
}

/**
 * Cuts a column reader's chunks ({@link readSampleBlocks}: no object per
 * sample) into messages of `samplesPerMessage` samples, in order, without
 * holding more than one chunk and one message. When the reader fails (an
 * invalid line), the samples read before it are yielded, then the error is rethrown.
 *
 * @example
 * ```ts
 * for await (const m of sampleMessages(readSampleBlocks(stream), { samplesPerMessage: 1000 })) await publish(m);
 * ```
 */
export async function* sampleMessages(chunks: AsyncIterable<SampleBlockChunk>, options: SampleMessagesOptions): AsyncGenerator<OutgoingMessage, void, undefined> {
  const size = options.samplesPerMessage;
  let text = '';
  let count = 0;
  let firstLine = 0;
  let lastLine = 0;
  const cut = (): OutgoingMessage => {
    const message = { data: encoder.encode(text), samples: count, label: firstLine === lastLine ? `line ${firstLine}` : `lines ${firstLine}-${lastLine}` };
    text = '';
    count = 0;
    return message;
  };
  try {
    for await (const chunk of chunks) {
      if (chunk.invalid.length > 0) options.onInvalid?.(chunk.invalid);
      const { x, t, positions: lines, width } = chunk.block;
      for (let r = 0; r < chunk.block.length; r++) {
        if (count === 0) firstLine = lines[r]!;
        // Number → text → number round-trips exactly (shortest representation).
        let row = `{"x":[${x[r * width]}`;
        for (let j = 1; j < width; j++) row += `,${x[r * width + j]}`;
        text += `${row}],"t":${t[r]}}\n`;
        count++;
        lastLine = lines[r]!;
        if (count === size) yield cut();
      }
      options.onBytes?.(chunk.bytesRead);
    }
  } catch (error) {
    // A reader's error (an invalid line): the valid samples before it still go out.
    if (count > 0) yield cut();
    throw error;
  }
  if (count > 0) yield cut();
}
