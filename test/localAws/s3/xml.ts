// Just enough XML for S3: a builder that escapes everything it is given, and a small strict parser for the few
// request bodies S3 reads (CreateBucketConfiguration, Delete, CompleteMultipartUpload).
import { malformedXml } from './errors';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Already-serialized XML (so the builder can tell markup from text that must be escaped). */
export class Xml {
  constructor(readonly raw: string) {}
}

/** `false`, undefined and null are left out, so optional elements read `condition && el(...)`; booleans as text go through String(). */
type Child = Xml | string | number | false | undefined | null | Child[];

export function escapeXml(text: string): string {
  // Characters XML 1.0 forbids even as references are replaced, so a hostile key cannot break a listing.
  return text.replace(/[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return '\ufffd';
    }
  });
}

function serialize(child: Child): string {
  if (child === undefined || child === null || child === false) return '';
  if (child instanceof Xml) return child.raw;
  if (Array.isArray(child)) return child.map(serialize).join('');
  return escapeXml(String(child));
}

/** `<name>children</name>`; undefined/null children are left out, so optional elements are just `x && el(...)`. */
export function el(name: string, ...children: Child[]): Xml {
  return new Xml(`<${name}>${children.map(serialize).join('')}</${name}>`);
}

/** An element only when the value is present (S3 omits absent optional elements). */
export function opt(name: string, value: string | number | boolean | undefined): Xml | undefined {
  return value === undefined ? undefined : el(name, typeof value === 'boolean' ? String(value) : value);
}

/** A response document: declaration plus a root element in S3's namespace. */
export function document(root: string, ...children: Child[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_NAMESPACE}">${children.map(serialize).join('')}</${root}>`;
}

/** Error bodies have no namespace, as AWS sends them. */
export function errorDocument(children: Child[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${children.map(serialize).join('')}</Error>`;
}

export interface XmlElement {
  name: string; // local name, namespace prefix dropped
  children: XmlElement[];
  text: string;
}

const MAX_DEPTH = 16;

/** Parses a document into elements; throws MalformedXML on anything that is not well-formed. */
export function parseXml(source: string): XmlElement {
  let pos = 0;
  const fail = (): never => {
    throw malformedXml();
  };
  const skipMisc = (): void => {
    for (;;) {
      while (pos < source.length && /\s/.test(source[pos] ?? '')) pos++;
      if (source.startsWith('<?', pos)) {
        const end = source.indexOf('?>', pos);
        if (end < 0) fail();
        pos = end + 2;
      } else if (source.startsWith('<!--', pos)) {
        const end = source.indexOf('-->', pos);
        if (end < 0) fail();
        pos = end + 3;
      } else {
        return;
      }
    }
  };
  const decodeText = (raw: string): string =>
    raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);|&/g, (match, entity: string | undefined) => {
      if (entity === undefined) return fail();
      if (entity === 'amp') return '&';
      if (entity === 'lt') return '<';
      if (entity === 'gt') return '>';
      if (entity === 'quot') return '"';
      if (entity === 'apos') return "'";
      const code = entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      if (!Number.isFinite(code) || code > 0x10ffff) return fail();
      return String.fromCodePoint(code) || match;
    });
  const parseElement = (depth: number): XmlElement => {
    if (depth > MAX_DEPTH || source[pos] !== '<') fail();
    const tagEnd = source.indexOf('>', pos);
    if (tagEnd < 0) fail();
    const tag = source.slice(pos + 1, tagEnd);
    pos = tagEnd + 1;
    const selfClosing = tag.endsWith('/');
    const qname = /^([A-Za-z_][\w.:-]*)/.exec(tag)?.[1] ?? fail();
    const name = qname.includes(':') ? qname.slice(qname.indexOf(':') + 1) : qname;
    const element: XmlElement = { name, children: [], text: '' };
    if (selfClosing) return element;
    let text = '';
    for (;;) {
      if (pos >= source.length) fail();
      if (source.startsWith('</', pos)) {
        const end = source.indexOf('>', pos);
        if (end < 0 || source.slice(pos + 2, end).trim() !== qname) fail();
        pos = end + 1;
        element.text = text;
        return element;
      }
      if (source.startsWith('<!--', pos)) {
        const end = source.indexOf('-->', pos);
        if (end < 0) fail();
        pos = end + 3;
      } else if (source.startsWith('<![CDATA[', pos)) {
        const end = source.indexOf(']]>', pos);
        if (end < 0) fail();
        text += source.slice(pos + 9, end);
        pos = end + 3;
      } else if (source[pos] === '<') {
        element.children.push(parseElement(depth + 1));
      } else {
        const next = source.indexOf('<', pos);
        if (next < 0) fail();
        text += decodeText(source.slice(pos, next));
        pos = next;
      }
    }
  };
  skipMisc();
  const root = parseElement(0);
  skipMisc();
  if (pos !== source.length) fail();
  return root;
}

export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

export function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

export function childText(element: XmlElement, name: string): string | undefined {
  return child(element, name)?.text;
}
