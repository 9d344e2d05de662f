/**
 * A small, tolerant XML reader for pom.xml: elements with text and 1-based start lines; comments, CDATA,
 * processing instructions and doctypes are handled, entities decoded. No namespaces, no DTD expansion
 * (so no XXE), and attributes are ignored: a POM keeps its data in elements.
 */

/** One element. */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
  line: number;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e] ?? whole;
  });
}

/** Parse `text` into its root element, or undefined when there is none. Unbalanced tags close implicitly. */
export function parseXml(text: string): XmlElement | undefined {
  const root: XmlElement = { name: '#document', children: [], text: '', line: 1 };
  const stack: XmlElement[] = [root];
  let line = 1;
  let i = 0;
  const advance = (to: number) => {
    for (let j = i; j < to; j++) if (text.charCodeAt(j) === 10) line++;
    i = to;
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const top = stack[stack.length - 1] as XmlElement;
    if (lt === -1) break;
    if (lt > i) top.text += decode(text.slice(i, lt));
    advance(lt);
    if (text.startsWith('<!--', i)) advance(end(text.indexOf('-->', i), 3));
    else if (text.startsWith('<![CDATA[', i)) {
      const close = end(text.indexOf(']]>', i), 3);
      top.text += text.slice(i + 9, close - 3);
      advance(close);
    } else if (text.startsWith('<?', i)) advance(end(text.indexOf('?>', i), 2));
    else if (text.startsWith('<!', i)) advance(end(text.indexOf('>', i), 1));
    else {
      const close = end(text.indexOf('>', i), 1);
      const tag = text.slice(i + 1, close - 1);
      const startLine = line;
      advance(close);
      if (tag.startsWith('/')) {
        const name = tag.slice(1).trim();
        const at = stack.map((e) => e.name).lastIndexOf(name);
        if (at > 0) stack.length = at;
      } else {
        const name = /^[^\s/>]+/.exec(tag)?.[0] ?? '';
        const el: XmlElement = { name, children: [], text: '', line: startLine };
        top.children.push(el);
        if (!tag.endsWith('/')) stack.push(el);
      }
    }
  }
  return root.children[0];

  function end(at: number, length: number): number {
    return at === -1 ? text.length : at + length;
  }
}

/** The first child named `name`. */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

/** Every child named `name`. */
export function children(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Trimmed text of the child named `name`, or undefined. */
export function childText(el: XmlElement | undefined, name: string): string | undefined {
  const text = child(el, name)?.text.trim();
  return text ? text : undefined;
}
