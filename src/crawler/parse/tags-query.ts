/**
 * Turns a grammar's tags.scm into a definitions-only query: reference patterns dropped (we do not need
 * them and they double the matching work), doc-comment anchors and editor-only predicates removed.
 */

/** The top-level S-expression forms of a query source (comments removed). */
export function topLevelForms(source: string): string[] {
  const forms: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let inComment = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (inComment) {
      if (c === '\n') inComment = false;
      continue;
    }
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ';') inComment = true;
    else if (c === '"') inString = true;
    else if (c === '(' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === ')' || c === ']') {
      depth--;
      if (depth === 0 && start >= 0) {
        // Captures and quantifiers after the closing paren belong to the form: `(class_definition …) @definition.class`.
        const tail = /^(\s*([*+?]|@[\w.-]+))*/.exec(source.slice(i + 1))?.[0] ?? '';
        i += tail.length;
        forms.push(source.slice(start, i + 1));
      }
    }
  }
  return forms;
}

/** Only the patterns that capture a `@definition.*`, without `(comment)* @doc .` anchors and `#strip!`/`#select-adjacent!`. */
export function definitionForms(tagsSource: string): string {
  return topLevelForms(tagsSource)
    .filter((f) => f.includes('@definition.'))
    .map((f) =>
      f
        .replace(/\(comment\)\s*[*+?]?\s*@doc\s*\.?/g, '')
        .replace(/\(#(strip|select-adjacent|set-adjacent)![^)]*\)/g, '')
        .replace(/\n\s*\n/g, '\n'),
    )
    .join('\n');
}
