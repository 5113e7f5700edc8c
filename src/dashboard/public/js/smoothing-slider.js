// @ts-check
const KEY = 'rxlogit.smoothing';

/**
 * Wires the EMA smoothing slider (0–0.99, as TensorBoard's) and its output;
 * the value is remembered in `localStorage` when the browser allows it.
 * @param {HTMLInputElement} input - the range input
 * @param {HTMLElement} output - where the value is shown
 * @param {(weight: number) => void} onChange - called on every move
 * @returns {number} the starting weight (the saved one, or 0.9)
 * @example
 * page.smoothing = wireSmoothing(slider, output, (w) => { page.smoothing = w; redraw(); });
 */
export function wireSmoothing(input, output, onChange) {
  const start = saved();
  input.value = String(start);
  output.textContent = start.toFixed(2);
  input.addEventListener('input', () => {
    const weight = Number(input.value);
    output.textContent = weight.toFixed(2);
    try {
      localStorage.setItem(KEY, String(weight));
    } catch {
      // storage may be disabled; the slider still works for this page
    }
    onChange(weight);
  });
  return start;
}

/** @returns {number} the saved smoothing weight, or 0.9 */
function saved() {
  try {
    const text = localStorage.getItem(KEY);
    const v = Number(text);
    if (text !== null && v >= 0 && v <= 0.99) return v;
  } catch {
    // storage may be disabled
  }
  return 0.9;
}
