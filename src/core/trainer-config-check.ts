/**
 * The check of a trainer configuration, by hand: the same verdict and the
 * same words as `TrainerConfigSchema` (zod) gives, so that a trainer needs
 * no zod. A test holds the two equal on a grid of valid and invalid values.
 *
 * @module
 */

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const MODES = ['sample', 'minibatch', 'batch'];
const REDUCTIONS = ['mean', 'sum'];
const SCHEDULE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  constant: ['lr'],
  'inverse-scaling': ['lr', 'decay'],
  'inverse-power': ['lr', 'power'],
};

/**
 * What is wrong with a trainer configuration (its fields as given, unset ones
 * absent), as zod words it: `path: message; path: message`, or undefined when
 * nothing is.
 *
 * @example
 * ```ts
 * configIssues({ inputs: 0 }); // 'inputs: Too small: expected number to be >=1'
 * configIssues({ inputs: 2 }); // undefined
 * ```
 */
export function configIssues(config: Readonly<Record<string, unknown>>): string | undefined {
  const issues: string[] = [];
  const has = (key: string): boolean => Object.hasOwn(config, key);
  integerAtLeast(issues, 'inputs', config.inputs, 1);
  if (has('bias') && typeof config.bias !== 'boolean') issues.push(`bias: Invalid input: expected boolean, received ${received(config.bias)}`);
  if (has('mode')) oneOf(issues, 'mode', config.mode, MODES);
  if (has('batchSize')) integerAtLeast(issues, 'batchSize', config.batchSize, 1);
  if (has('schedule')) scheduleIssues(issues, config.schedule);
  if (has('l2')) numberAtLeast(issues, 'l2', config.l2, 0);
  if (has('reduction')) oneOf(issues, 'reduction', config.reduction, REDUCTIONS);
  if (has('init')) {
    const init = config.init;
    if (!Array.isArray(init)) issues.push(`init: Invalid input: expected array, received ${received(init)}`);
    else for (let i = 0; i < init.length; i++) numberAtLeast(issues, `init.${i}`, init[i], -Infinity);
  }
  if (has('initBias')) numberAtLeast(issues, 'initBias', config.initBias, -Infinity);
  if (has('rollingWindow')) integerAtLeast(issues, 'rollingWindow', config.rollingWindow, 1);
  return issues.length === 0 ? undefined : issues.join('; ');
}

function scheduleIssues(issues: string[], schedule: unknown): void {
  if (typeof schedule !== 'object' || schedule === null || Array.isArray(schedule)) {
    issues.push(`schedule: Invalid input: expected object, received ${received(schedule)}`);
    return;
  }
  const s = schedule as Record<string, unknown>;
  const fields = typeof s.kind === 'string' && Object.hasOwn(SCHEDULE_FIELDS, s.kind) ? SCHEDULE_FIELDS[s.kind] : undefined;
  if (fields === undefined) {
    issues.push("schedule.kind: Invalid discriminator value. Expected 'constant' | 'inverse-scaling' | 'inverse-power'");
    return;
  }
  for (const field of fields) numberAtLeast(issues, `schedule.${field}`, s[field], 0);
  const unknown = Object.keys(s).filter((k) => k !== 'kind' && !fields.includes(k));
  if (unknown.length > 0) issues.push(`schedule: Unrecognized key${unknown.length === 1 ? '' : 's'}: ${unknown.map((k) => JSON.stringify(k)).join(', ')}`);
}

/** z.number().min(min): false when the value is not a finite number. */
function numberAtLeast(issues: string[], path: string, value: unknown, min: number): boolean {
  if (typeof value !== 'number' || value - value !== 0) {
    issues.push(`${path}: Invalid input: expected number, received ${received(value)}`);
    return false;
  }
  if (value < min) issues.push(`${path}: Too small: expected number to be >=${min}`);
  return true;
}

/** z.int().min(min). */
function integerAtLeast(issues: string[], path: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || value - value !== 0) {
    issues.push(`${path}: Invalid input: expected number, received ${received(value)}`);
    return;
  }
  if (!Number.isInteger(value)) {
    issues.push(`${path}: Invalid input: expected int, received number`);
    return;
  }
  if (value > MAX_SAFE) issues.push(`${path}: Too big: expected int to be <=${MAX_SAFE}`);
  if (value < -MAX_SAFE) issues.push(`${path}: Too small: expected int to be >=${-MAX_SAFE}`);
  if (value < min) issues.push(`${path}: Too small: expected number to be >=${min}`);
}

function oneOf(issues: string[], path: string, value: unknown, choices: readonly string[]): void {
  if (typeof value !== 'string' || !choices.includes(value)) {
    issues.push(`${path}: Invalid option: expected one of ${choices.map((c) => JSON.stringify(c)).join('|')}`);
  }
}

/** How zod names a value's type in its messages. */
function received(value: unknown): string {
  if (typeof value === 'number') return value !== value ? 'NaN' : value === Infinity ? 'Infinity' : value === -Infinity ? '-Infinity' : 'number';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
