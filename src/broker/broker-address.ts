import { readFileSync } from 'node:fs';

/** How to reach and log in to a NATS server, with secrets kept out of `display`. */
export interface BrokerAddress {
  /** `host:port` entries for the client, without credentials. */
  readonly servers: string[];
  /** The address as it may be logged: credentials replaced by `***`. */
  readonly display: string;
  readonly token?: string;
  readonly user?: string;
  readonly pass?: string;
  /** Contents of a `.creds` file (JWT + NKey seed). */
  readonly creds?: Uint8Array;
}

/** Where credentials may come from besides the URL. */
export interface BrokerCredentialOptions {
  /** A file whose first line is the token. */
  tokenFile?: string;
  /** A NATS `.creds` file. */
  credsFile?: string;
  /** The environment to read `RXLOGIT_NATS_TOKEN`, `RXLOGIT_NATS_USER`, `RXLOGIT_NATS_PASSWORD`, `RXLOGIT_NATS_CREDS` from (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** A broker address that cannot be used, with the reason. */
export class BrokerAddressError extends Error {
  override readonly name = 'BrokerAddressError';
}

/**
 * Parses `nats://[user:pass@|token@]host[:port][,host:port…]` and gathers credentials from the URL,
 * a token file, a `.creds` file or the environment (in that order of precedence: URL, files, env).
 *
 * @example
 * ```ts
 * const a = parseBrokerAddress('nats://s3cret@127.0.0.1:4222');
 * a.servers; // ['127.0.0.1:4222']
 * a.display; // 'nats://***@127.0.0.1:4222'
 * ```
 */
export function parseBrokerAddress(text: string, options: BrokerCredentialOptions = {}): BrokerAddress {
  const env = options.env ?? process.env;
  const match = /^(nats|tls):\/\/(?:([^@/]*)@)?([^/?#@]+)\/?$/.exec(text.trim());
  if (!match) throw new BrokerAddressError(`not a NATS address: ${JSON.stringify(redact(text))} (expected nats://host:port)`);
  const [, scheme, auth, hosts] = match as unknown as [string, string, string | undefined, string];
  const servers = hosts.split(',').map((h) => {
    const host = h.trim();
    if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(host)) throw new BrokerAddressError(`bad host in NATS address: ${JSON.stringify(host)}`);
    const port = /:(\d+)$/.exec(host)?.[1];
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) throw new BrokerAddressError(`port out of range in NATS address: ${port}`);
    return port === undefined ? `${host}:4222` : host;
  });
  const result: { -readonly [K in keyof BrokerAddress]?: BrokerAddress[K] } = { servers, display: `${scheme}://${auth === undefined ? '' : '***@'}${hosts}` };
  if (auth !== undefined && auth !== '') {
    const colon = auth.indexOf(':');
    if (colon >= 0) {
      result.user = decodeURIComponent(auth.slice(0, colon));
      result.pass = decodeURIComponent(auth.slice(colon + 1));
    } else {
      result.token = decodeURIComponent(auth);
    }
  }
  if (result.token === undefined && result.user === undefined) {
    if (options.tokenFile !== undefined) result.token = readSecret(options.tokenFile, 'token file');
    else if (env.RXLOGIT_NATS_TOKEN) result.token = env.RXLOGIT_NATS_TOKEN;
    else if (env.RXLOGIT_NATS_USER) {
      result.user = env.RXLOGIT_NATS_USER;
      result.pass = env.RXLOGIT_NATS_PASSWORD ?? '';
    }
  }
  const credsFile = options.credsFile ?? (env.RXLOGIT_NATS_CREDS || undefined);
  if (credsFile !== undefined) result.creds = readBytes(credsFile, 'creds file');
  return result as BrokerAddress;
}

function readSecret(path: string, what: string): string {
  const text = new TextDecoder().decode(readBytes(path, what));
  const first = text.split(/\r?\n/)[0]?.trim() ?? '';
  if (first === '') throw new BrokerAddressError(`${what} ${path} is empty`);
  return first;
}

function readBytes(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new BrokerAddressError(`cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function redact(text: string): string {
  return text.replace(/\/\/[^@/]*@/, '//***@');
}
