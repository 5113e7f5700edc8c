/**
 * A strict little well-formedness check for the SVG this project writes (no
 * XML parser ships with Node): tags balanced and properly nested, every
 * attribute quoted and unique, no raw `<` or bare `&` in text or attributes,
 * one root `<svg>` in the SVG namespace, and no `NaN`/`Infinity`/`undefined`
 * anywhere. Returns the problems found (empty when fine) so a failing test
 * says what and where.
 */
export function svgProblems(svg: string): string[] {
  const problems: string[] = [];
  for (const bad of ['NaN', 'Infinity', 'undefined', 'null', '[object Object]']) {
    const at = svg.indexOf(bad);
    if (at >= 0) problems.push(`contains ${bad} at offset ${at}: …${svg.slice(Math.max(0, at - 40), at + 20)}…`);
  }
  const stack: string[] = [];
  let roots = 0;
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*="[^"<]*")*)\s*(\/?)>/y;
  const attr = /([A-Za-z_:][\w:.-]*)="([^"<]*)"/g;
  let i = 0;
  while (i < svg.length) {
    const lt = svg.indexOf('<', i);
    const text = svg.slice(i, lt < 0 ? svg.length : lt);
    checkEntities(text, i, problems);
    if (stack.length === 0 && text.trim() !== '') problems.push(`text outside the root at offset ${i}: ${text.trim().slice(0, 30)}`);
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(svg);
    if (m === null) {
      problems.push(`malformed tag at offset ${lt}: ${svg.slice(lt, lt + 60)}`);
      break;
    }
    const [whole, closing, name, attrs, selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> at offset ${lt} closes <${open ?? 'nothing'}>`);
    } else {
      if (stack.length === 0) {
        roots++;
        if (name !== 'svg') problems.push(`root element is <${name}>, expected <svg>`);
        if (!/\sxmlns="http:\/\/www\.w3\.org\/2000\/svg"/.test(attrs ?? '')) problems.push('root <svg> lacks the SVG namespace');
      }
      const seen = new Set<string>();
      for (const a of (attrs ?? '').matchAll(attr)) {
        if (seen.has(a[1]!)) problems.push(`<${name}> at offset ${lt} repeats attribute ${a[1]}`);
        seen.add(a[1]!);
        checkEntities(a[2]!, lt, problems);
      }
      if (!selfClosing) stack.push(name!);
    }
    i = lt + whole.length;
  }
  if (stack.length > 0) problems.push(`unclosed elements: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`expected exactly one root element, found ${roots}`);
  return problems;
}

function checkEntities(text: string, offset: number, problems: string[]): void {
  const amp = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g;
  const m = amp.exec(text);
  if (m !== null) problems.push(`bare & near offset ${offset}: ${text.slice(m.index, m.index + 20)}`);
}

/** The numbers in every attribute named `name` (e.g. all `cx`). */
export function attributeNumbers(svg: string, name: string): number[] {
  return [...svg.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((m) => Number(m[1]));
}
