/**
 * Exact-match text replacements for desktop_edit_file: each `oldText` must occur exactly once (or `replaceAll`),
 * matched literally (no regex, no `$` patterns); a CRLF file also matches an `oldText` written with `\n`.
 */
import { AppError } from '../../core/errors.js';

/** One replacement. */
export interface TextEdit {
  oldText: string;
  newText: string;
  replaceAll: boolean;
}

/**
 * Apply `edits` in order to `text`; returns the new text and how often each edit matched.
 * @example applyEdits('a b a', [{ oldText: 'b', newText: 'c', replaceAll: false }]) // { text: 'a c a', occurrences: [1] }
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; occurrences: number[] } {
  const occurrences: number[] = [];
  let current = text;
  edits.forEach((edit, i) => {
    let { oldText, newText } = edit;
    let count = countOf(current, oldText);
    if (count === 0 && current.includes('\r\n') && oldText.includes('\n') && !oldText.includes('\r\n')) {
      oldText = oldText.replace(/\n/g, '\r\n');
      newText = newText.replace(/\r?\n/g, '\r\n');
      count = countOf(current, oldText);
    }
    if (count === 0) {
      throw new AppError(
        'E_CONFLICT',
        `Edit ${i + 1}: the file does not contain oldText "${preview(edit.oldText)}" (it must match exactly, whitespace included). Read the file again.`,
        { details: { reason: 'no-match', edit: i + 1 } },
      );
    }
    if (count > 1 && !edit.replaceAll) {
      throw new AppError(
        'E_VALIDATION',
        `Edit ${i + 1}: oldText "${preview(edit.oldText)}" occurs ${count} times; include surrounding lines to make it unique, or set replaceAll.`,
        { details: { reason: 'ambiguous', edit: i + 1, occurrences: count } },
      );
    }
    if (edit.replaceAll) current = current.split(oldText).join(newText);
    else {
      const at = current.indexOf(oldText);
      current = current.slice(0, at) + newText + current.slice(at + oldText.length);
    }
    occurrences.push(count);
  });
  return { text: current, occurrences };
}

function countOf(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

const preview = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}…` : s).replace(/\n/g, '\\n');
