// util.xml inside the sandbox. AppSync documents the org.json-style conversion (xml-helpers-in-util-xml-js.html):
// repeated elements become arrays, numeric/boolean text becomes numbers/booleans, attributes become keys and
// text beside attributes or children is kept under "content".

import { Error, fromCodePoint, isArray, parseInt } from './intrinsics.js';
interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_m, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

function parse(xml: string): Node {
  const root: Node = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: Node[] = [root];
  const re = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/\s*([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml)) !== null) {
    const top = stack[stack.length - 1]!;
    if (m[1] !== undefined) top.text += m[1];
    else if (m[2] !== undefined) {
      if (top.name !== m[2]) throw new Error(`Mismatched closing tag </${m[2]}>`);
      stack.pop();
    } else if (m[3] !== undefined) {
      const node: Node = { name: m[3], attrs: {}, children: [], text: '' };
      const attrRe = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
      let a: RegExpExecArray | null;
      while ((a = attrRe.exec(m[4] ?? '')) !== null) node.attrs[a[1]!] = decodeEntities(a[2] ?? a[3] ?? '');
      top.children.push(node);
      if (m[5] !== '/') stack.push(node);
    } else if (m[6] !== undefined) top.text += decodeEntities(m[6]);
  }
  if (stack.length !== 1) throw new Error(`Unclosed element <${stack[stack.length - 1]!.name}>`);
  return root;
}

function coerce(s: string): unknown {
  const t = s.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t === 'null') return null;
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(t)) return Number(t);
  return t;
}

function convert(node: Node): unknown {
  const keys = Object.keys(node.attrs);
  const text = node.text.trim();
  if (node.children.length === 0 && keys.length === 0) return text === '' ? '' : coerce(text);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = coerce(node.attrs[k]!);
  for (const child of node.children) {
    const v = convert(child);
    if (Object.hasOwn(out, child.name)) {
      const prev = out[child.name];
      out[child.name] = isArray(prev) ? [...prev, v] : [prev, v];
    } else out[child.name] = v;
  }
  if (text !== '') out.content = coerce(text);
  return out;
}

function toMap(xml: unknown): Record<string, unknown> | null {
  if (typeof xml !== 'string') return null;
  return convert(parse(xml)) as Record<string, unknown>;
}

export const xmlUtil = {
  toMap,
  toJsonString(xml: unknown, stringEncode?: boolean): string {
    const json = JSON.stringify(toMap(xml));
    return stringEncode ? JSON.stringify(json) : json;
  },
};
