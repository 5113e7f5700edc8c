// @ts-check

/**
 * Shows the server's `status` message: a banner across the page while the
 * checkpoint fails (samples are learned but would be lost in a crash), gone
 * once it is written again.
 *
 * @param {HTMLElement} banner - the banner element (hidden when all is well)
 * @param {unknown} checkpoint - the message's `checkpoint` field
 * @example
 * showCheckpointStatus(document.getElementById('checkpoint-banner'), m.checkpoint);
 */
export function showCheckpointStatus(banner, checkpoint) {
  const c = /** @type {Record<string, unknown> | null} */ (checkpoint !== null && typeof checkpoint === 'object' ? checkpoint : null);
  if (c === null || c.failing !== true) {
    banner.hidden = true;
    banner.textContent = '';
    return;
  }
  const saved = typeof c.savedAt === 'number' ? ` Last written ${new Date(c.savedAt).toLocaleTimeString()}` + (typeof c.savedN === 'number' ? ` (${c.savedN} samples).` : '.') : ' Nothing written yet.';
  const why = typeof c.error === 'string' ? c.error.slice(0, 300) : 'unknown error';
  banner.textContent = `Checkpoint failing: samples are learned but not saved, a crash would lose them. ${why.replace(/\.$/, '')}.${saved}`;
  banner.hidden = false;
}
