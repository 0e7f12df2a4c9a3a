/**
 * What the bundle is made of, from esbuild's metafile: bytes in the output per package (or per file of
 * the project's own code), largest first. The metafile itself never goes into the zip.
 */
import type { Metafile } from 'esbuild';
import { GqlambdaError } from '../errors.js';

export interface Contributor {
  /** A package name (`graphql`) or a project file (`src/resolvers/Query.ts`). */
  name: string;
  bytes: number;
}

export interface SizeReport {
  /** Bytes of the bundled JavaScript. */
  bundleBytes: number;
  contributors: Contributor[];
}

export function sizeReport(metafile: Metafile, top = 8): SizeReport {
  const output = Object.entries(metafile.outputs).find(([file]) => !file.endsWith('.map'))?.[1];
  if (!output) return { bundleBytes: 0, contributors: [] };
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (bytesInOutput === 0) continue;
    const name = owner(input);
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  const contributors = [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1));
  return { bundleBytes: output.bytes, contributors: contributors.slice(0, top) };
}

/** `…node_modules/@scope/pkg/x.js` → `@scope/pkg`; a project file stays itself (minus a plugin namespace). */
function owner(input: string): string {
  const path = input.replace(/^[a-z-]+:/, '');
  const at = path.lastIndexOf('node_modules/');
  if (at === -1) return path;
  const [first, second] = path.slice(at + 'node_modules/'.length).split('/');
  return first?.startsWith('@') ? `${first}/${second}` : (first ?? path);
}

/**
 * Lambda's deployment package quotas (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html):
 * 50 MB zipped for a direct upload, 250 MB unzipped.
 */
export const LAMBDA_ZIPPED_LIMIT = 50 * 1024 * 1024;
export const LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024;

export function checkSize(options: { zipBytes: number; unzippedBytes: number; maxSize?: number; report: SizeReport }): void {
  const largest = options.report.contributors.slice(0, 3).map((c) => `${c.name} ${formatBytes(c.bytes)}`).join(', ');
  const where = largest ? ` The largest contributors: ${largest}.` : '';
  if (options.unzippedBytes > LAMBDA_UNZIPPED_LIMIT) {
    throw new GqlambdaError('SIZE', `the function is ${formatBytes(options.unzippedBytes)} unzipped, over Lambda's limit of 250 MB.${where}`, {
      hint: 'mark large dependencies as bundle.external and ship them in a layer, or drop them.',
    });
  }
  if (options.zipBytes > LAMBDA_ZIPPED_LIMIT) {
    throw new GqlambdaError('SIZE', `the zip is ${formatBytes(options.zipBytes)}, over Lambda's 50 MB limit for a direct upload.${where}`, {
      hint: 'upload it through S3 (sam deploy does), or make it smaller: mark large dependencies as bundle.external and ship them in a layer.',
    });
  }
  if (options.maxSize !== undefined && options.zipBytes > options.maxSize) {
    throw new GqlambdaError('SIZE', `the zip is ${formatBytes(options.zipBytes)} (${options.zipBytes} bytes), over the budget of ${formatBytes(options.maxSize)} (${options.maxSize} bytes).${where}`, {
      hint: 'make the bundle smaller, or raise the budget (--max-size or bundle.maxSize).',
    });
  }
}

/** `--max-size 300kb`, `1.5mb`, `250000`: bytes, with kb/mb as multiples of 1024. */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|kib|mb|m|mib)?\s*$/i.exec(text);
  if (!match) {
    throw new GqlambdaError('USAGE', `--max-size: "${text}" is not a size.`, { hint: 'give bytes (250000) or a size with a unit (300kb, 1.5mb).' });
  }
  const unit = (match[2] ?? 'b').toLowerCase();
  const factor = unit.startsWith('m') ? 1024 * 1024 : unit.startsWith('k') ? 1024 : 1;
  return Math.round(Number(match[1]) * factor);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}
