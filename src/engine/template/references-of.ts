import type { Expression, Template, TemplateReference } from './template.ts';

/**
 * Every path a template or expression reads, so a validator can check them before anything runs.
 *
 * @example referencesOf(parseTemplate('{{ steps.draft.output }}').template) // [{ root: 'steps', path: ['draft', 'output'] }]
 */
export function referencesOf(source: Template | Expression): TemplateReference[] {
  const references: TemplateReference[] = [];
  const visit = (expression: Expression): void => {
    switch (expression.kind) {
      case 'literal':
        return;
      case 'path':
        references.push({
          root: expression.root,
          path: expression.segments.map(String),
          segments: expression.segments,
          offset: expression.offset,
        });
        return;
      case 'unary':
        visit(expression.operand);
        return;
      case 'binary':
        visit(expression.left);
        visit(expression.right);
        return;
    }
  };
  if ('kind' in source) visit(source);
  else for (const segment of source.segments) if (segment.kind === 'expression') visit(segment.expression);
  return references;
}
