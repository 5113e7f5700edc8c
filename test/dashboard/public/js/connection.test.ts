import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadPublic } from './load-public.js';

const { Connection, streamUrl } = await loadPublic('connection.js');

/** A stand-in for the browser's WebSocket that the test opens and closes by hand. */
class FakeSocket {
  static readonly OPEN = 1;
  static made: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  private listeners = new Map<string, ((ev: unknown) => void)[]>();
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  addEventListener(type: string, fn: (ev: unknown) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  send(text: string): void {
    this.sent.push(text);
  }
  close(): void {
    this.readyState = 3;
  }
  emit(type: string, ev: unknown = {}): void {
    if (type === 'open') this.readyState = 1;
    if (type === 'close') this.readyState = 3;
    for (const fn of this.listeners.get(type) ?? []) fn(ev);
  }
}

describe('streamUrl', () => {
  it('puts /ws next to the page, with the token encoded', () => {
    expect(streamUrl(new URL('http://127.0.0.1:8080/?token=a b'), 'a b')).toBe('ws://127.0.0.1:8080/ws?token=a%20b');
    expect(streamUrl(new URL('https://example.org/rx/index.html'), null)).toBe('wss://example.org/rx/ws');
  });
});

describe('Connection', () => {
  beforeEach(() => {
    FakeSocket.made = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5); // no jitter: delays are exact
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  const start = () => {
    const states: { state: string; delayMs?: number; attempt?: number; reason?: string }[] = [];
    const frames: unknown[] = [];
    const c = new Connection({ url: 'ws://h/ws', onFrame: (d: unknown) => frames.push(d), onState: (s: never) => states.push(s) });
    c.start();
    return { c, states, frames };
  };

  it('goes connecting → live, passes frames on and sends only while open', () => {
    const { c, states, frames } = start();
    expect(c.send({ type: 'x' })).toBe(false);
    FakeSocket.made[0]!.emit('open');
    FakeSocket.made[0]!.emit('message', { data: '{"type":"hello"}' });
    expect(states.map((s) => s.state)).toEqual(['connecting', 'live']);
    expect(frames).toEqual(['{"type":"hello"}']);
    expect(c.send({ type: 'x' })).toBe(true);
    expect(FakeSocket.made[0]!.sent).toEqual(['{"type":"x"}']);
  });

  it('reconnects with doubling delays up to the maximum, and starts over once healthy', () => {
    const { c, states } = start();
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      FakeSocket.made.at(-1)!.emit('close', { code: 1006, reason: '' });
      const s = states.at(-1)!;
      expect(s.state).toBe('reconnecting');
      expect(s.reason).toBe('code 1006');
      delays.push(s.delayMs!);
      vi.advanceTimersByTime(s.delayMs!);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000]);
    expect(FakeSocket.made).toHaveLength(8);
    FakeSocket.made.at(-1)!.emit('open');
    c.healthy();
    FakeSocket.made.at(-1)!.emit('close', { code: 1001, reason: 'server shutting down' });
    expect(states.at(-1)).toMatchObject({ state: 'reconnecting', delayMs: 500, reason: 'code 1001 (server shutting down)' });
  });

  it('gives up after a policy close and can be started again by hand', () => {
    const { c, states } = start();
    FakeSocket.made[0]!.emit('open');
    FakeSocket.made[0]!.emit('close', { code: 1008, reason: 'rate limit' });
    expect(states.at(-1)!.state).toBe('closed');
    expect(states.at(-1)!.reason).toMatch(/1008 \(rate limit\).*policy/);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.made).toHaveLength(1);
    c.start();
    expect(FakeSocket.made).toHaveLength(2);
    expect(states.at(-1)!.state).toBe('connecting');
  });

  it('close() stops for good: no reconnect after the socket closes', () => {
    const { c, states } = start();
    FakeSocket.made[0]!.emit('open');
    c.close('bye');
    FakeSocket.made[0]!.emit('close', { code: 1000, reason: '' });
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.made).toHaveLength(1);
    expect(states.at(-1)).toEqual({ state: 'closed', reason: 'bye' });
  });
});

describe('Connection, changing address', () => {
  beforeEach(() => {
    FakeSocket.made = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('reports the close code and whether the socket had opened', () => {
    const states: { state: string; code?: number; opened?: boolean }[] = [];
    const c = new Connection({ url: 'ws://h/ws?token=old', onFrame: () => {}, onState: (s: never) => states.push(s) });
    c.start();
    FakeSocket.made[0]!.emit('close', { code: 1006, reason: '' });
    expect(states.at(-1)).toMatchObject({ state: 'reconnecting', code: 1006, opened: false });
    vi.advanceTimersByTime(10_000);
    FakeSocket.made[1]!.emit('open');
    FakeSocket.made[1]!.emit('close', { code: 1006, reason: '' });
    expect(states.at(-1)).toMatchObject({ state: 'reconnecting', code: 1006, opened: true });
  });

  it('start() with a new address drops the pending reconnect: one socket, at the new address', () => {
    const c = new Connection({ url: 'ws://h/ws?token=old', onFrame: () => {}, onState: () => {} });
    c.start();
    FakeSocket.made[0]!.emit('close', { code: 1006, reason: '' });
    c.setUrl('ws://h/ws');
    c.start();
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.made.map((s) => s.url)).toEqual(['ws://h/ws?token=old', 'ws://h/ws']);
  });
});
