import { describe, expect, it } from 'vitest';
import { countLines } from './count-lines.js';
import { languageByName } from './detect-language.js';
import { LANGUAGES } from './language-table.js';

const lang = (name: string) => {
  const l = languageByName(name);
  if (!l) throw new Error(name);
  return l;
};

describe('countLines', () => {
  it('counts code, comment and blank lines of TypeScript', () => {
    const text = ['// header', '', 'const a = 1;', '/* block', '   still */', 'const b = 2; // trailing', '  '].join('\n');
    expect(countLines(text, lang('TypeScript'))).toEqual({ code: 2, comment: 3, blank: 2 });
  });

  it('counts a line with code and a comment as code', () => {
    expect(countLines('x(); /* c */', lang('JavaScript'))).toEqual({ code: 1, comment: 0, blank: 0 });
  });

  it('ignores comment markers inside strings', () => {
    expect(countLines('const url = "http://x"; \n', lang('JavaScript'))).toEqual({ code: 1, comment: 0, blank: 0 });
  });

  it('counts lines inside a template string as code', () => {
    expect(countLines('const s = `\n// not a comment\n\n`;', lang('TypeScript'))).toEqual({ code: 4, comment: 0, blank: 0 });
  });

  it('counts Python doc strings as code, as tokei does by default', () => {
    const text = 'def f():\n    """Doc.\n\n    More."""\n    # note\n    return 1\n';
    expect(countLines(text, lang('Python'))).toEqual({ code: 5, comment: 1, blank: 0 });
  });

  it('nests block comments in Rust', () => {
    const text = '/* a /* b */ still\n*/\nfn main() {}';
    expect(countLines(text, lang('Rust'))).toEqual({ code: 1, comment: 2, blank: 0 });
  });

  it('does not nest block comments in C', () => {
    const text = '/* a /* b */\nint x;';
    expect(countLines(text, lang('C'))).toEqual({ code: 1, comment: 1, blank: 0 });
  });

  it('counts every non-blank Markdown line as a comment', () => {
    expect(countLines('# Title\n\ntext\n', lang('Markdown'))).toEqual({ code: 0, comment: 2, blank: 1 });
  });

  it('counts the blank lines inside a block comment as comments', () => {
    expect(countLines('/*\n\n*/', lang('C'))).toEqual({ code: 0, comment: 3, blank: 0 });
  });

  it('handles CRLF line endings', () => {
    expect(countLines('a\r\n\r\n// c\r\n', lang('Go'))).toEqual({ code: 1, comment: 1, blank: 1 });
  });

  it('counts nothing in an empty file', () => {
    expect(countLines('', lang('Go'))).toEqual({ code: 0, comment: 0, blank: 0 });
  });

  it('defines at least 40 languages', () => {
    expect(LANGUAGES.length).toBeGreaterThanOrEqual(40);
  });
});
