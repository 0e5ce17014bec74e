#!/usr/bin/env node
// The CLI runs the TypeScript sources through tsx's loader so that the CLI, the tests and the
// Electron main process share one build of the code (the app bundles it; the CLI doesn't need to).
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
