/**
 * The message handler's error answers, worded once.
 *
 * @module
 */
import type { ClientChannel } from './client-channel.js';
import type { ErrorCode, MessageId } from './protocol.js';

/** Answers a write without the write token. */
export function unauthorized(channel: ClientChannel, what: string, id: MessageId): void {
  sendError(channel, 'unauthorized', `${what} needs the write token (an "Authorization: Bearer …" header or ?token=… on /ws)`, id);
}

/** Answers a write to a learner that has stopped, saying what to do. */
export function learnerClosed(channel: ClientChannel, id: MessageId): void {
  sendError(
    channel,
    'bad-request',
    'the learner has stopped (its owner closed it, or a source that ends it ended): this server shows its last state but learns no more. ' +
      'Restart the server to learn again (with --checkpoint it resumes from its last checkpoint); GET /healthz says "learner-stopped" until then',
    id,
  );
}

/** Sends an `error` answer (with the message's id when it had one). */
export function sendError(channel: ClientChannel, code: ErrorCode, message: string, id?: MessageId): void {
  channel.send(JSON.stringify(id === undefined ? { type: 'error', code, message } : { type: 'error', code, id, message }));
}
