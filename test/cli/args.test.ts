import { describe, expect, it } from 'vitest';
import { formatHelp, parseArgs, UsageError } from '../../src/cli/args.js';
import type { OptionSpecs } from '../../src/cli/args.js';

const SPECS = {
  input: { kind: 'string', valueName: 'FILE', description: 'input file' },
  lr: { kind: 'number', range: 'positive', description: 'learning rate', defaultText: '0.05' },
  l2: { kind: 'number', range: 'non-negative', description: 'L2' },
  shift: { kind: 'number', description: 'any number' },
  epochs: { kind: 'integer', range: 'positive', description: 'epochs' },
  init: { kind: 'numbers', description: 'weights' },
  mode: { kind: 'choice', choices: ['sample', 'batch'], description: 'mode' },
  bias: { kind: 'flag', description: 'bias' },
  help: { kind: 'flag', description: 'help' },
} as const satisfies OptionSpecs;

function error(argv: string[]): string {
  try {
    parseArgs(argv, SPECS);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('parseArgs', () => {
  it('reads --opt value, --opt=value, flags and positionals', () => {
    const { options, positionals } = parseArgs(['--input', 'a.jsonl', '--lr=0.1', '--bias', 'extra', '-', '--epochs', '3'], SPECS);
    expect(options).toEqual({ input: 'a.jsonl', lr: 0.1, bias: true, epochs: 3 });
    expect(positionals).toEqual(['extra', '-']);
  });

  it('takes negative numbers as values', () => {
    expect(parseArgs(['--init', '-4,-2'], SPECS).options.init).toEqual([-4, -2]);
    expect(parseArgs(['--init=-4,-2,0.5'], SPECS).options.init).toEqual([-4, -2, 0.5]);
    expect(parseArgs(['--shift', '-1e-3'], SPECS).options.shift).toBe(-0.001);
    expect(parseArgs(['--input', '-'], SPECS).options.input).toBe('-');
  });

  it('explains bad numbers', () => {
    expect(error(['--lr', 'abc'])).toBe('--lr: expected a positive number, got "abc"');
    expect(error(['--lr', '-1'])).toBe('--lr: expected a positive number, got "-1"');
    expect(error(['--lr=0'])).toBe('--lr: expected a positive number, got "0"');
    expect(error(['--lr', 'Infinity'])).toBe('--lr: expected a positive number, got "Infinity"');
    expect(error(['--lr', '0x10'])).toBe('--lr: expected a positive number, got "0x10"');
    expect(error(['--l2', '-0.5'])).toBe('--l2: expected a non-negative number, got "-0.5"');
    expect(error(['--epochs', '1.5'])).toBe('--epochs: expected a positive integer, got "1.5"');
    expect(error(['--shift', ''])).toBe('--shift: expected a number, got ""');
    expect(error(['--init', '1,b'])).toBe('--init: expected comma-separated numbers, got "1,b" (value 2 is "b")');
    expect(error(['--init', '1,,2'])).toBe('--init: expected comma-separated numbers, got "1,,2" (value 2 is "")');
    expect(error(['--mode', 'fast'])).toBe('--mode: expected one of sample, batch, got "fast"');
  });

  it('explains unknown, repeated, valueless and misused options', () => {
    expect(error(['--lrr', '1'])).toBe('unknown option --lrr (did you mean --lr?)');
    expect(error(['--zzzzzz'])).toBe('unknown option --zzzzzz');
    expect(error(['-x'])).toBe('unknown option -x');
    expect(error(['--lr', '1', '--lr', '2'])).toBe('--lr is given twice');
    expect(error(['--lr'])).toBe('--lr: missing value');
    expect(error(['--lr', '--epochs', '2'])).toBe('--lr: missing value (found --epochs)');
    expect(error(['--bias=yes'])).toBe('--bias takes no value');
    expect(error(['--input', ''])).toBe('--input: expected FILE, got an empty string');
    expect(error(['--constructor'])).toBe('unknown option --constructor');
  });

  it('treats -h as --help and stops at --', () => {
    expect(parseArgs(['-h'], SPECS).options.help).toBe(true);
    expect(parseArgs(['--', '--lr', 'x'], SPECS)).toEqual({ options: {}, positionals: ['--lr', 'x'] });
  });
});

describe('formatHelp', () => {
  it('lists every option with its value name and default', () => {
    const help = formatHelp('tool [options]', 'Does things.', SPECS);
    expect(help).toMatch(/^Usage: tool \[options\]\n\nDoes things\.\n\nOptions:\n/);
    expect(help).toContain('  --input FILE');
    expect(help).toMatch(/--lr X +learning rate \(default 0\.05\)/);
    expect(help).toMatch(/--mode sample\|batch +mode/);
    expect(help).toMatch(/--init X,Y,… +weights/);
    expect(help.split('\n').filter((l) => l.startsWith('  --'))).toHaveLength(Object.keys(SPECS).length);
  });
});
