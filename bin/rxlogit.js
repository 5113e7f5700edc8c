#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm run build`, and by `prepare` on
// `npm install` in a checkout). No TypeScript loader at run time.
try {
  await import('../dist/cli/entry.js');
} catch (e) {
  if (e?.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('dist/cli/entry.js')) {
    process.stderr.write('rxlogit: dist/ is missing: run `npm run build` (or `npm install`) in the package folder first\n');
    process.exit(1);
  }
  throw e;
}
