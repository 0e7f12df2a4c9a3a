/**
 * The deployment package: a zip whose bytes depend only on the files in it, so that the same sources
 * give the same CodeSha256 and CI can skip a deploy that changes nothing.
 */
import { createHash } from 'node:crypto';
import { ZipFile } from 'yazl';
import { GqlambdaError } from '../errors.js';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

export interface ZipResult {
  bytes: Buffer;
  /** Base64 SHA-256 of the zip: what Lambda reports as `CodeSha256`. */
  sha256: string;
  /** Sum of the entries' uncompressed sizes (Lambda's 250 MB limit applies to this). */
  unzippedSize: number;
}

/**
 * DOS timestamps have no time zone: yazl fills them from the Date's local fields. A Date built from
 * local fields therefore writes the same bytes under every TZ (noon, so that no daylight-saving gap
 * can shift it). 1980-01-01 is the earliest DOS date, the usual choice of reproducible-build tools.
 */
function fixedModificationTime(): Date {
  return new Date(1980, 0, 1, 12, 0, 0);
}

/** Regular file, rw-r--r--: Lambda needs the files world-readable, nothing needs them executable. */
const FILE_MODE = 0o100644;

export async function createZip(entries: ZipEntry[]): Promise<ZipResult> {
  const zip = new ZipFile();
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = new Set<string>();
  for (const entry of sorted) {
    if (names.has(entry.name)) throw new GqlambdaError('ZIP', `two files named ${entry.name} would go into the zip.`);
    names.add(entry.name);
    zip.addBuffer(Buffer.from(entry.data), entry.name, {
      mtime: fixedModificationTime(),
      mode: FILE_MODE,
      compress: true,
      compressionLevel: 9,
      // No "extended timestamp" extra field: it stores the time as UTC seconds, and needs none.
      forceDosTimestamp: true,
    });
  }
  zip.end();

  const chunks: Buffer[] = [];
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
  return {
    bytes,
    sha256: createHash('sha256').update(bytes).digest('base64'),
    unzippedSize: sorted.reduce((sum, entry) => sum + entry.data.byteLength, 0),
  };
}
