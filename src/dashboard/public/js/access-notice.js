// @ts-check
/**
 * Says what the page may do, wherever it matters: the controls (write) or a
 * "read-only" note in their place saying why and how to get write access,
 * a "read-only" badge in the header, and an alert when the token in the
 * address was refused.
 */

/** @typedef {'write' | 'no-token' | 'read-token' | 'refused' | 'refused-no-read' | 'token-required'} AccessMode */

/** How to get the current write token, said the same way everywhere. */
const FRESH_ADDRESS =
  'open the address that rxlogit serve printed when it last started (“dashboard at http://…/?token=…”); ' +
  'each start makes a new token unless --token or $RXLOGIT_TOKEN sets one';

/** Why the page is read-only, by mode (shown in place of the controls). */
const WHY = {
  write: '',
  'no-token': `this address carries no write token. To pause, resume, reset or set μ, ${FRESH_ADDRESS}.`,
  'read-token': 'the token in this address allows reading only.',
  refused: `the token in this address was refused, so the page reads without it. For the controls, ${FRESH_ADDRESS}.`,
  'refused-no-read': `the token in this address was refused, and this server needs a token to read. ${capitalise(FRESH_ADDRESS)}.`,
  'token-required': `this server needs a token to read, and this address carries none. ${capitalise(FRESH_ADDRESS)}.`,
};

/**
 * The text for a mode (exported for tests).
 * @param {AccessMode} mode
 * @returns {string}
 * @example
 * readOnlyReason('read-token'); // → 'the token in this address allows reading only.'
 */
export function readOnlyReason(mode) {
  return WHY[mode];
}

/**
 * Shows the page's access in the header, the side card and (for a refused token) an alert.
 * @param {AccessMode} mode
 * @param {string} [detail] - the server's reason for a refusal
 * @example
 * showAccess('refused', 'the token is not valid');
 */
export function showAccess(mode, detail = '') {
  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const writable = mode === 'write';
  document.body.dataset.access = mode;
  document.body.dataset.canWrite = String(writable);
  $('controls').hidden = !writable;
  $('read-only').hidden = writable;
  $('read-only-why').textContent = WHY[mode];
  $('access-badge').hidden = writable;
  const alert = $('token-alert');
  const because = detail ? ` (${detail})` : '';
  const text = {
    refused: `The token in this address was refused${because}: showing the data read-only. For the controls, ${FRESH_ADDRESS}.`,
    'refused-no-read': `The token in this address was refused${because}, and this server needs a token to read. ${capitalise(FRESH_ADDRESS)}.`,
    'token-required': `This server needs a token to read, and this address carries none. ${capitalise(FRESH_ADDRESS)}.`,
  }[/** @type {string} */ (mode)];
  alert.hidden = text === undefined;
  alert.textContent = text ?? '';
}

/** @param {string} text */
function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
