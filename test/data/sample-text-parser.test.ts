import { describe, expect, it } from 'vitest';
import { blockToSamples, SampleBlockBuilder } from '../../src/core/index.js';
import { SampleTextParser } from '../../src/data/sample-text-parser.js';
import type { SampleTextParserOptions } from '../../src/data/sample-text-parser.js';
import type { SampleParseError } from '../../src/data/sample-validation.js';

function parse(text: string, options: SampleTextParserOptions = {}) {
  const parser = new SampleTextParser(options);
  const sink = { columns: new SampleBlockBuilder(), invalid: [] as SampleParseError[] };
  const error = parser.parseLines(text, 0, text.length, sink);
  const columns = sink.columns.build();
  return { parser, error, invalid: sink.invalid, samples: blockToSamples(columns), lines: Array.from(columns.positions) };
}

describe('SampleTextParser', () => {
  it('parses JSON Lines, skipping blank lines but counting them, with CRLF', () => {
    const r = parse('{"x":[1,2],"t":0}\r\n\r\n  \n{"t":1,"x":[3,4],"id":9}\r\n{"x":[5,6],"t":1}');
    expect(r.error).toBeUndefined();
    expect(r.samples).toEqual([
      { x: [1, 2], t: 0 },
      { x: [3, 4], t: 1 },
      { x: [5, 6], t: 1 },
    ]);
    expect(r.lines).toEqual([1, 4, 5]);
    expect(r.parser.line).toBe(5);
  });

  it('stops at the first invalid line, keeping the samples before it', () => {
    const r = parse('{"x":[1],"t":0}\n{"x":[1],"t":3}\n{"x":[2],"t":1}');
    expect(r.error).toEqual({ line: 2, reason: '"t" must be 0 or 1, got 3' });
    expect(r.samples).toEqual([{ x: [1], t: 0 }]);
  });

  it('checks that every sample is as wide as the first', () => {
    expect(parse('{"x":[1,2],"t":0}\n{"x":[1,2,3],"t":0}').error).toEqual({
      line: 2,
      reason: 'has 3 x values, expected 2 (as on line 1)',
    });
    expect(parse('\n{"x":[1,2],"t":0}\n{"x":[1],"t":0,"k":1}').error).toEqual({
      line: 3,
      reason: 'has 1 x values, expected 2 (as on line 2)',
    });
    expect(parse('{"x":[1,2],"t":0}', { width: 3 }).error).toEqual({
      line: 1,
      reason: 'has 2 x values, expected 3 (as the model expects)',
    });
  });

  it('collects invalid lines with skipInvalid and goes on', () => {
    const r = parse('{"x":[1],"t":0}\nnope\n{"x":[1,2],"t":1}\n{"x":[2],"t":1}', { skipInvalid: true });
    expect(r.error).toBeUndefined();
    expect(r.samples).toEqual([
      { x: [1], t: 0 },
      { x: [2], t: 1 },
    ]);
    expect(r.invalid.map((e) => e.line)).toEqual([2, 3]);
    expect(r.invalid[0]!.reason).toMatch(/^not valid JSON/);
  });

  it('parses CSV with a header, which sets the width', () => {
    const r = parse('x1,x2,t\r\n1,2,0\r\n\r\n3,4,1\r\n', { format: 'csv' });
    expect(r.error).toBeUndefined();
    expect(r.parser.header).toBe('x1,x2,t');
    expect(r.samples).toEqual([
      { x: [1, 2], t: 0 },
      { x: [3, 4], t: 1 },
    ]);
    expect(r.lines).toEqual([2, 4]);
    expect(parse('a,b,t\n1,2,3,0', { format: 'csv' }).error).toEqual({
      line: 2,
      reason: 'has 4 columns, expected 3 (as on line 1)',
    });
  });

  it('parses CSV without a header', () => {
    const r = parse('1,2,0\n3,4,1', { format: 'csv' });
    expect(r.parser.header).toBeUndefined();
    expect(r.samples).toHaveLength(2);
    expect(parse('1,2,0\n3,0', { format: 'csv' }).error).toEqual({ line: 2, reason: 'has 2 columns, expected 3 (as on line 1)' });
  });

  it('rejects a CSV header that does not fit the expected width', () => {
    expect(parse('a,b,c,t\n1,2,3,0', { format: 'csv', width: 2 }).error).toEqual({
      line: 1,
      reason: 'header has 4 columns, expected 3 (as the model expects)',
    });
  });

  it('reads samples wider than the scanner buffer', () => {
    const wide = `{"x":[${Array.from({ length: 5000 }, (_, i) => i).join(',')}],"t":1}`;
    const r = parse(`${wide}\n${wide}`);
    expect(r.error).toBeUndefined();
    expect(r.samples).toHaveLength(2);
    expect(r.samples[1]!.x[4999]).toBe(4999);
  });
});
