/**
 * Reads a deployment package into memory with yauzl. Entry names are validated by yauzl (no absolute
 * paths, no `..`), so nothing can be written outside the temporary task root.
 */
import { open, type Entry, type ZipFile } from 'yauzl';
import { GqlambdaError } from '../errors.js';

export interface UnzippedEntry {
  name: string;
  data: Buffer;
  /** Unix mode bits from the zip's external attributes (0 when the zip did not record them). */
  mode: number;
}

/** Lambda refuses packages over 250 MB unzipped; so do we, before filling the disk. */
const MAX_UNZIPPED = 250 * 1024 * 1024;

export function readZip(path: string): Promise<UnzippedEntry[]> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      reject(
        new GqlambdaError('INVOKE', missing ? `no zip at ${path}.` : `${path} is not a valid zip file: ${error.message}`, {
          file: path,
          hint: missing ? 'run `gqlambda build` first, or pass --zip PATH.' : 'rebuild it with `gqlambda build`.',
          cause: error,
        }),
      );
    };
    open(path, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) return fail(error ?? new Error('cannot open'));
      const entries: UnzippedEntry[] = [];
      let total = 0;
      zip.on('error', fail);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        total += entry.uncompressedSize;
        if (total > MAX_UNZIPPED) return fail(new Error('it unpacks to more than 250 MB, over Lambda\'s limit'));
        readEntry(zip, entry).then((data) => {
          entries.push({ name: entry.fileName, data, mode: (entry.externalFileAttributes >>> 16) & 0o777 });
          zip.readEntry();
        }, fail);
      });
      zip.readEntry();
    });
  });
}

function readEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(error ?? new Error(`cannot read ${entry.fileName}`));
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}
