import { describe, expect, it } from 'vitest';
import { loadPublic } from './load-public.js';

const { resetNote } = await loadPublic('controls.js');

describe('resetNote', () => {
  it('says that reset returns to the configured learning rate, in the schedule’s own terms', () => {
    expect(resetNote({ schedule: { kind: 'constant', lr: 0.05 } })).toBe(
      'reset: weights back to their initial values, counts and curves cleared, learning rate back to μ = 0.05 (constant), as configured at start',
    );
    expect(resetNote({ schedule: { kind: 'inverse-scaling', lr: 0.1, decay: 0.01 } })).toContain('back to μ = 0.1 / (1 + 0.01·k)');
    expect(resetNote({ schedule: { kind: 'inverse-power', lr: 0.1, power: 0.5 } })).toContain('back to μ = 0.1 / (k + 1)^0.5');
  });

  it('still says what reset does when the server does not describe its schedule', () => {
    for (const config of [undefined, null, {}, { schedule: 'odd' }, { schedule: { kind: 'constant', lr: '0.1' } }, { schedule: { kind: 'new-kind', lr: 1 } }]) {
      expect(resetNote(config)).toMatch(/counts and curves cleared, learning rate back to the one configured at start$/);
    }
  });
});
