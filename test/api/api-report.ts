/**
 * The API report: every export of every entry point of the package's
 * `exports` map, with its kind, read from the sources by the TypeScript
 * compiler. `test/api/api-report.json` holds the accepted list;
 * `api-report.test.ts` fails when the sources differ from it, so that a change
 * to the public surface is a deliberate act:
 *
 *   npm run api:report        (rewrites test/api/api-report.json)
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** One entry point's exports: name → kind (`class`, `function`, `const`, `interface`, `type`, …). */
export type EntryReport = Record<string, string>;
/** Entry point (`rxlogit`, `rxlogit/core`, …) → its exports. */
export type ApiReport = Record<string, EntryReport>;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The checked-in report. */
export const REPORT_PATH = fileURLToPath(new URL('./api-report.json', import.meta.url));

/** The package's entry points and the source file each one is compiled from. */
export function entryPoints(): Map<string, string> {
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { name: string; exports: Record<string, unknown> };
  const entries = new Map<string, string>();
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target !== 'object' || target === null) continue; // ./package.json
    const js = (target as { default: string }).default;
    const name = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
    entries.set(name, `${ROOT}${js.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')}`);
  }
  return entries;
}

function kindOf(checker: ts.TypeChecker, exported: ts.Symbol): string {
  const declaration = exported.declarations?.[0];
  if (declaration !== undefined && ts.isExportSpecifier(declaration) && (declaration.isTypeOnly || declaration.parent.parent.isTypeOnly)) {
    const target = checker.getAliasedSymbol(exported);
    return target.flags & ts.SymbolFlags.Interface ? 'interface' : 'type';
  }
  const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const f = symbol.flags;
  if (f & ts.SymbolFlags.Class) return 'class';
  if (f & ts.SymbolFlags.Function) return 'function';
  if (f & ts.SymbolFlags.Enum) return 'enum';
  if (f & ts.SymbolFlags.Variable) return 'const';
  if (f & ts.SymbolFlags.Interface) return 'interface';
  if (f & ts.SymbolFlags.TypeAlias) return 'type';
  return 'other';
}

/** Builds the report from the sources as they are now. */
export function buildApiReport(): ApiReport {
  const entries = entryPoints();
  const config = ts.getParsedCommandLineOfConfigFile(`${ROOT}tsconfig.build.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (config === undefined) throw new Error('cannot read tsconfig.build.json');
  const program = ts.createProgram([...entries.values()], { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const report: ApiReport = {};
  for (const [name, file] of entries) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    if (moduleSymbol === undefined) throw new Error(`${name}: cannot read ${file}`);
    const exports = checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, kindOf(checker, s)] as const);
    report[name] = Object.fromEntries(exports.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  return report;
}

/** The report as written to disk. */
export function formatApiReport(report: ApiReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

if (process.argv.includes('--write')) {
  writeFileSync(REPORT_PATH, formatApiReport(buildApiReport()));
  console.log(`wrote ${REPORT_PATH}`);
}
