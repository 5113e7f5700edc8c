/**
 * Imports one of the dashboard's browser modules (plain JavaScript, checked
 * with JSDoc types) into a Node test. The path is computed so TypeScript
 * does not look for declarations of browser files.
 *
 * @example
 * ```ts
 * const { debiasedEma } = await loadPublic('ema.js');
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function loadPublic(name: string): Promise<any> {
  const url = new URL(`../../../../src/dashboard/public/js/${name}`, import.meta.url);
  return import(url.href);
}
