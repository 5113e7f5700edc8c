import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildApiReport, entryPoints, formatApiReport, REPORT_PATH } from './api-report.js';

describe('the public API', () => {
  const report = buildApiReport();

  it('is exactly the checked-in report (after a deliberate change: npm run api:report)', () => {
    const accepted = readFileSync(REPORT_PATH, 'utf8');
    expect(formatApiReport(report), 'the public API changed: if on purpose, run `npm run api:report` and commit test/api/api-report.json').toBe(accepted);
  });

  it('has an entry point per layer, and the root loads no server, ws or CLI', () => {
    expect([...entryPoints().keys()]).toEqual(['rxlogit', 'rxlogit/core', 'rxlogit/data', 'rxlogit/io', 'rxlogit/server', 'rxlogit/plot', 'rxlogit/broker']);
    const root = Object.keys(report['rxlogit']!);
    expect(root).toContain('OnlineLearner');
    for (const internal of ['startServer', 'runCli', 'atomicWriteFile', 'ProcessMonitor', 'LearnerConfigSchema', 'parseClientMessage']) {
      expect(root, internal).not.toContain(internal);
    }
  });

  it('keeps the plotting internals out of rxlogit/plot: figures and what composes them only', () => {
    const plot = Object.keys(report['rxlogit/plot']!);
    for (const name of ['renderFigure', 'scatterLayer', 'classesFigure', 'filledContours', 'FigureSpec', 'Layer']) expect(plot, name).toContain(name);
    for (const internal of ['contourRegions', 'regionPath', 'checkGrid', 'svgNumber', 'svgAttrs', 'escapeXml', 'formatTick', 'niceTicks', 'maxNLocator', 'linearScale', 'mathText', 'estimateTextWidth', 'markerSvg', 'legendBox', 'renderLegend', 'renderColorBar', 'figureContext', 'contourLevels', 'finiteExtent']) {
      expect(plot, internal).not.toContain(internal);
    }
  });

  it('names at run time what the report names as values', async () => {
    const require = createRequire(import.meta.url);
    for (const [name, file] of entryPoints()) {
      const module = (await import(file)) as Record<string, unknown>;
      const values = Object.entries(report[name]!)
        .filter(([, kind]) => kind !== 'type' && kind !== 'interface')
        .map(([n]) => n);
      expect(Object.keys(module).sort(), name).toEqual(values.sort());
      expect(require.resolve(name), name).toMatch(/dist/);
    }
  });
});
