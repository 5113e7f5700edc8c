/**
 * The worker thread of {@link readBlocksInWorker}: runs the ordinary reader
 * ({@link openSampleBytes} + {@link readSampleBlocks}) on its own thread and
 * posts each chunk to the main thread, the block's arrays transferred (not
 * copied), at most `window` chunks ahead of what the main thread has taken.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ReadBlocksWorkerData, WorkerMessage } from './read-blocks-in-worker.js';
import { openSampleBytes } from './sample-file.js';
import { readSampleBlocks } from './sample-lines.js';

const port = parentPort;
if (port === null) throw new Error('read-blocks-worker runs in a worker thread');
const { path, options, window } = workerData as ReadBlocksWorkerData;

let credits = window;
let wake: (() => void) | undefined;
const onCredit = (): void => {
  credits++;
  wake?.();
};
port.on('message', onCredit);

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

try {
  const { chunks, size } = await openSampleBytes(path);
  post({ kind: 'open', size });
  for await (const { block, invalid, bytesRead } of readSampleBlocks(chunks, options)) {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    const { width, length, x, t, positions } = block;
    post({ kind: 'chunk', width, length, x, t, positions, invalid, bytesRead }, [x.buffer, t.buffer, positions.buffer] as ArrayBuffer[]);
  }
  post({ kind: 'end' });
} catch (e) {
  const error = e as { name?: unknown; message?: unknown; code?: unknown; line?: unknown; reason?: unknown; path?: unknown; stack?: unknown };
  post({
    kind: 'error',
    name: String(error?.name ?? 'Error'),
    message: String(error?.message ?? e),
    ...(typeof error?.code === 'string' ? { code: error.code } : {}),
    ...(typeof error?.line === 'number' && typeof error.reason === 'string' ? { line: error.line, reason: error.reason } : {}),
    ...(typeof error?.path === 'string' ? { path: error.path } : {}),
    ...(typeof error?.stack === 'string' ? { stack: error.stack } : {}),
  });
}
// Without a listener the port no longer holds the thread: it ends once its messages are sent.
port.off('message', onCredit);
