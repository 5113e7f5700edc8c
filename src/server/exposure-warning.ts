import { isIP } from 'node:net';

/**
 * The warning for a server that anyone on the network can read: it listens
 * beyond loopback, with no read token and no `Origin` allow-list of its own.
 *
 * @param listen - the bound interface and port, the read token, and whether `origins` were given
 * @returns one line saying what anyone who can reach the port sees, or undefined when nothing is exposed
 * @example
 * ```ts
 * exposureWarning({ host: '0.0.0.0', port: 8080, readToken: undefined, originsGiven: false });
 * // 'listening on 0.0.0.0:8080 with no read token: anyone who can reach this port …'
 * ```
 */
export function exposureWarning(listen: { readonly host: string; readonly port: number; readonly readToken: string | undefined; readonly originsGiven: boolean }): string | undefined {
  if (isLoopback(listen.host) || listen.readToken !== undefined || listen.originsGiven) return undefined;
  const where = isIP(listen.host) === 6 ? `[${listen.host}]:${listen.port}` : `${listen.host}:${listen.port}`;
  return (
    `warning: listening on ${where} with no read token: anyone who can reach this port can open the dashboard and ` +
    'read the live model (weights, loss, accuracy, every step), the recent training samples and the learner\'s settings, ' +
    'and send predictions (training and controls still need the write token). ' +
    'Set --read-token or $RXLOGIT_READ_TOKEN to require a token for reading; browsers reaching it by a name need --allowed-host NAME.'
  );
}

/** Whether an interface is loopback only: `localhost`, 127.0.0.0/8 or ::1. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1' || (isIP(h) === 4 && h.startsWith('127.')) || h === '::ffff:127.0.0.1';
}
