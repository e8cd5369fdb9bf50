// Runs INSIDE the resolver sandbox (node:vm context): only ECMAScript built-ins are available here
// (no Buffer, TextEncoder, btoa), so UTF-8 and base64 are written out by hand.

import { charCodeAt, Error, fromCharCode, fromCodePoint, parseInt } from './intrinsics.js';
/** UTF-16 string → string of UTF-8 byte values (each char < 256). */
export function utf8Encode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    let c = charCodeAt(s, i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = charCodeAt(s, i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out += fromCharCode(c);
    else if (c < 0x800) out += fromCharCode(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out += fromCharCode(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else
      out += fromCharCode(
        0xf0 | (c >> 18),
        0x80 | ((c >> 12) & 63),
        0x80 | ((c >> 6) & 63),
        0x80 | (c & 63),
      );
  }
  return out;
}

/** String of byte values → UTF-16 string; malformed sequences become U+FFFD (as Java's decoder does). */
export function utf8Decode(bytes: string): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = charCodeAt(bytes, i);
    let need = 0;
    let cp = 0;
    if (b < 0x80) {
      out += fromCharCode(b);
      i++;
      continue;
    } else if (b >= 0xc2 && b < 0xe0) {
      need = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b < 0xf0) {
      need = 2;
      cp = b & 0x0f;
    } else if (b >= 0xf0 && b < 0xf5) {
      need = 3;
      cp = b & 0x07;
    } else {
      out += '\ufffd';
      i++;
      continue;
    }
    let ok = i + need < bytes.length;
    for (let k = 1; k <= need && ok; k++) {
      const nb = charCodeAt(bytes, i + k);
      if (Number.isNaN(nb) || (nb & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (nb & 0x3f);
    }
    if (!ok) {
      out += '\ufffd';
      i++;
      continue;
    }
    out += fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function bytesToBase64(bytes: string): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = charCodeAt(bytes, i);
    const b = i + 1 < bytes.length ? charCodeAt(bytes, i + 1) : -1;
    const c = i + 2 < bytes.length ? charCodeAt(bytes, i + 2) : -1;
    out += B64[a >> 2];
    out += B64[((a & 3) << 4) | (b < 0 ? 0 : b >> 4)];
    out += b < 0 ? '=' : B64[((b & 15) << 2) | (c < 0 ? 0 : c >> 6)];
    out += c < 0 ? '=' : B64[c & 63];
  }
  return out;
}

/** Lenient like RFC 2045 decoders: characters outside the alphabet are skipped. */
export function base64ToBytes(s: string): string {
  let bits = 0;
  let acc = 0;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '=') break;
    let v = B64.indexOf(ch);
    if (v < 0) {
      if (ch === '-') v = 62;
      else if (ch === '_') v = 63;
      else continue;
    }
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += fromCharCode((acc >> bits) & 0xff);
    }
  }
  return out;
}

const HEX = '0123456789ABCDEF';

/** java.net.URLEncoder.encode(s, "UTF-8"): application/x-www-form-urlencoded. */
export function formUrlEncode(s: string): string {
  const bytes = utf8Encode(s);
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = charCodeAt(bytes, i);
    const ch = bytes[i]!;
    if (
      (c >= 0x30 && c <= 0x39) ||
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a) ||
      ch === '.' ||
      ch === '-' ||
      ch === '*' ||
      ch === '_'
    )
      out += ch;
    else if (ch === ' ') out += '+';
    else out += '%' + HEX[c >> 4] + HEX[c & 15];
  }
  return out;
}

/** java.net.URLDecoder.decode(s, "UTF-8"). */
export function formUrlDecode(s: string): string {
  let bytes = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '+') bytes += ' ';
    else if (ch === '%' && i + 2 < s.length && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes += fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (ch === '%') {
      throw new Error(`URLDecoder: Illegal hex characters in escape (%) pattern - ${s.slice(i, i + 3)}`);
    } else bytes += utf8Encode(ch);
  }
  return utf8Decode(bytes);
}

/** Apache Commons Text StringEscapeUtils.escapeEcmaScript, which AppSync's escapeJavaScript mirrors. */
export function escapeEcmaScript(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = charCodeAt(s, i);
    switch (ch) {
      case "'":
        out += "\\'";
        break;
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '/':
        out += '\\/';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\f':
        out += '\\f';
        break;
      case '\r':
        out += '\\r';
        break;
      default:
        if (c < 32 || c > 0x7f) out += '\\u' + HEX[(c >> 12) & 15] + HEX[(c >> 8) & 15] + HEX[(c >> 4) & 15] + HEX[c & 15];
        else out += ch;
    }
  }
  return out;
}
