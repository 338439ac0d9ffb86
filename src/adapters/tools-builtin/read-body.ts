import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { TextDecoder } from 'node:util';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** A response body read up to a byte limit (counted after decompression, so a zip bomb stops early). */
export interface BodyBytes {
  bytes: Buffer;
  truncated: boolean;
  /** Set when the body uses a content-encoding this tool cannot decode; `bytes` are then the raw bytes. */
  undecodedEncoding?: string;
}

/** Reads at most `limit` bytes of the body, then drops the connection. Rejects on network or decoding errors. */
export async function readBody(response: IncomingMessage, limit: number): Promise<BodyBytes> {
  const encoding = String(response.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  const decoder = createDecoder(encoding);
  const stream: Readable = decoder === undefined ? response : pipeline(response, decoder, () => {});
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      const room = limit - size;
      if (buffer.length > room) {
        chunks.push(buffer.subarray(0, room));
        size = limit;
        truncated = true;
        break;
      }
      chunks.push(buffer);
      size += buffer.length;
    }
  } finally {
    response.destroy();
  }
  const bytes = Buffer.concat(chunks, size);
  const known = decoder !== undefined || encoding === 'identity' || encoding === '';
  return known ? { bytes, truncated } : { bytes, truncated, undecodedEncoding: encoding };
}

function createDecoder(encoding: string) {
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip();
  if (encoding === 'br') return createBrotliDecompress();
  if (encoding === 'deflate') return createInflate();
  return undefined;
}

const textTypes = /^text\/|[/+](json|xml|javascript|ecmascript|yaml|x-yaml|csv|graphql|x-www-form-urlencoded)\b/;

/** The body as text for the model; a binary body becomes a one-line note instead of mojibake. */
export function describeBody(body: BodyBytes, contentType: string | undefined): string {
  if (body.undecodedEncoding !== undefined) {
    return `[body in unsupported content-encoding "${body.undecodedEncoding}", ${body.bytes.length} bytes not shown]`;
  }
  const type = (contentType ?? '').toLowerCase();
  const mediaType = type.split(';')[0]?.trim() ?? '';
  const looksText = mediaType === '' ? !body.bytes.subarray(0, 1024).includes(0) : textTypes.test(mediaType);
  if (!looksText) return `[binary body (${mediaType || 'unknown type'}), ${body.bytes.length} bytes not shown]`;
  const charset = /charset="?([\w-]+)"?/.exec(type)?.[1] ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(body.bytes);
}
