import { describeUpscaleProviders } from '../upscale/describe';

/**
 * Extra sections of `reelforge doctor`, one per subsystem (database, upscaling providers, voices).
 * A subsystem adds its section here; doctor prints each one's lines and reports a thrown error as
 * a problem.
 */
export interface DoctorSection {
  title: string;
  lines(opts: { home?: string }): Promise<string[]>;
}

export const doctorSections: DoctorSection[] = [
  { title: 'Upscaling (ONNX Runtime execution providers, each probed by running a test model)', lines: () => describeUpscaleProviders() },
];
