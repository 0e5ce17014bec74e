// Runs in a child process (plain JavaScript, so it needs no build step): tries each execution
// provider on the one-convolution model it reads from stdin and prints the outcomes as JSON.
// Native code in the providers (Dawn's Vulkan adapter search, the CUDA loader) writes straight
// to file descriptor 2; here that goes to a pipe the parent keeps, not to the user's terminal.
import * as ort from 'onnxruntime-node';

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const { model, names } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const bytes = Buffer.from(model, 'base64');
ort.env.logLevel = 'fatal';
const backends = ort.listSupportedBackends();
const results = [];
for (const name of names) {
  const backend = backends.find((b) => b.name === name);
  if (!backend) {
    results.push({ name, available: false, reason: 'not built into this onnxruntime-node' });
    continue;
  }
  let session;
  try {
    session = await ort.InferenceSession.create(bytes, { executionProviders: [name], graphOptimizationLevel: 'all', logSeverityLevel: 3 });
    const x = new ort.Tensor('float32', Float32Array.of(0.25, 0.5, 0.75), [1, 3, 1, 1]);
    const out = (await session.run({ input: x })).output.data;
    if (Math.abs(out[1] - 0.5) > 1e-3) results.push({ name, available: false, reason: 'ran but returned wrong values' });
    else results.push({ name, available: true, reason: backend.bundled ? 'ran a test model' : 'ran a test model (separately installed add-on)' });
  } catch (err) {
    results.push({ name, available: false, error: err instanceof Error ? err.message : String(err) });
  } finally {
    await session?.release().catch(() => undefined);
  }
}
process.stdout.write(JSON.stringify(results));
