/**
 * How the build shows its steps: on a TTY the running step's name, replaced by its result when it ends;
 * one line per finished step otherwise (CI logs); nothing with --json (the summary is the output).
 * Every step's duration is recorded.
 *
 * No animated spinner: the type check runs synchronously and blocks the event loop, so a spinner
 * would freeze exactly where it is needed, and spinner libraries misbehave on terminals that report
 * no width (under `script`, with `columns` 0, nanospinner's line clearing ran away).
 */
import { pc } from '../cli/colors.js';

export interface StepTiming {
  step: string;
  ms: number;
  /** Why it did not run (a --no-* flag), when it did not. */
  skipped?: string;
}

export interface Progress {
  /** `duration`: the step's own time, when it ran before this waited for it (the bundle, beside the type check). */
  run<T>(step: string, work: () => Promise<T>, describe?: (value: T) => string, duration?: () => number): Promise<T>;
  skip(step: string, reason: string): void;
  readonly timings: StepTiming[];
}

export type ProgressMode = 'live' | 'lines' | 'silent';

export function progressMode(options: { json: boolean; stream?: NodeJS.WriteStream }): ProgressMode {
  if (options.json) return 'silent';
  return (options.stream ?? process.stderr).isTTY ? 'live' : 'lines';
}

export function createProgress(mode: ProgressMode, stream: NodeJS.WriteStream = process.stderr): Progress {
  const timings: StepTiming[] = [];
  return {
    timings,
    async run(step, work, describe, duration) {
      // `\r` and erase-line replace the "running" line in place; the text is short enough not to wrap.
      const live = mode === 'live';
      if (live) stream.write(`${pc.cyan('…')} ${step}`);
      const start = performance.now();
      try {
        const value = await work();
        const ms = Math.round(duration ? duration() : performance.now() - start);
        timings.push({ step, ms });
        const text = `${step} ${pc.dim(formatMs(ms))}${describe ? `  ${describe(value)}` : ''}`;
        if (live) stream.write('\r\x1b[2K');
        if (mode !== 'silent') stream.write(`${pc.green('✓')} ${text}\n`);
        return value;
      } catch (error) {
        const ms = Math.round(performance.now() - start);
        timings.push({ step, ms });
        if (live) stream.write('\r\x1b[2K');
        if (mode !== 'silent') stream.write(`${pc.red('✗')} ${step} failed ${pc.dim(formatMs(ms))}\n`);
        throw error;
      }
    },
    skip(step, reason) {
      timings.push({ step, ms: 0, skipped: reason });
      if (mode !== 'silent') stream.write(`${pc.dim(`- ${step} skipped (${reason})`)}\n`);
    },
  };
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
