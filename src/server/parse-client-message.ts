import type * as z from 'zod';
import { CLIENT_MESSAGES, MessageId } from './protocol.js';
import type { ClientMessage, ErrorCode } from './protocol.js';

/** The outcome of {@link parseClientMessage}: a checked message, or why it was refused. */
export type ParsedClientMessage =
  | { readonly ok: true; readonly message: ClientMessage }
  | { readonly ok: false; readonly code: ErrorCode; readonly reason: string; readonly id?: z.infer<typeof MessageId> };

/** Limits of one client, checked before the schema. */
export interface ParseLimits {
  /** The most rows a `predict` may carry (default: the schema's 100,000). */
  readonly maxPredictRows?: number;
}

const TYPES = Object.keys(CLIENT_MESSAGES) as (keyof typeof CLIENT_MESSAGES)[];

/**
 * Parses one text frame from a client: JSON, then an object with a known
 * `type`, then that type's schema. Never throws.
 *
 * @param text - the frame's text
 * @param limits - the client's own limits (a reader's smaller `predict`)
 * @returns the message, or an error code (`bad-json`, `bad-message`,
 *   `unknown-type`), a readable reason naming the field, and the message's `id` when it has a valid one
 * @example
 * ```ts
 * parseClientMessage('{"type":"predict","id":1,"x":[[1,"a"]]}');
 * // { ok: false, code: 'bad-message', id: 1, reason: 'x[0][1]: Invalid input: expected number, received string' }
 * ```
 */
export function parseClientMessage(text: string, limits: ParseLimits = {}): ParsedClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, code: 'bad-json', reason: `not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: 'bad-message', reason: `a message must be a JSON object, got ${kind(value)}` };
  }
  const record = value as Record<string, unknown>;
  const idResult = MessageId.safeParse(record['id']);
  const id = idResult.success ? { id: idResult.data } : {};
  const type = record['type'];
  if (typeof type !== 'string') {
    return { ok: false, code: 'bad-message', reason: `a message needs a string "type", got ${kind(type)}`, ...id };
  }
  if (!(TYPES as string[]).includes(type)) {
    const shown = JSON.stringify(type.length > 40 ? `${type.slice(0, 40)}…` : type);
    return { ok: false, code: 'unknown-type', reason: `unknown message type ${shown}; expected one of ${TYPES.join(', ')}`, ...id };
  }
  // Before the schema: checking 100,000 rows costs far more than refusing them.
  for (const key of ['x', 'events'] as const) {
    const rows = record[key];
    if (type === 'predict' && limits.maxPredictRows !== undefined && Array.isArray(rows) && rows.length > limits.maxPredictRows) {
      return { ok: false, code: 'bad-message', reason: `bad "predict" message: ${key} has ${rows.length} rows; this client may send at most ${limits.maxPredictRows} a message`, ...id };
    }
  }
  const schema = CLIENT_MESSAGES[type as keyof typeof CLIENT_MESSAGES];
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, code: 'bad-message', reason: `bad "${type}" message: ${describeIssues(parsed.error)}`, ...id };
  }
  return { ok: true, message: parsed.data as ClientMessage };
}

/**
 * A one-line reading of a zod error: `path: message` for the first few issues.
 *
 * @param error - a zod error
 * @param max - how many issues to name (default 5)
 * @example
 * ```ts
 * describeIssues(Subscribe.safeParse({ type: 'subscribe', streams: ['x'] }).error!);
 * // 'streams[0]: Invalid option: expected one of "steps"|"view"'
 * ```
 */
export function describeIssues(error: z.ZodError, max = 5): string {
  const shown = error.issues.slice(0, max).map((issue) => {
    const path = formatPath(issue.path);
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'undefined' ? 'nothing' : `a ${typeof v}`;
}
