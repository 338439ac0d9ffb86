import type { Json } from '../../spec/index.ts';

/** What a template can read: declared inputs, upstream steps, and the current item of a `for_each`. */
export interface TemplateScope {
  inputs: Record<string, Json>;
  steps: Record<string, { output: Json; status: string }>;
  item?: Json;
  index?: number;
}

/** The names an expression path may start with. */
export type ReferenceRoot = 'inputs' | 'steps' | 'item' | 'index';

export type BinaryOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||' | 'in';

/** A parsed expression; `offset` points into the template source it came from. */
export type Expression =
  | { kind: 'literal'; value: Json; offset: number }
  | { kind: 'path'; root: ReferenceRoot; segments: Array<string | number>; offset: number }
  | { kind: 'unary'; operator: '!' | '-'; operand: Expression; offset: number }
  | { kind: 'binary'; operator: BinaryOperator; left: Expression; right: Expression; offset: number };

/** One piece of a template: literal text, or a `{{ expr }}` with its source and offset. */
export type TemplateSegment =
  | { kind: 'text'; text: string }
  | { kind: 'expression'; expression: Expression; source: string; offset: number };

/** A parsed template: literal text and `{{ expr }}` segments, in order. */
export interface Template {
  source: string;
  segments: TemplateSegment[];
}

/** A syntax problem at a character offset of the source. */
export interface TemplateIssue {
  message: string;
  offset: number;
}

/** A path an expression reads, e.g. `{ root: 'steps', path: ['draft', 'output'] }`. */
export interface TemplateReference {
  root: ReferenceRoot;
  path: string[];
  /** The same path as written: array indexes stay numbers. */
  segments: Array<string | number>;
  offset: number;
}

/** Path segments that would reach the prototype chain; always a parse error. */
export const forbiddenSegments: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
