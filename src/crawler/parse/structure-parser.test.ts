import { describe, expect, it } from 'vitest';
import { createStructureParser } from './structure-parser.js';

const parser = createStructureParser();

describe('structure parser', () => {
  it('finds TypeScript functions, classes, methods and imports', async () => {
    const src = [
      "import { a } from './a.js';",
      'export function f(x: number) {',
      '  if (x > 1 && x < 5) return 1;',
      '  return 0;',
      '}',
      'class K {',
      '  m() { for (;;) {} }',
      '}',
      'interface I { x: number }',
    ].join('\n');
    const s = await parser.parse(src, 'typescript');
    expect(s.imports).toEqual(['./a.js']);
    expect(s.symbols).toContainEqual({ name: 'f', kind: 'function', startLine: 2, endLine: 5, complexity: 3 });
    expect(s.symbols).toContainEqual(expect.objectContaining({ name: 'K', kind: 'class', startLine: 6, endLine: 8 }));
    expect(s.symbols).toContainEqual(expect.objectContaining({ name: 'm', kind: 'method', complexity: 2 }));
    expect(s.symbols).toContainEqual(expect.objectContaining({ name: 'I', kind: 'interface' }));
  });

  it('finds Python methods inside classes and from-imports', async () => {
    const src = 'from os import path\nimport sys\nclass A:\n    def m(self, x):\n        return 1 if x else 2\n';
    const s = await parser.parse(src, 'python');
    expect(s.imports.sort()).toEqual(['os', 'sys']);
    expect(s.symbols).toContainEqual({ name: 'm', kind: 'method', startLine: 4, endLine: 5, complexity: 2 });
  });

  it('finds Go functions, methods and imports', async () => {
    const src = 'package p\nimport "fmt"\nfunc F() { if true { fmt.Println() } }\ntype T struct{}\nfunc (t T) M() {}\n';
    const s = await parser.parse(src, 'go');
    expect(s.imports).toEqual(['fmt']);
    expect(s.symbols.map((x) => `${x.kind}:${x.name}`)).toEqual(expect.arrayContaining(['function:F', 'method:M', 'type:T']));
  });

  it('finds Rust functions and use declarations', async () => {
    const s = await parser.parse(
      'use std::io;\nstruct S;\nimpl S { fn m(&self) {} }\nfn main() { match 1 { 1 => {}, _ => {} } }\n',
      'rust',
    );
    expect(s.imports).toEqual(['std::io']);
    expect(s.symbols).toContainEqual(expect.objectContaining({ name: 'main', kind: 'function', complexity: 3 }));
    expect(s.symbols).toContainEqual(expect.objectContaining({ name: 'm', kind: 'method' }));
  });

  it('finds Java classes and methods', async () => {
    const s = await parser.parse('import java.util.List;\nclass A {\n  void m() { while (true) {} }\n}\n', 'java');
    expect(s.imports).toEqual(['java.util.List']);
    expect(s.symbols).toContainEqual(expect.objectContaining({ name: 'm', kind: 'method', startLine: 3, complexity: 2 }));
  });

  it('spans whole C function definitions and skips prototypes', async () => {
    const s = await parser.parse('#include <stdio.h>\nint g(void);\nint f(int x) {\n  return x ? 1 : 0;\n}\n', 'c');
    expect(s.imports).toEqual(['stdio.h']);
    expect(s.symbols).toEqual([{ name: 'f', kind: 'function', startLine: 3, endLine: 5, complexity: 2 }]);
  });

  it('finds C++ classes', async () => {
    const s = await parser.parse('#include "a.h"\nclass C { public: int m() { return 1; } };\n', 'cpp');
    expect(s.imports).toEqual(['a.h']);
    expect(s.symbols).toContainEqual(expect.objectContaining({ name: 'C', kind: 'class' }));
  });

  it('finds JavaScript require calls and arrow functions', async () => {
    const s = await parser.parse("const x = require('x');\nconst f = () => { try {} catch (e) {} };\n", 'javascript');
    expect(s.imports).toEqual(['x']);
    expect(s.symbols).toContainEqual(expect.objectContaining({ name: 'f', kind: 'function', complexity: 2 }));
  });

  it('parses TSX', async () => {
    const s = await parser.parse('export function App() { return <div>{a ? 1 : 2}</div>; }\n', 'tsx');
    expect(s.symbols).toContainEqual(expect.objectContaining({ name: 'App', complexity: 2 }));
  });

  it('reports syntax errors without throwing', async () => {
    const s = await parser.parse('function (', 'javascript');
    expect(s.hasErrors).toBe(true);
  });
});
