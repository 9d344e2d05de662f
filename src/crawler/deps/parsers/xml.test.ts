import { describe, expect, it } from 'vitest';
import { childText, parseXml } from './xml.js';

describe('xml reader', () => {
  it('reads nested elements with their start lines', () => {
    const root = parseXml('<?xml version="1.0"?>\n<project>\n  <a>\n    <b>x</b>\n  </a>\n</project>');
    expect(root?.children[0]?.children[0]).toMatchObject({ name: 'b', text: 'x', line: 4 });
  });

  it('decodes entities and keeps CDATA text, skipping comments', () => {
    const root = parseXml('<p><v>a&amp;b&#x21;</v><w><![CDATA[<raw>]]></w><!-- <v>no</v> --></p>');
    expect(childText(root, 'v')).toBe('a&b!');
    expect(childText(root, 'w')).toBe('<raw>');
    expect(root?.children).toHaveLength(2);
  });

  it('does not expand DTD entities', () => {
    const root = parseXml('<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><p><v>&x;</v></p>');
    expect(childText(root, 'v')).toBe('&x;');
  });

  it('closes unbalanced elements implicitly', () => {
    expect(childText(parseXml('<p><v>1</v><w>2</p>'), 'w')).toBe('2');
  });
});
