// @ts-check
/**
 * A short log of what the server answered (control acks, errors) and what
 * the page noticed (ignored messages, resets). Newest first, at most `max` entries.
 */
export class MessageLog {
  /**
   * @param {HTMLElement} list - an `<ol>` (give it `aria-live="polite"`)
   * @param {number} [max] - entries kept (default 50)
   * @example
   * const log = new MessageLog(document.getElementById('log')); log.add('error', 'bad-json: …');
   */
  constructor(list, max = 50) {
    this.list = list;
    this.max = max;
  }

  /**
   * @param {'info' | 'ok' | 'error'} kind
   * @param {string} text
   */
  add(kind, text) {
    const li = document.createElement('li');
    li.className = `log-${kind}`;
    const time = document.createElement('time');
    const now = new Date();
    time.dateTime = now.toISOString();
    time.textContent = now.toLocaleTimeString('en-GB');
    li.append(time, ` ${text}`);
    this.list.prepend(li);
    while (this.list.children.length > this.max) this.list.lastElementChild?.remove();
  }
}
