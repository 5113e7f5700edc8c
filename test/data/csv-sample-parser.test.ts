import { describe, expect, it } from 'vitest';
import { csvFieldCount, isCsvHeader, parseCsvSample } from '../../src/data/csv-sample-parser.js';
import { isSampleParseError } from '../../src/data/sample-validation.js';

function reason(line: string): string {
  const r = parseCsvSample(line, 4);
  if (!isSampleParseError(r)) throw new Error(`accepted ${line}`);
  expect(r.line).toBe(4);
  return r.reason;
}

describe('parseCsvSample', () => {
  it('reads feature columns and the label last', () => {
    expect(parseCsvSample('0.5,-1.25,1', 1)).toEqual({ x: [0.5, -1.25], t: 1 });
    expect(parseCsvSample(' 3 ,\t4e-1 , 0 ', 1)).toEqual({ x: [3, 0.4], t: 0 });
    expect(parseCsvSample('+2,.5,5.,1', 1)).toEqual({ x: [2, 0.5, 5], t: 1 });
  });

  it('accepts 0.0 and 1.0 as labels', () => {
    expect(parseCsvSample('1,0.0', 1)).toEqual({ x: [1], t: 0 });
    expect(parseCsvSample('1,1.0', 1)).toEqual({ x: [1], t: 1 });
  });

  it('reads numbers exactly as Number()', () => {
    const s = parseCsvSample('2.5265455283107188,-0,1', 1);
    expect(s).toEqual({ x: [2.5265455283107188, -0], t: 1 });
  });

  it('reads a row inside a larger text', () => {
    const text = 'a,b,t\n1,2,0\n3,4,1';
    expect(parseCsvSample(text, 2, 6, 11)).toEqual({ x: [1, 2], t: 0 });
    expect(parseCsvSample(text, 3, 12, text.length)).toEqual({ x: [3, 4], t: 1 });
  });

  it('names the column of a bad field', () => {
    expect(reason('1,abc,0')).toBe('column 2: expected a number, got "abc"');
    expect(reason('1,,0')).toBe('column 2: empty field, expected a number');
    expect(reason('1,2,')).toBe('column 3: empty field, expected a number');
    expect(reason('NaN,1')).toBe('column 1: expected a number, got "NaN"');
    expect(reason('Infinity,1')).toBe('column 1: expected a number, got "Infinity"');
    expect(reason('0x10,1')).toBe('column 1: expected a number, got "0x10"');
    expect(reason('"1",1')).toBe('column 1: expected a number, got "\\"1\\""');
    expect(reason('1e309,1')).toBe('column 1: 1e309 is beyond the range of a double');
    expect(reason('1,2,2')).toBe('column 3 (the label): must be 0 or 1, got 2');
    expect(reason('1,2,0.5')).toBe('column 3 (the label): must be 0 or 1, got 0.5');
    expect(reason('1')).toBe('expected feature columns and a label, got 1 column');
    expect(reason('1;2;0')).toBe('column 1: expected a number, got "1;2;0"');
  });
});

describe('isCsvHeader', () => {
  it('is true only when no field is a number', () => {
    expect(isCsvHeader('x1,x2,t')).toBe(true);
    expect(isCsvHeader('1,2,label')).toBe(false); // a number in it: data, with an error
    expect(isCsvHeader('1, 2.5 ,0')).toBe(false);
    expect(isCsvHeader('1,,0')).toBe(false);
    expect(isCsvHeader('1,NaN,1')).toBe(false);
    expect(isCsvHeader('a,,NaN')).toBe(true);
  });
});

describe('csvFieldCount', () => {
  it('counts the fields', () => {
    expect(csvFieldCount('a')).toBe(1);
    expect(csvFieldCount('a,b,,c')).toBe(4);
  });
});
