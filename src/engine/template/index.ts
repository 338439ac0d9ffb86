export * from './evaluate-condition.ts';
export * from './evaluate-expression.ts';
export * from './parse-expression.ts';
export * from './parse-template.ts';
export * from './quote-template-text.ts';
export * from './references-of.ts';
export * from './render-template.ts';
export * from './template.ts';
