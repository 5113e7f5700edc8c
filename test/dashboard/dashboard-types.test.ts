// The dashboard's types come from the protocol, not a copy: messages.js
// imports StepPayload from src/server/protocol.ts (a JSDoc import, erased at
// run time) and derives the page's Step from it by field name. These tests
// fail when the three shapes (core Step, protocol StepPayload, dashboard
// Step) drift apart.
import { spawnSync } from 'node:child_process';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Metrics, Step } from '../../src/core/index.js';
import type { StepPayload } from '../../src/server/protocol.js';

/** The fields the server adds to a core Step when it sends it. */
type ServerFields = 'rejected' | 'samplesPerSecond' | 'paused' | 'events';

describe('one shape for a step, from the core to the page', () => {
  it('core Step and protocol StepPayload have the same fields, but the server’s own (checked by tsc)', () => {
    expectTypeOf<keyof Step>().toEqualTypeOf<Exclude<keyof StepPayload, ServerFields>>();
    expectTypeOf<keyof Metrics>().toEqualTypeOf<keyof StepPayload['metrics']>();
    // What the core may leave without a value is nullable on the wire too.
    expectTypeOf<Step['loss']>().toEqualTypeOf<StepPayload['loss']>();
    expectTypeOf<Metrics['logLoss']>().toEqualTypeOf<StepPayload['metrics']['logLoss']>();
  });

  it('the dashboard’s JavaScript type-checks against the protocol’s types (tsc -p tsconfig.dashboard.json)', () => {
    const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.dashboard.json'], { encoding: 'utf8', cwd: process.cwd() });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 180_000);
});
