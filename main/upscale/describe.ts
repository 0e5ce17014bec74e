/** What `reelforge doctor` prints about upscaling: one line per execution provider, best first. */
export { describeUpscaleProviders } from '../../native/onnx/providers';
