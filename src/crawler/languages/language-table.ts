/**
 * Language definitions as data (a labelled data table: longer than the usual file limit on purpose).
 * Comment and string syntax follow tokei's languages.json so line counts agree with tokei: quotes stop
 * comment markers, doc quotes count as code, `literate` formats count every non-blank line as a comment.
 */

/** How to recognise and count one language. */
export interface LanguageDef {
  /** Display name, e.g. "TypeScript". */
  readonly name: string;
  /** Lower-case extensions without the dot, matched longest first ("d.ts" before "ts"). */
  readonly extensions?: readonly string[];
  /** Exact file names, e.g. "Makefile" (matched case-insensitively). */
  readonly filenames?: readonly string[];
  /** Interpreter names of a `#!` first line, e.g. "node" for `#!/usr/bin/env node`. */
  readonly shebangs?: readonly string[];
  readonly lineComments?: readonly string[];
  readonly blockComments?: ReadonlyArray<readonly [string, string]>;
  /** Block comments nest (Rust, Haskell, Swift …): every opener needs its own closer. */
  readonly nested?: boolean;
  /** String delimiters: comment markers inside them are not comments; `\` escapes. */
  readonly quotes?: ReadonlyArray<readonly [string, string]>;
  /** Raw strings: `\` does not escape. */
  readonly verbatimQuotes?: ReadonlyArray<readonly [string, string]>;
  /** Doc strings (Python `"""`): counted as code, as tokei does by default. */
  readonly docQuotes?: ReadonlyArray<readonly [string, string]>;
  /** Prose formats: every non-blank line is a comment (tokei's "literate"). */
  readonly literate?: boolean;
  /** tree-sitter grammar used for symbols, when one is bundled. */
  readonly grammar?: GrammarId;
}

/** Grammars shipped as `.wasm` by the installed tree-sitter packages. */
export type GrammarId = 'typescript' | 'tsx' | 'javascript' | 'python' | 'go' | 'rust' | 'java' | 'c' | 'cpp';

const C_LINE = ['//'] as const;
const C_BLOCK = [['/*', '*/']] as const;
const DQ = [['"', '"']] as const;
const DQ_SQ = [
  ['"', '"'],
  ["'", "'"],
] as const;
const JS_QUOTES = [
  ['"', '"'],
  ["'", "'"],
  ['`', '`'],
] as const;
const HASH = ['#'] as const;
const XML_BLOCK = [['<!--', '-->']] as const;

/** Every language the crawler recognises (≥ 40). */
export const LANGUAGES: readonly LanguageDef[] = [
  {
    name: 'TypeScript',
    extensions: ['ts', 'mts', 'cts'],
    shebangs: ['ts-node', 'tsx', 'deno'],
    lineComments: C_LINE,
    blockComments: C_BLOCK,
    quotes: JS_QUOTES,
    grammar: 'typescript',
  },
  { name: 'TSX', extensions: ['tsx'], lineComments: C_LINE, blockComments: C_BLOCK, quotes: JS_QUOTES, grammar: 'tsx' },
  {
    name: 'JavaScript',
    extensions: ['js', 'mjs', 'cjs'],
    shebangs: ['node', 'nodejs'],
    lineComments: C_LINE,
    blockComments: C_BLOCK,
    quotes: JS_QUOTES,
    grammar: 'javascript',
  },
  { name: 'JSX', extensions: ['jsx'], lineComments: C_LINE, blockComments: C_BLOCK, quotes: JS_QUOTES, grammar: 'javascript' },
  {
    name: 'Python',
    extensions: ['py', 'pyw', 'pyi'],
    filenames: ['SConstruct', 'SConscript'],
    shebangs: ['python', 'python2', 'python3'],
    lineComments: HASH,
    docQuotes: [
      ['"""', '"""'],
      ["'''", "'''"],
    ],
    quotes: DQ_SQ,
    grammar: 'python',
  },
  { name: 'Go', extensions: ['go'], lineComments: C_LINE, blockComments: C_BLOCK, quotes: DQ, verbatimQuotes: [['`', '`']], grammar: 'go' },
  {
    name: 'Rust',
    extensions: ['rs'],
    lineComments: C_LINE,
    blockComments: C_BLOCK,
    nested: true,
    quotes: DQ,
    verbatimQuotes: [
      ['r#"', '"#'],
      ['#"', '"#'],
    ],
    grammar: 'rust',
  },
  { name: 'Java', extensions: ['java'], lineComments: C_LINE, blockComments: C_BLOCK, quotes: DQ, grammar: 'java' },
  { name: 'C', extensions: ['c', 'ec', 'pgc'], lineComments: C_LINE, blockComments: C_BLOCK, quotes: DQ, grammar: 'c' },
  { name: 'C Header', extensions: ['h'], lineComments: C_LINE, blockComments: C_BLOCK, quotes: DQ, grammar: 'c' },
  {
    name: 'C++',
    extensions: ['cc', 'cpp', 'cxx', 'c++', 'pcc', 'tpp', 'inl', 'ipp'],
    lineComments: C_LINE,
    blockComments: C_BLOCK,
    quotes: DQ,
    verbatimQuotes: [['R"(', ')"']],
    grammar: 'cpp',
  },
  { name: 'C++ Header', extensions: ['hh', 'hpp', 'hxx', 'h++'], lineComments: C_LINE, blockComments: C_BLOCK, quotes: DQ, grammar: 'cpp' },
  { name: 'C#', extensions: ['cs', 'csx'], lineComments: C_LINE, blockComments: C_BLOCK, quotes: DQ, verbatimQuotes: [['@"', '"']] },
  { name: 'Objective-C', extensions: ['m'], lineComments: C_LINE, blockComments: C_BLOCK, quotes: DQ },
  { name: 'Objective-C++', extensions: ['mm'], lineComments: C_LINE, blockComments: C_BLOCK, quotes: DQ },
  {
    name: 'Kotlin',
    extensions: ['kt', 'kts'],
    lineComments: C_LINE,
    blockComments: C_BLOCK,
    nested: true,
    quotes: [
      ['"""', '"""'],
      ['"', '"'],
    ],
  },
  { name: 'Swift', extensions: ['swift'], lineComments: C_LINE, blockComments: C_BLOCK, nested: true, quotes: DQ },
  { name: 'Scala', extensions: ['sc', 'scala'], lineComments: C_LINE, blockComments: C_BLOCK, quotes: DQ },
  {
    name: 'Dart',
    extensions: ['dart'],
    lineComments: C_LINE,
    blockComments: C_BLOCK,
    nested: true,
    quotes: [
      ['"""', '"""'],
      ["'''", "'''"],
      ['"', '"'],
      ["'", "'"],
    ],
  },
  {
    name: 'Groovy',
    extensions: ['groovy', 'grt', 'gtpl', 'gvy', 'gradle'],
    shebangs: ['groovy'],
    lineComments: C_LINE,
    blockComments: C_BLOCK,
    quotes: DQ_SQ,
  },
  { name: 'PHP', extensions: ['php'], shebangs: ['php'], lineComments: ['#', '//'], blockComments: C_BLOCK, quotes: DQ_SQ },
  {
    name: 'Ruby',
    extensions: ['rb', 'rake', 'gemspec'],
    filenames: ['Rakefile', 'Gemfile', 'Vagrantfile', 'Podfile'],
    shebangs: ['ruby'],
    lineComments: HASH,
    blockComments: [['=begin', '=end']],
    quotes: DQ_SQ,
  },
  { name: 'Perl', extensions: ['pl', 'pm'], shebangs: ['perl'], lineComments: HASH, blockComments: [['=pod', '=cut']], quotes: DQ_SQ },
  { name: 'Lua', extensions: ['lua'], shebangs: ['lua'], lineComments: ['--'], blockComments: [['--[[', ']]']], quotes: DQ_SQ },
  { name: 'R', extensions: ['r'], shebangs: ['Rscript'], lineComments: HASH, quotes: DQ_SQ },
  {
    name: 'Julia',
    extensions: ['jl'],
    shebangs: ['julia'],
    lineComments: HASH,
    blockComments: [['#=', '=#']],
    nested: true,
    quotes: DQ,
    docQuotes: [['"""', '"""']],
  },
  { name: 'Haskell', extensions: ['hs'], lineComments: ['--'], blockComments: [['{-', '-}']], nested: true },
  { name: 'Elm', extensions: ['elm'], lineComments: ['--'], blockComments: [['{-', '-}']], nested: true },
  { name: 'OCaml', extensions: ['ml', 'mli', 'mll', 'mly'], blockComments: [['(*', '*)']], nested: true, quotes: DQ },
  {
    name: 'F#',
    extensions: ['fs', 'fsi', 'fsx', 'fsscript'],
    lineComments: C_LINE,
    blockComments: [['(*', '*)']],
    quotes: DQ,
    verbatimQuotes: [['@"', '"']],
  },
  { name: 'Elixir', extensions: ['ex', 'exs'], shebangs: ['elixir'], lineComments: HASH, quotes: DQ, docQuotes: [['"""', '"""']] },
  { name: 'Erlang', extensions: ['erl', 'hrl'], shebangs: ['escript'], lineComments: ['%'] },
  { name: 'Clojure', extensions: ['clj', 'cljs', 'cljc', 'edn'], lineComments: [';'], quotes: DQ },
  { name: 'Zig', extensions: ['zig'], lineComments: ['//'], quotes: DQ },
  {
    name: 'Nim',
    extensions: ['nim'],
    lineComments: HASH,
    blockComments: [['#[', ']#']],
    nested: true,
    quotes: DQ,
    docQuotes: [['"""', '"""']],
  },
  { name: 'Solidity', extensions: ['sol'], lineComments: C_LINE, blockComments: C_BLOCK, quotes: DQ_SQ },
  { name: 'Verilog', extensions: ['v', 'vh', 'sv', 'svh'], lineComments: C_LINE, blockComments: C_BLOCK, quotes: DQ },
  { name: 'VHDL', extensions: ['vhd', 'vhdl'], lineComments: ['--'], blockComments: C_BLOCK, quotes: DQ },
  { name: 'Assembly', extensions: ['asm', 'nasm'], lineComments: [';'], quotes: DQ_SQ },
  { name: 'GNU Assembly', extensions: ['s'], lineComments: ['//'], blockComments: C_BLOCK, quotes: DQ_SQ },
  {
    name: 'Shell',
    extensions: ['sh', 'bash', 'zsh', 'ksh'],
    filenames: ['.bashrc', '.bash_profile', '.zshrc', '.profile'],
    shebangs: ['sh', 'bash', 'zsh', 'ksh', 'dash'],
    lineComments: HASH,
    quotes: DQ_SQ,
  },
  { name: 'Fish', extensions: ['fish'], shebangs: ['fish'], lineComments: HASH, quotes: DQ_SQ },
  {
    name: 'PowerShell',
    extensions: ['ps1', 'psm1', 'psd1'],
    shebangs: ['pwsh'],
    lineComments: HASH,
    blockComments: [['<#', '#>']],
    quotes: DQ_SQ,
  },
  { name: 'Batch', extensions: ['bat', 'btm', 'cmd'], lineComments: ['REM', 'rem', '::'] },
  { name: 'Makefile', extensions: ['mak', 'mk'], filenames: ['makefile', 'gnumakefile'], lineComments: HASH },
  { name: 'CMake', extensions: ['cmake'], filenames: ['cmakelists.txt'], lineComments: HASH, quotes: DQ },
  {
    name: 'Dockerfile',
    extensions: ['dockerfile', 'dockerignore'],
    filenames: ['dockerfile', 'containerfile'],
    lineComments: HASH,
    quotes: DQ_SQ,
  },
  { name: 'Nix', extensions: ['nix'], lineComments: HASH, blockComments: C_BLOCK, quotes: DQ },
  { name: 'HCL', extensions: ['hcl', 'tf', 'tfvars'], lineComments: ['#', '//'], blockComments: C_BLOCK, quotes: DQ },
  { name: 'SQL', extensions: ['sql'], lineComments: ['--'], blockComments: C_BLOCK, quotes: [["'", "'"]] },
  {
    name: 'GraphQL',
    extensions: ['gql', 'graphql'],
    lineComments: HASH,
    quotes: [
      ['"""', '"""'],
      ['"', '"'],
    ],
  },
  { name: 'Protocol Buffers', extensions: ['proto'], lineComments: C_LINE, blockComments: C_BLOCK, quotes: DQ_SQ },
  { name: 'Thrift', extensions: ['thrift'], lineComments: ['#', '//'], blockComments: C_BLOCK, quotes: DQ },
  { name: 'HTML', extensions: ['html', 'htm', 'xhtml'], blockComments: XML_BLOCK, quotes: DQ_SQ },
  {
    name: 'Vue',
    extensions: ['vue'],
    lineComments: C_LINE,
    blockComments: [
      ['<!--', '-->'],
      ['/*', '*/'],
    ],
    quotes: JS_QUOTES,
  },
  {
    name: 'Svelte',
    extensions: ['svelte'],
    blockComments: [
      ['<!--', '-->'],
      ['/*', '*/'],
    ],
    quotes: JS_QUOTES,
  },
  {
    name: 'Handlebars',
    extensions: ['hbs', 'handlebars'],
    blockComments: [
      ['<!--', '-->'],
      ['{{!', '}}'],
    ],
    quotes: DQ_SQ,
  },
  { name: 'XML', extensions: ['xml', 'xsd', 'xsl', 'xslt', 'plist', 'csproj', 'pom'], blockComments: XML_BLOCK },
  { name: 'SVG', extensions: ['svg'], blockComments: XML_BLOCK },
  { name: 'CSS', extensions: ['css'], blockComments: C_BLOCK, quotes: DQ_SQ },
  { name: 'SCSS', extensions: ['scss'], lineComments: C_LINE, blockComments: C_BLOCK, quotes: DQ_SQ },
  { name: 'Sass', extensions: ['sass'], lineComments: C_LINE, blockComments: C_BLOCK, quotes: DQ_SQ },
  { name: 'Less', extensions: ['less'], lineComments: C_LINE, blockComments: C_BLOCK, quotes: DQ_SQ },
  {
    name: 'JSON',
    extensions: ['json', 'jsonc', 'json5', 'webmanifest', 'har'],
    filenames: ['.eslintrc', '.babelrc', '.nycrc', '.prettierrc'],
  },
  { name: 'YAML', extensions: ['yaml', 'yml'], lineComments: HASH, quotes: DQ_SQ },
  {
    name: 'TOML',
    extensions: ['toml'],
    filenames: ['cargo.lock', 'poetry.lock'],
    lineComments: HASH,
    quotes: [
      ['"""', '"""'],
      ["'''", "'''"],
      ['"', '"'],
      ["'", "'"],
    ],
  },
  {
    name: 'INI',
    extensions: ['ini', 'cfg', 'editorconfig'],
    filenames: ['.editorconfig', '.gitconfig', '.npmrc'],
    lineComments: [';', '#'],
  },
  { name: 'Markdown', extensions: ['md', 'markdown', 'mdx'], literate: true },
  { name: 'reStructuredText', extensions: ['rst'], literate: true },
  { name: 'AsciiDoc', extensions: ['adoc', 'asciidoc'], lineComments: ['//'], blockComments: [['////', '////']] },
  { name: 'Plain Text', extensions: ['text', 'txt'], literate: true },
  { name: 'TeX', extensions: ['tex', 'sty', 'cls'], lineComments: ['%'] },
  { name: 'Vim script', extensions: ['vim'], filenames: ['.vimrc'], lineComments: ['"'] },
  { name: 'Emacs Lisp', extensions: ['el'], lineComments: [';'], quotes: DQ },
  { name: 'Scheme', extensions: ['scm', 'ss'], lineComments: [';'], blockComments: [['#|', '|#']], nested: true, quotes: DQ },
  { name: 'Common Lisp', extensions: ['lisp', 'lsp', 'cl'], lineComments: [';'], blockComments: [['#|', '|#']], nested: true, quotes: DQ },
  { name: 'Awk', extensions: ['awk'], shebangs: ['awk', 'gawk'], lineComments: HASH, quotes: DQ },
  { name: 'Tcl', extensions: ['tcl'], shebangs: ['tclsh'], lineComments: HASH, quotes: DQ },
  {
    name: 'Pascal',
    extensions: ['pas', 'pp'],
    lineComments: C_LINE,
    blockComments: [
      ['{', '}'],
      ['(*', '*)'],
    ],
    quotes: [["'", "'"]],
  },
  { name: 'Fortran', extensions: ['f90', 'f95', 'f03', 'f08'], lineComments: ['!'], quotes: DQ_SQ },
  { name: 'D', extensions: ['d'], lineComments: C_LINE, blockComments: C_BLOCK, quotes: DQ },
  { name: 'Crystal', extensions: ['cr'], shebangs: ['crystal'], lineComments: HASH, quotes: DQ },
  { name: 'CoffeeScript', extensions: ['coffee', 'cjsx'], lineComments: HASH, blockComments: [['###', '###']], quotes: DQ_SQ },
  { name: 'Pug', extensions: ['pug', 'jade'], lineComments: ['//-'] },
  { name: 'WebAssembly Text', extensions: ['wat', 'wast'], lineComments: [';;'], blockComments: [['(;', ';)']], nested: true, quotes: DQ },
  { name: 'Gyp', extensions: ['gyp', 'gypi'], lineComments: HASH, quotes: DQ_SQ },
];
