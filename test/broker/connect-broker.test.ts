import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kvm } from '@nats-io/kv';
import { BrokerAddressError, parseBrokerAddress } from '../../src/broker/broker-address.js';
import { connectBroker } from '../../src/broker/connect-broker.js';
import { natsAvailable, natsRequired, natsSkipReason, startNatsServer } from './nats-server.js';
import type { NatsServerProcess } from './nats-server.js';

describe('parseBrokerAddress', () => {
  it('splits hosts, defaults the port and hides credentials from display', () => {
    const a = parseBrokerAddress('nats://alice:p%40ss@127.0.0.1:4333,localhost', { env: {} });
    expect(a.servers).toEqual(['127.0.0.1:4333', 'localhost:4222']);
    expect(a.user).toBe('alice');
    expect(a.pass).toBe('p@ss');
    expect(a.display).toBe('nats://***@127.0.0.1:4333,localhost');
    expect(parseBrokerAddress('nats://tok@h:1', { env: {} }).token).toBe('tok');
  });

  it('takes the token from the environment when the URL has none', () => {
    expect(parseBrokerAddress('nats://h:1', { env: { RXLOGIT_NATS_TOKEN: 'e' } }).token).toBe('e');
  });

  it('says what is wrong and never repeats a secret', () => {
    expect(() => parseBrokerAddress('http://secret@h:1', { env: {} })).toThrow(BrokerAddressError);
    try {
      parseBrokerAddress('http://secret@h:1', { env: {} });
    } catch (e) {
      expect(String(e)).not.toContain('secret');
    }
    expect(() => parseBrokerAddress('nats://h:99999', { env: {} })).toThrow(/port out of range/);
    expect(() => parseBrokerAddress('nats://h:1', { env: {}, tokenFile: '/nonexistent/t' })).toThrow(/cannot read the token file/);
  });
});

describe.skipIf(!natsAvailable && !natsRequired)(`connectBroker against a real nats-server ${natsSkipReason}`, () => {
  let nats: NatsServerProcess;
  beforeAll(async () => {
    nats = await startNatsServer({ token: 'letmein' });
  });
  afterAll(async () => {
    await nats?.stop();
  });

  it('logs in with a token and uses JetStream KV', async () => {
    const nc = await connectBroker(parseBrokerAddress(`nats://letmein@127.0.0.1:${nats.port}`, { env: {} }));
    const kv = await new Kvm(nc).create('rxlogit-connect-test');
    await kv.put('k', 'v');
    expect((await kv.get('k'))?.string()).toBe('v');
    await nc.drain();
  });

  it('refuses a wrong token with an error that does not show it', async () => {
    const err = await connectBroker(parseBrokerAddress(`nats://wrong@127.0.0.1:${nats.port}`, { env: {} }), { timeoutMs: 3_000 }).catch((e: unknown) => e);
    expect(String(err)).toMatch(/cannot connect to nats:\/\/\*\*\*@127\.0\.0\.1/);
    expect(String(err)).not.toContain('wrong');
  });
});
