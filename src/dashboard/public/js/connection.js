// @ts-check
/**
 * A WebSocket that reconnects by itself with exponential backoff and jitter.
 *
 * States: `connecting` (first attempt), `live` (open), `reconnecting`
 * (waiting `delayMs` before attempt `attempt`), `closed` (given up: the
 * server closed for a policy reason, or {@link Connection#close} was called).
 */

/** Close codes after which reconnecting would only repeat the refusal. */
const FINAL_CODES = new Map([
  [1002, 'protocol error'],
  [1003, 'unsupported data'],
  [1008, 'closed by the server’s policy (rate limit or stuck client)'],
  [1009, 'a message was too big'],
]);

/**
 * @typedef {object} ConnectionState
 * @property {'connecting' | 'live' | 'reconnecting' | 'closed'} state
 * @property {number} [delayMs] - when reconnecting: the wait before the next attempt
 * @property {number} [attempt] - when reconnecting: the attempt number
 * @property {string} [reason] - why the last connection ended
 * @property {number} [code] - the close code that ended it (1006: refused or unreachable, the browser cannot tell which)
 * @property {boolean} [opened] - whether that socket had opened before it closed
 */

/**
 * The `/ws` address next to the page, carrying the token when there is one.
 * @param {Location | URL} location - the page's location
 * @param {string | null} token
 * @returns {string}
 * @example
 * streamUrl(new URL('http://127.0.0.1:8080/?token=abc'), 'abc'); // → 'ws://127.0.0.1:8080/ws?token=abc'
 */
export function streamUrl(location, token) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const dir = location.pathname.slice(0, location.pathname.lastIndexOf('/') + 1) || '/';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}//${location.host}${dir}ws${query}`;
}

export class Connection {
  /**
   * @param {object} o
   * @param {string} o.url - the WebSocket address
   * @param {(data: unknown) => void} o.onFrame - each received frame's data
   * @param {(s: ConnectionState) => void} o.onState - every state change
   * @param {() => void} [o.onOpen] - after each (re)connection opens
   * @param {number} [o.initialDelayMs] - first reconnect wait (default 500)
   * @param {number} [o.maxDelayMs] - longest reconnect wait (default 10000)
   * @example
   * const c = new Connection({ url: streamUrl(location, null), onFrame: console.log, onState: console.log });
   * c.start();
   */
  constructor(o) {
    this.url = o.url;
    this.onFrame = o.onFrame;
    this.onState = o.onState;
    this.onOpen = o.onOpen ?? (() => {});
    this.initialDelayMs = o.initialDelayMs ?? 500;
    this.maxDelayMs = o.maxDelayMs ?? 10_000;
    /** @type {WebSocket | null} */
    this.socket = null;
    this.attempt = 0;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.timer = null;
    this.stopped = false;
  }

  /** Opens the connection now (again, after `closed`; or at once, dropping a pending reconnect and any open socket). */
  start() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const old = this.socket;
    this.socket = null;
    if (old) old.close(1000);
    this.stopped = false;
    this.attempt = 0;
    this.onState({ state: 'connecting' });
    this.open();
  }

  /**
   * Changes the address used from the next (re)connection on, e.g. without a refused token.
   * @param {string} url
   */
  setUrl(url) {
    this.url = url;
  }

  /** Marks the connection healthy (call when the server's `hello` arrives): the backoff starts over. */
  healthy() {
    this.attempt = 0;
  }

  /**
   * Sends a JSON message if the socket is open.
   * @param {object} message
   * @returns {boolean} whether it was sent
   */
  send(message) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /**
   * Closes for good (no reconnect).
   * @param {string} [reason]
   */
  close(reason = 'closed by the page') {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const s = this.socket;
    this.socket = null;
    if (s) s.close(1000);
    this.onState({ state: 'closed', reason });
  }

  open() {
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch (e) {
      this.close(`cannot open ${this.url}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    this.socket = socket;
    let opened = false;
    socket.addEventListener('open', () => {
      if (this.socket !== socket) return;
      opened = true;
      this.onState({ state: 'live' });
      this.onOpen();
    });
    socket.addEventListener('message', (ev) => {
      if (this.socket === socket) this.onFrame(ev.data);
    });
    socket.addEventListener('close', (ev) => {
      if (this.socket !== socket || this.stopped) return;
      this.socket = null;
      const final = FINAL_CODES.get(ev.code);
      const reason = `code ${ev.code}${ev.reason ? ` (${ev.reason})` : ''}${final ? `: ${final}` : ''}`;
      if (final) {
        this.stopped = true;
        this.onState({ state: 'closed', reason, code: ev.code, opened });
        return;
      }
      this.scheduleReconnect(reason, ev.code, opened);
    });
  }

  /**
   * @param {string} reason
   * @param {number} code
   * @param {boolean} opened
   */
  scheduleReconnect(reason, code, opened) {
    this.attempt++;
    const base = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** (this.attempt - 1));
    const delayMs = Math.round(base * (0.75 + Math.random() * 0.5));
    this.onState({ state: 'reconnecting', delayMs, attempt: this.attempt, reason, code, opened });
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.stopped) this.open();
    }, delayMs);
  }
}
