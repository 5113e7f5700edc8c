// @ts-check
/**
 * The write controls (pause, resume, reset, learning rate). Each click sends
 * a `control` message with a fresh id; the server's `control-ack` or `error`
 * with that id is shown next to the buttons and in the log.
 */
/**
 * What the reset button does, in words, from `hello.config` (its `schedule`, when the server tells it).
 * @param {Record<string, any> | null | undefined} config
 * @returns {string}
 * @example
 * resetNote({ schedule: { kind: 'constant', lr: 0.05 } });
 * // → 'reset: weights back to their initial values, counts and curves cleared, learning rate back to μ = 0.05 (constant), as configured at start'
 */
export function resetNote(config) {
  const s = config !== null && typeof config === 'object' ? config.schedule : undefined;
  const num = (/** @type {unknown} */ v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : null);
  const lr = num(s?.lr);
  const rate =
    lr === null
      ? null
      : s.kind === 'constant'
        ? `μ = ${lr} (constant)`
        : s.kind === 'inverse-scaling' && num(s.decay) !== null
          ? `μ = ${lr} / (1 + ${num(s.decay)}·k)`
          : s.kind === 'inverse-power' && num(s.power) !== null
            ? `μ = ${lr} / (k + 1)^${num(s.power)}`
            : null;
  const back = rate === null ? 'the one configured at start' : `${rate}, as configured at start`;
  return `reset: weights back to their initial values, counts and curves cleared, learning rate back to ${back}`;
}

export class Controls {
  /**
   * @param {object} o
   * @param {HTMLElement} o.root - the controls' section (shown by `showAccess` when the page may write)
   * @param {(message: object) => boolean} o.send - sends a message, false when not connected
   * @param {(kind: 'info' | 'ok' | 'error', text: string) => void} o.log
   * @example
   * const controls = new Controls({ root, send: (m) => connection.send(m), log: (k, t) => log.add(k, t) });
   */
  constructor(o) {
    this.root = o.root;
    this.send = o.send;
    this.log = o.log;
    this.nextId = 1;
    /** @type {Map<string, string>} id → what was asked */
    this.pending = new Map();
    const q = (/** @type {string} */ sel) => /** @type {HTMLElement} */ (o.root.querySelector(sel));
    this.pauseButton = /** @type {HTMLButtonElement} */ (q('#pause'));
    this.resumeButton = /** @type {HTMLButtonElement} */ (q('#resume'));
    this.resetButton = /** @type {HTMLButtonElement} */ (q('#reset'));
    this.lrInput = /** @type {HTMLInputElement} */ (q('#lr-input'));
    this.status = q('#control-status');
    this.resetNote = q('#reset-note');
    this.pauseButton.addEventListener('click', () => this.control('pause'));
    this.resumeButton.addEventListener('click', () => this.control('resume'));
    this.resetButton.addEventListener('click', () => this.control('reset'));
    q('#lr-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const lr = Number(this.lrInput.value);
      if (this.lrInput.value.trim() === '' || !Number.isFinite(lr) || lr <= 0) {
        this.say('error', `learning rate must be a number above 0 (got "${this.lrInput.value}")`);
        return;
      }
      this.control('set-learning-rate', lr);
    });
  }

  /**
   * Says what reset does, with the configured learning rate from `hello.config`.
   * @param {Record<string, any> | null | undefined} config
   */
  describeReset(config) {
    const text = resetNote(config);
    this.resetNote.textContent = text;
    this.resetButton.title = text;
  }

  /**
   * Enables the button that makes sense: pause while running, resume while paused.
   * @param {boolean} paused
   */
  setPaused(paused) {
    this.pauseButton.disabled = paused;
    this.resumeButton.disabled = !paused;
  }

  /**
   * Fills the learning-rate field unless the user is editing it.
   * @param {number | null} lr
   */
  showLearningRate(lr) {
    if (lr !== null && document.activeElement !== this.lrInput && this.lrInput.value === '') {
      this.lrInput.value = String(lr);
    }
  }

  /**
   * @param {'pause' | 'resume' | 'reset' | 'set-learning-rate'} action
   * @param {number} [lr]
   */
  control(action, lr) {
    const id = `ui-${this.nextId++}`;
    const message = lr === undefined ? { type: 'control', id, action } : { type: 'control', id, action, lr };
    const what = lr === undefined ? action : `${action} ${lr}`;
    if (!this.send(message)) {
      this.say('error', `${what}: not connected`);
      return;
    }
    this.pending.set(id, what);
    if (this.pending.size > 100) this.pending.delete(/** @type {string} */ (this.pending.keys().next().value));
    this.status.textContent = `${what}: sent…`;
  }

  /**
   * Handles a `control-ack`.
   * @param {Record<string, unknown>} ack - `{ id, action, paused, lr }`
   */
  acknowledged(ack) {
    const id = String(ack.id);
    const what = this.pending.get(id) ?? String(ack.action);
    this.pending.delete(id);
    const lr = typeof ack.lr === 'number' ? `, lr ${ack.lr}` : '';
    this.say('ok', `${what}: done (paused: ${ack.paused === true ? 'yes' : 'no'}${lr})`);
    if (typeof ack.lr === 'number') this.lrInput.value = String(ack.lr);
  }

  /**
   * Handles an `error` answering one of our messages; returns whether it was ours.
   * @param {Record<string, unknown>} error - `{ id, code, message }`
   * @returns {boolean}
   */
  failed(error) {
    const id = String(error.id);
    const what = this.pending.get(id);
    if (what === undefined) return false;
    this.pending.delete(id);
    this.say('error', `${what}: refused (${String(error.code)}: ${String(error.message)})`);
    return true;
  }

  /**
   * @param {'info' | 'ok' | 'error'} kind
   * @param {string} text
   */
  say(kind, text) {
    this.status.textContent = text;
    this.status.className = `control-status log-${kind}`;
    this.log(kind, text);
  }
}
