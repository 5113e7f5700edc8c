import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/server/logger.js';

afterEach(() => {
  vi.useRealTimers();
});

function capture(format: 'text' | 'json', now = () => Date.UTC(2026, 0, 2, 3, 4, 5)) {
  const lines: string[] = [];
  const logger = createLogger({ format, write: (l) => lines.push(l), prefix: 'rxlogit serve', now, maxPerSecond: 3 });
  return { lines, logger };
}

describe('createLogger', () => {
  it('writes text as "<prefix>: <message>" and JSON as one object a line', () => {
    const text = capture('text');
    text.logger.log('info', 'start', 'listening on http://127.0.0.1:8080/', { port: 8080 });
    expect(text.lines).toEqual(['rxlogit serve: listening on http://127.0.0.1:8080/\n']);
    const json = capture('json');
    json.logger.log('warn', 'client-refused', 'refused a client', { status: 401, time: 'not mine', nested: { a: [1] } });
    expect(json.lines).toHaveLength(1);
    expect(json.lines[0]!.endsWith('\n')).toBe(true);
    expect(json.lines[0]!.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(json.lines[0]!)).toEqual({ time: '2026-01-02T03:04:05.000Z', level: 'warn', event: 'client-refused', message: 'refused a client', status: 401, nested: { a: [1] } });
  });

  it('never writes a token: secret-looking fields are redacted, token=… and Bearer … blanked in any text', () => {
    const json = capture('json');
    json.logger.log('info', 'start', 'dashboard at http://h/?token=s3cret-value&x=1, header Bearer abc.def', {
      token: 's3cret-value',
      readToken: 'r3ad',
      url: 'http://h/ws?token=s3cret-value',
      deep: { Authorization: 'Bearer x', list: ['?token=zz'] },
    });
    const line = json.lines[0]!;
    expect(line).not.toMatch(/s3cret|r3ad|abc\.def|zz/);
    expect(JSON.parse(line)).toMatchObject({ token: '[redacted]', readToken: '[redacted]', url: 'http://h/ws?token=[redacted]', deep: { Authorization: '[redacted]', list: ['?token=[redacted]'] } });
    expect(JSON.parse(line).message).toBe('dashboard at http://h/?token=[redacted]&x=1, header Bearer [redacted]');
    const text = capture('text');
    text.logger.log('info', 'start', 'at http://h/?token=s3cret-value');
    expect(text.lines).toEqual(['rxlogit serve: at http://h/?token=[redacted]\n']);
  });

  it('cuts a flood of one event to maxPerSecond lines and says how many were left out', () => {
    vi.useFakeTimers();
    let t = 0;
    const { lines, logger } = capture('json', () => t);
    for (let i = 0; i < 10; i++) logger.log('warn', 'client-error', `bad ${i}`);
    logger.log('info', 'start', 'other events are not held back');
    expect(lines.map((l) => JSON.parse(l).message)).toEqual(['bad 0', 'bad 1', 'bad 2', 'other events are not held back']);
    t = 1000;
    vi.advanceTimersByTime(1000);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ level: 'warn', event: 'log-suppressed', of: 'client-error', suppressed: 7 });
    logger.log('warn', 'client-error', 'bad again');
    expect(JSON.parse(lines.at(-1)!).message).toBe('bad again');
    expect(lines.filter((l) => l.includes('log-suppressed'))).toHaveLength(1);
  });
});
