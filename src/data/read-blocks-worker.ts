/**
 * The worker thread of {@link readBlocksInParallel}: parses the runs of whole
 * JSON Lines it is sent, each with a fresh parser, and sends back the block
 * (its arrays transferred, not copied) or, at the first invalid line, only
 * "not done": the main thread then parses that run itself, in order, with
 * the reader's own state, so that every error is worded and numbered as the
 * one-thread reader words and numbers it. The run's buffer goes back too.
 *
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { SampleBlockBuilder } from '../core/sample-block-builder.js';
import type { ParseReply, ParseRequest } from './read-blocks-in-parallel.js';
import { SampleTextParser } from './sample-text-parser.js';
import type { SampleParseError } from './sample-validation.js';

const port = parentPort;
if (port === null) throw new Error('read-blocks-worker runs in a worker thread');

port.on('message', (request: ParseRequest) => {
  const { id, buffer, length, width, capacity } = request;
  const bytes = Buffer.from(buffer, 0, length);
  const parser = new SampleTextParser(width < 0 ? {} : { width });
  parser.line = 1; // never the file's first run (the main thread parses it): no byte-order mark is looked for
  const sink = { columns: new SampleBlockBuilder(capacity), invalid: [] as SampleParseError[] };
  const error = parser.parseBytes(bytes, 0, length - 1, sink);
  let reply: ParseReply;
  if (error !== undefined) {
    reply = { id, buffer, done: false };
    port.postMessage(reply, [buffer]);
    return;
  }
  const { x, t, positions, length: samples, width: blockWidth } = sink.columns.build();
  reply = { id, buffer, done: true, x, t, positions, samples, blockWidth, width: parser.width, widthLine: parser.widthLine, lines: parser.line };
  port.postMessage(reply, [buffer, x.buffer, t.buffer, positions.buffer] as ArrayBuffer[]);
});
