/** A YAML problem in words for someone who writes the files, not for a programmer. */
export interface YamlProblem {
  message: string;
  hint?: string;
}

const quoteHint = 'put the whole value in quotes';
/** A line whose value (or list item) starts with `{{`, which YAML reads as a mapping. */
const unquotedTemplate = /^\s*(?:-\s+)?(?:[^\s:#][^:#]*:\s+)?\{\{/;
/** Problems an unquoted `{{` value causes. */
const templateConfusion: ReadonlySet<string> = new Set([
  'NON_STRING_KEY',
  'UNEXPECTED_TOKEN',
  'MISSING_CHAR',
  'BAD_INDENT',
  'BLOCK_AS_IMPLICIT_KEY',
  'BLOCK_IN_FLOW',
  'MULTILINE_IMPLICIT_KEY',
]);
const generic: YamlProblem = {
  message: 'this part of the file is not valid YAML',
  hint: 'check the indentation, and put text that contains ": ", " #", {, }, [ or ] in quotes',
};

/**
 * Rewords a problem reported by the `yaml` package (its `code` and `message`) for the person who
 * wrote the file. `offset` is where it was found in `text`; `file` picks advice for the folder.
 */
export function describeYamlProblem(
  code: string,
  message: string,
  text: string,
  offset: number,
  file: string,
): YamlProblem {
  const line = lineAt(text, offset);
  // `task: {{ inputs.topic }}` without quotes is the most common cause of odd errors.
  if (templateConfusion.has(code) && !message.startsWith('Block scalar') && unquotedTemplate.test(line)) {
    return {
      message: 'a value that starts with "{{" must be in quotes, or YAML reads it as a mapping',
      hint: 'put the whole value in quotes, e.g. task: "{{ inputs.topic }}"',
    };
  }
  switch (code) {
    case 'MULTIPLE_DOCS':
      return {
        message: 'this file holds more than one YAML document (a line with --- separates them)',
        hint: file.startsWith('agents/')
          ? 'put each agent in its own file in agents/'
          : file.startsWith('playbooks/')
            ? 'put each playbook in its own file in playbooks/'
            : 'keep one document: remove the --- line and merge the fields',
      };
    case 'RESOURCE_EXHAUSTION':
      return {
        message: 'nesting is deeper than 64 levels',
        hint: 'workspace files need only a few levels of lists and mappings; flatten this value',
      };
    case 'TAB_AS_INDENT':
      return {
        message: 'a tab is used to indent this line; YAML indents with spaces only',
        hint: 'replace the tab with spaces',
      };
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return indentOrMissing(message);
    case 'BAD_DQ_ESCAPE':
      return {
        message: 'a backslash inside double quotes must start a known escape, such as \\n or \\"',
        hint: 'write a backslash as \\\\, or put the text in single quotes instead',
      };
    case 'MULTILINE_IMPLICIT_KEY':
      return {
        message: 'this line should be "field: value", but the ":" after the field name is missing',
        hint: 'add ": " after the field name, or indent the line if it continues the text above',
      };
    case 'BLOCK_AS_IMPLICIT_KEY':
      return message.startsWith('Nested mappings')
        ? {
            message: 'this value contains ": ", which YAML reads as another field',
            hint: `${quoteHint}, e.g. title: "Launch: day one"`,
          }
        : generic;
    case 'BAD_SCALAR_START': {
      const character = /start with (?:reserved character )?(.*)$/.exec(message)?.[1] ?? 'this character';
      return { message: `a value cannot start with ${character} unless it is in quotes`, hint: quoteHint };
    }
    case 'KEY_OVER_1024_CHARS':
      return {
        message: 'this field name is longer than 1024 characters',
        hint: 'a ":" probably belongs on an earlier line, or long text needs quotes',
      };
    case 'BLOCK_IN_FLOW':
      return {
        message: 'a list in [ ] or a mapping in { } cannot hold lines starting with "- " or indented fields',
        hint: 'write it either on one line, [a, b], or as one "- " item per line',
      };
    case 'MULTIPLE_ANCHORS':
      return { message: 'a value can have only one &name', hint: 'keep one of them' };
    case 'ALIAS_PROPS':
      return {
        message: 'a *name (which repeats a value marked &name) cannot have its own &name or tag',
        hint: 'remove it',
      };
    case 'BAD_DIRECTIVE':
      return {
        message: 'a line starting with % is a YAML directive, and this one is unknown',
        hint: 'remove the line',
      };
    case 'UNEXPECTED_TOKEN':
      if (message.includes('at node end')) {
        return { message: 'unexpected text after the value on this line', hint: quoteHint };
      }
      if (/^Unexpected , in/.test(message)) {
        return {
          message: 'unexpected "," here',
          hint: 'remove the extra comma, or put text containing commas in quotes',
        };
      }
      return generic;
    default:
      return generic;
  }
}

function indentOrMissing(message: string): YamlProblem {
  const unclosed =
    /(sequence|map) (?:in block collection )?must (?:be sufficiently indented and )?end with a ([\]}])/.exec(message);
  if (unclosed) {
    const [, kind, end] = unclosed;
    return {
      message: `${kind === 'sequence' ? 'a list opened with "["' : 'a mapping opened with "{"'} is not closed`,
      hint: `add "${end}" at its end, or put the value in quotes if the bracket is part of the text`,
    };
  }
  if (message.startsWith('Missing closing "quote')) {
    return {
      message: 'text in double quotes is not closed',
      hint: 'add the closing " (write \\" for a quote inside the text)',
    };
  }
  if (message.startsWith("Missing closing 'quote")) {
    return {
      message: 'text in single quotes is not closed',
      hint: "add the closing ' (write '' for a quote inside the text)",
    };
  }
  if (message.startsWith('All mapping items must start at the same column')) {
    return {
      message: 'this line is indented differently from the fields around it',
      hint: 'fields of the same mapping must start in the same column; line them up with spaces',
    };
  }
  if (message.startsWith('All sequence items must start at the same column')) {
    return {
      message: 'this "- " item is indented differently from the items above it',
      hint: 'line up the "- " of every item',
    };
  }
  if (message.startsWith('Block scalar')) {
    return {
      message: 'the lines of a multi-line text (after | or >) must be indented more than its field, and evenly',
      hint: 'indent every line of the text at least as far as its first line',
    };
  }
  if (/^Missing , (?:or : )?between/.test(message)) {
    return {
      message: 'a "," is missing between two items of a list in [ ] or a mapping in { }',
      hint: 'separate the items with ", ", or put text that contains spaces and brackets in quotes',
    };
  }
  if (message.startsWith('Missing space after :')) {
    return {
      message: 'a ":" inside [ ] or { } must be followed by a space',
      hint: 'add a space after the ":", or quote the value',
    };
  }
  if (message.startsWith('Implicit map keys need to be followed by map values')) {
    return { message: 'this field name has no ":" after it', hint: 'write it as field: value' };
  }
  if (message.startsWith('Sequence item without - indicator')) {
    return { message: 'this list item has no "- " in front of it', hint: 'start every item of the list with "- "' };
  }
  if (message.startsWith('Comments must be separated')) {
    return {
      message: 'a "#" that starts a comment needs a space before it',
      hint: 'add a space before the "#", or put the value in quotes if the "#" is part of it',
    };
  }
  return {
    message: 'the indentation of this line does not fit the lines around it',
    hint: 'YAML reads structure from indentation: fields of the same level start in the same column',
  };
}

function lineAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end === -1 ? undefined : end);
}
