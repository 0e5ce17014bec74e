import { describeUpscaleProviders } from '../upscale/describe';
import { checkDatabase } from '../store/open-database';
import { dbPath } from '../paths';

/**
 * Extra sections of `reelforge doctor`, one per subsystem (database, upscaling providers, voices).
 * A subsystem adds its section here; doctor prints each one's lines and reports a thrown error as
 * a problem.
 */
export interface DoctorSection {
  title: string;
  lines(opts: { home: string }): Promise<string[]>;
}

export const doctorSections: DoctorSection[] = [
  {
    title: 'Database (PRAGMA integrity_check)',
    async lines({ home }) {
      const result = await checkDatabase(home);
      if (result.length > 1 || !/^ok$|^no database yet/.test(result[0] ?? '')) throw new Error(`${dbPath(home)}: ${result.join('; ')}`);
      return [result[0] === 'ok' ? `${dbPath(home)}: ok` : result[0]!];
    },
  },
  { title: 'Upscaling (ONNX Runtime execution providers, each probed by running a test model)', lines: () => describeUpscaleProviders() },
];
