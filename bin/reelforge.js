#!/usr/bin/env node
// The CLI runs the TypeScript sources through tsx's loader so that the CLI, the tests and the
// Electron main process share one build of the code (the app bundles it; the CLI doesn't need to).
import { register } from 'tsx/esm/api';

// `reelforge templates | head` closes the pipe early: that is the reader's choice, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}
register();
const { main } = await import('../main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
