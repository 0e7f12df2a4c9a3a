/**
 * generate
 *
 * `gqlambda generate`: when nothing it reads changed since its last run and its outputs are intact, the
 * last run's report (cache.ts); else the pipeline (pipeline.ts), loaded only then.
 */
import type { ResolvedConfig } from '../config.js';
import { withLock } from '../util/lock.js';
import { cachedReport, changedOnlyByRun, fingerprintOf, inputFingerprint, inputStamps, saveCache } from './cache.js';
import { projectLock } from './paths.js';
import type { DocumentManifest } from './operations.js';

export interface GenerateOptions {
  /** Plan only: write nothing and report what would change (`gqlambda generate --check`). */
  check?: boolean;
  /** The inputs' fingerprint, when the caller has just taken it (the build does). */
  fingerprint?: string;
}

export type FileStatus = 'created' | 'updated' | 'unchanged';

export interface FileResult {
  /** Absolute path. */
  path: string;
  status: FileStatus;
}

export interface GenerateWarning {
  message: string;
  file: string;
  line: number;
  column: number;
}

export interface GenerateReport {
  /** Every file gqlambda planned, sorted by path. In check mode nothing was written. */
  files: FileResult[];
  warnings: GenerateWarning[];
  /** The trusted documents (config `operations`), or undefined without operations. */
  documents?: DocumentManifest;
  /** True when no file needed writing. */
  upToDate: boolean;
  check: boolean;
  /** The fingerprint of the inputs as the run left them (cache.ts); undefined with `check`, or when they cannot be read. */
  fingerprint?: string;
}

export async function generate(config: ResolvedConfig, options: GenerateOptions = {}): Promise<GenerateReport> {
  const check = options.check === true;
  const before = options.fingerprint ?? (await inputFingerprint(config));
  const cached = before && (await cachedReport(config, before, check));
  if (cached) return { ...cached, fingerprint: check ? undefined : before };
  const { runGenerate } = await import('./pipeline.js');
  const run = async (): Promise<GenerateReport> => {
    const started = check ? undefined : await inputStamps(config);
    const { report, planned, recurring } = await runGenerate(config, check);
    // The inputs as this run leaves them (it may have added stubs): the next run starts from there. Unless
    // another file changed while it ran (an editor saving again): its outputs may predate that change, so
    // no cache entry may call them current.
    const left = check ? undefined : await inputStamps(config);
    const steady = started !== undefined && left !== undefined && changedOnlyByRun(config, started, left, planned.map((file) => file.path));
    const after = steady ? fingerprintOf(config, left) : undefined;
    if (after) await saveCache(config, { inputs: after, planned, warnings: recurring, documents: report.documents });
    return { ...report, fingerprint: after };
  };
  // From the first read of a stub to the last write: another run in between would plan from files
  // this one is about to replace. --check writes nothing and needs no lock.
  return check ? run() : withLock(projectLock(config), run);
}
