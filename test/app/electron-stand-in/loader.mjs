// Resolves `electron` to the stand-in next to this file, for tests of main/app/ (Electron's
// binary cannot run here). Registered with node:module's register() before main/app is imported.
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: new URL('./electron.ts', import.meta.url).href, shortCircuit: true };
  return next(specifier, context);
}
