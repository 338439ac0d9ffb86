// Edits a YAML text through the `yaml` Document API and keeps every line the edit did not touch
// exactly as it was written (the library re-prints flow collections and long lines its own way).
import { type Document, parseDocument } from 'yaml';

const printOptions = { lineWidth: 0, flowCollectionPadding: false } as const;

/**
 * Applies `edit` to the parsed document and returns the new text: lines the edit changed come from
 * the library's printer, all others are the original lines byte for byte (comments included).
 * @example editYamlText(text, (doc) => doc.setIn(['steps', 'draft', 'timeout'], '5m'))
 */
export function editYamlText(text: string, edit: (doc: Document) => void): string {
  const doc = parseDocument(text);
  const printedBefore = doc.toString(printOptions);
  edit(doc);
  return mergeLines(text, printedBefore, doc.toString(printOptions));
}

/** Prints a document the way edits print changed lines (for text built from scratch). */
export function printYaml(doc: Document): string {
  return doc.toString(printOptions);
}

/**
 * `printedBefore` and `printedAfter` are the same document printed before and after an edit; the
 * lines they share are taken from `original` (which `printedBefore` re-prints line for line).
 */
function mergeLines(original: string, printedBefore: string, printedAfter: string): string {
  const source = original.split('\n');
  const before = printedBefore.split('\n');
  const after = printedAfter.split('\n');
  // The printer only changes lines in place; if it joined or split any, keep its whole output.
  if (source.length !== before.length) return printedAfter;
  const pairs = commonLines(before, after);
  const out: string[] = [];
  let a = 0;
  for (const [pb, pa] of [...pairs, [before.length, after.length] as const]) {
    while (a < pa) out.push(after[a++]!);
    if (pb < before.length) out.push(source[pb]!);
    a = pa + 1;
  }
  return out.join('\n');
}

/** Index pairs of a longest common subsequence of two line lists (files are small: plain DP). */
function commonLines(left: string[], right: string[]): Array<readonly [number, number]> {
  const n = left.length;
  const m = right.length;
  const table: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] = left[i] === right[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const pairs: Array<readonly [number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (left[i] === right[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}
