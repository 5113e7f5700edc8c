#!/usr/bin/env node
// Runs the TypeScript CLI straight from src/ through tsx, so `npx rxlogit` in a
// checkout always runs the code as it stands, with no build step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
