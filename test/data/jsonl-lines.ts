/**
 * Seeded JSON Lines sample lines for property tests: valid lines in the
 * scanner's shape, valid lines outside it (extra keys), and lines with one
 * character deleted, duplicated or replaced.
 */
export function generateLine(rng: () => number): string {
  const number = (): string => {
    const r = rng();
    if (r < 0.35) return JSON.stringify((rng() - 0.5) * 10 ** Math.floor(rng() * 12 - 6));
    if (r < 0.5) return String(Math.floor(rng() * 2000 - 1000));
    if (r < 0.6) return (rng() * 100).toFixed(Math.floor(rng() * 25));
    if (r < 0.7) return `${rng() < 0.5 ? '-' : ''}${Math.floor(rng() * 99999)}.${Math.floor(rng() * 1e9)}e${rng() < 0.5 ? '-' : '+'}${Math.floor(rng() * 330)}`;
    const digits = Array.from({ length: 1 + Math.floor(rng() * 26) }, () => Math.floor(rng() * 10)).join('');
    return rng() < 0.5 ? digits : `0.${digits}`;
  };
  const ws = (): string => (rng() < 0.8 ? '' : [' ', '  ', '\t', ' \r '][Math.floor(rng() * 4)]!);
  const xs = Array.from({ length: 1 + Math.floor(rng() * 4) }, () => `${ws()}${number()}${ws()}`);
  const x = `"x"${ws()}:${ws()}[${xs.join(',')}]`;
  const t = `"t"${ws()}:${ws()}${rng() < 0.9 ? String(Math.floor(rng() * 2)) : ['1.0', '2', 'true', '"0"', '-0', '01'][Math.floor(rng() * 6)]}`;
  const members = rng() < 0.5 ? [x, t] : [t, x];
  if (rng() < 0.1) members.splice(Math.floor(rng() * 3), 0, '"k":[1,{"a":null}]');
  let line = `${ws()}{${ws()}${members.join(`${ws()},${ws()}`)}${ws()}}${ws()}`;
  if (rng() < 0.3) {
    // One mutation: delete, duplicate or replace a character.
    const i = Math.floor(rng() * line.length);
    const junk = '0123456789-+.eE,:[]{}" xt'[Math.floor(rng() * 25)]!;
    const op = Math.floor(rng() * 3);
    line = op === 0 ? line.slice(0, i) + line.slice(i + 1) : op === 1 ? line.slice(0, i) + junk + line.slice(i) : line.slice(0, i) + junk + line.slice(i + 1);
  }
  return line;
}

/** Random files: valid lines, lines outside the scanner's shape, invalid ones, blank ones, CRLF, non-ASCII, a BOM. */
export function randomJsonlFile(rng: () => number, lines: number): string {
  const out: string[] = [];
  for (let k = 0; k < lines; k++) {
    const r = rng();
    if (r < 0.05) out.push(['', '  ', '\t\r'][Math.floor(rng() * 3)]!);
    else if (r < 0.08) out.push(`{"x":[${k},2],"t":1,"name":"é€😀"}`);
    else if (r < 0.1) out.push('{"x":[1,2,3],"t":0}');
    else if (r < 0.5) out.push(generateLine(rng));
    else out.push(`{"x":[${(rng() * 4 - 2).toString()},${(rng() * 4 - 2).toString()}],"t":${rng() < 0.5 ? 0 : 1}}`);
  }
  return (rng() < 0.5 ? '\uFEFF' : '') + out.join(rng() < 0.5 ? '\n' : '\r\n') + (rng() < 0.5 ? '\n' : '');
}
