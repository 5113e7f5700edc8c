import { describe, expect, it } from 'vitest';
import { createProgressBar, renderProgress } from '../../src/cli/progress-bar.js';

function terminal(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, output: { isTTY, columns: 60, write: (s: string) => writes.push(s) } };
}

describe('createProgressBar', () => {
  it('draws nothing when the output is not a terminal', () => {
    const { writes, output } = terminal(false);
    let now = 0;
    const bar = createProgressBar(output, { now: () => now });
    now = 5000;
    bar.update(1, 2, 'x');
    bar.clear();
    expect(writes).toEqual([]);
  });

  it('waits for the delay, throttles redraws and clears its line', () => {
    const { writes, output } = terminal(true);
    let now = 0;
    const bar = createProgressBar(output, { now: () => now, delayMs: 1000, intervalMs: 100 });
    bar.clear();
    now = 999;
    bar.update(10, 100, 'epoch 1/1');
    expect(writes).toEqual([]);
    now = 1000;
    bar.update(50, 100, 'epoch 1/1');
    now = 1050;
    bar.update(60, 100, 'epoch 1/1');
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^\repoch 1\/1 \[#+\.+\] 50% 0\.0\/0\.0 MB\x1b\[K$/);
    now = 1100;
    bar.update(70, 100, 'epoch 1/1');
    expect(writes).toHaveLength(2);
    bar.clear();
    expect(writes.at(-1)).toBe('\r\x1b[K');
  });

  it('falls back to 80 columns when the terminal reports none', () => {
    const writes: string[] = [];
    let now = 0;
    const bar = createProgressBar({ isTTY: true, columns: 0, write: (s: string) => writes.push(s) }, { now: () => now });
    now = 2000;
    bar.update(1, 4, 'reading');
    expect(writes[0]).toMatch(/^\rreading \[#+\.+\] 25% /);
  });
});

describe('renderProgress', () => {
  it('fits the terminal width', () => {
    const line = renderProgress(53e6, 106e6, 'epoch 2/3', 50);
    expect(line).toBe('epoch 2/3 [#########.........] 50% 53.0/106.0 MB');
    expect(line.length).toBeLessThanOrEqual(49);
    expect(renderProgress(1, 0, 'loss', 20).length).toBeLessThanOrEqual(19);
    expect(renderProgress(200, 100, 'x', 40)).toContain('100%');
  });
});
