import type { TemplateIssue } from './template.ts';

/** A lexical token of an expression. */
export type Token =
  | { type: 'name'; value: string; offset: number }
  | { type: 'number'; value: number; offset: number }
  | { type: 'string'; value: string; offset: number }
  | { type: 'punct'; value: Punctuator; offset: number }
  | { type: 'end'; offset: number };

export type Punctuator = '==' | '!=' | '<=' | '>=' | '<' | '>' | '&&' | '||' | '!' | '-' | '(' | ')' | '[' | ']' | '.';

const punctuators: Punctuator[] = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '-', '(', ')', '[', ']', '.'];
const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

/**
 * Splits expression source into tokens. `base` is added to every offset so issues point into the
 * enclosing template.
 */
export function tokenizeExpression(
  source: string,
  base = 0,
): { ok: true; tokens: Token[] } | { ok: false; issue: TemplateIssue } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    const offset = base + i;
    const name = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(source.slice(i));
    if (name) {
      tokens.push({ type: 'name', value: name[0], offset });
      i += name[0].length;
      continue;
    }
    const number = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(source.slice(i));
    if (number) {
      if (/^[A-Za-z_]/.test(source.slice(i + number[0].length))) {
        return { ok: false, issue: { message: `invalid number "${source.slice(i).split(/\s/)[0]}"`, offset } };
      }
      tokens.push({ type: 'number', value: Number(number[0]), offset });
      i += number[0].length;
      continue;
    }
    if (char === '"' || char === "'") {
      const read = readString(source, i);
      if (read.error !== undefined) return { ok: false, issue: { message: read.error, offset: base + read.at } };
      tokens.push({ type: 'string', value: read.value, offset });
      i = read.end;
      continue;
    }
    const punct = punctuators.find((candidate) => source.startsWith(candidate, i));
    if (!punct) {
      const hint = char === '=' ? ' (use == to compare)' : char === '&' || char === '|' ? ` (use ${char}${char})` : '';
      return { ok: false, issue: { message: `unexpected character "${char}"${hint}`, offset } };
    }
    tokens.push({ type: 'punct', value: punct, offset });
    i += punct.length;
  }
  tokens.push({ type: 'end', offset: base + source.length });
  return { ok: true, tokens };
}

/** Reads a quoted string starting at `start`; `end` is the index after the closing quote. */
function readString(
  source: string,
  start: number,
): { value: string; end: number; error?: undefined } | { error: string; at: number } {
  const quote = source[start];
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const char = source[i]!;
    if (char === quote) return { value, end: i + 1 };
    if (char === '\\') {
      const next = source[i + 1];
      const escaped = next === undefined ? undefined : escapes[next];
      if (escaped === undefined) return { error: `unknown escape "\\${next ?? ''}" in string`, at: i };
      value += escaped;
      i += 2;
      continue;
    }
    value += char;
    i++;
  }
  return { error: 'unterminated string', at: start };
}
