import { describe, expect, it } from 'vitest';
import { svgProblems } from './svg-check.js';

// The checker guards every figure test, so it must itself catch what it claims to.
describe('svgProblems (test helper)', () => {
  const ok = '<svg xmlns="http://www.w3.org/2000/svg" width="1"><g><text x="1">a &amp; b</text></g><rect/></svg>';
  it('accepts a well-formed document', () => {
    expect(svgProblems(ok)).toEqual([]);
  });
  it.each([
    ['<svg xmlns="http://www.w3.org/2000/svg"><g></svg>', /closes <g>/],
    ['<svg xmlns="http://www.w3.org/2000/svg"><g>', /unclosed elements: svg > g/],
    ['<svg xmlns="http://www.w3.org/2000/svg"><circle cx="NaN"/></svg>', /contains NaN/],
    ['<svg xmlns="http://www.w3.org/2000/svg"><text>a & b</text></svg>', /bare &/],
    ['<svg xmlns="http://www.w3.org/2000/svg"><text a="1" a="2"/></svg>', /repeats attribute a/],
    ['<svg xmlns="http://www.w3.org/2000/svg"><text a=1/></svg>', /malformed tag/],
    ['<svg><g/></svg>', /lacks the SVG namespace/],
    ['<g xmlns="http://www.w3.org/2000/svg"></g>', /root element is <g>/],
    ['<svg xmlns="http://www.w3.org/2000/svg"></svg><svg xmlns="http://www.w3.org/2000/svg"></svg>', /exactly one root element, found 2/],
  ])('rejects %s', (svg, problem) => {
    expect(svgProblems(svg).join('\n')).toMatch(problem);
  });
});
