import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from './api-error.ts';

/** Largest request body the API reads. */
export const maxBodyBytes = 1024 * 1024;
/** Deepest nesting of arrays and objects a request body may have. */
export const maxJsonDepth = 32;

/** Reads the JSON body (at most 1 MiB, at most 32 levels deep) and checks it against `schema`. */
export async function readJsonBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > maxBodyBytes) throw tooLarge();
  const text = await readText(c.req.raw.body);
  let value: unknown = {};
  if (text.trim() !== '') {
    if (depthOf(text) > maxJsonDepth) {
      throw new ApiError('BAD_REQUEST', `the request body is nested deeper than ${maxJsonDepth} levels`);
    }
    try {
      value = JSON.parse(text);
    } catch {
      throw new ApiError('BAD_REQUEST', 'the request body is not valid JSON');
    }
  }
  return parseWith(schema, value, 'body');
}

/** Checks query parameters against `schema`. */
export function readQuery<T extends z.ZodType>(c: Context, schema: T): z.infer<T> {
  return parseWith(schema, c.req.query(), 'query');
}

function parseWith<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0]!;
  const field = first.path.length ? first.path.join('.') : where;
  throw new ApiError('BAD_REQUEST', `${where === 'body' ? 'request body' : 'query'}: ${field}: ${first.message}`, {
    ...(parsed.error.issues.length > 1
      ? { hint: parsed.error.issues.map((issue) => `${issue.path.join('.') || where}: ${issue.message}`).join('; ') }
      : {}),
  });
}

/** Reads a body stream, refusing it as soon as it passes the limit (a chunked body has no length). */
async function readText(body: ReadableStream<Uint8Array> | null): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBodyBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(): ApiError {
  return new ApiError('BODY_TOO_LARGE', `the request body is larger than ${maxBodyBytes} bytes`);
}

/** The deepest nesting of `[` and `{` outside strings, found before parsing so a deep body never reaches JSON.parse. */
export function depthOf(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 92)
        index++; // backslash: skip the escaped character
      else if (char === 34) inString = false;
    } else if (char === 34) inString = true;
    else if (char === 91 || char === 123) deepest = Math.max(deepest, ++depth);
    else if (char === 93 || char === 125) depth--;
  }
  return deepest;
}
