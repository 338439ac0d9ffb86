/**
 * Template source that renders to `text` exactly: every `{{` in it becomes an expression yielding
 * `{{`, so text from elsewhere (a planner's instructions) is never read as a template.
 *
 * @example quoteTemplateText('use {{ name }}') // "use {{ '{{' }} name }}"
 */
export function quoteTemplateText(text: string): string {
  return text.replaceAll('{{', "{{ '{{' }}");
}
