import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** gzip's magic bytes (RFC 1952): what logrotate's `compress` leaves in `audit.jsonl.2.gz`. */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/**
 * The bytes of an audit log file as a stream: decompressed when the file is gzip (its first two
 * bytes 1f 8b, whatever its name), as is. A line of the log starts with `{`, so the two cannot
 * be mistaken. Opening errors (ENOENT, EACCES) reject; read and decompression errors (a .gz cut
 * short: Z_BUF_ERROR) come from the stream.
 *
 * @example
 * for await (const chunk of await openAuditFile('audit.jsonl.2.gz')) lines.push(chunk);
 */
export async function openAuditFile(file: string): Promise<Readable> {
  const handle = await open(file, 'r');
  let gzip: boolean;
  try {
    const head = Buffer.alloc(GZIP_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    gzip = bytesRead === GZIP_MAGIC.length && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } catch (error) {
    await handle.close();
    throw error;
  }
  const raw = handle.createReadStream({ start: 0 });
  if (!gzip) return raw;
  const gunzip = createGunzip();
  raw.on('error', (error) => gunzip.destroy(error));
  // A reader that stops early (a bad line) destroys the gunzip stream: close the file with it.
  gunzip.on('close', () => raw.destroy());
  return raw.pipe(gunzip);
}
