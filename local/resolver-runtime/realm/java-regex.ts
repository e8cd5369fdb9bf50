// Java `java.util.regex.Pattern` patterns and `Matcher.replaceAll` replacement strings on V8's RegExp.
// APPSYNC_JS documents Java-style regular expressions for util.matches and for the pattern string of
// String.prototype.replace / replaceAll (https://docs.aws.amazon.com/appsync/latest/devguide/supported-features.html,
// which links https://docs.oracle.com/javase/8/docs/api/java/util/regex/Pattern.html). The common syntax is
// the same; Java-only constructs are translated where JavaScript has an equivalent and refused otherwise,
// so a pattern never silently means something else locally.

import { charCodeAt, RangeError, RegExp, stringIncludes, SyntaxError } from './intrinsics.js';
const jsRegExp = RegExp;

/** Constructs V8 would read differently or not at all: \\p{..} classes, flags u/x/U/d, \\G \\Z \\z \\R \\X \\h \\v, possessive
 * quantifiers, atomic groups, class intersections. */
const UNSUPPORTED = /\\[pP]\{|\(\?[a-z]*[uxUd]|\\[GZzRXhHvV]|[*+?}][+]|\(\?>|\[[^\]]*&&/;

function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** The JavaScript RegExp for a Java pattern; `global` for replaceAll. Throws for what V8 cannot express. */
export function javaRegExp(pattern: string, global: boolean): RegExp {
  let source = pattern;
  let flags = global ? 'g' : '';
  // \Q...\E quotes literally (Pattern javadoc "Quotation").
  source = source.replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_m, lit: string) => escapeLiteral(lit));
  // Leading embedded flags (?i), (?s), (?m) (javadoc "Special constructs") become RegExp flags.
  const lead = /^\(\?([ism]+)\)/.exec(source);
  if (lead) {
    for (const f of lead[1]!) if (!stringIncludes(flags, f)) flags += f;
    source = source.slice(lead[0].length);
  }
  // \A is the start of input (no multiline in effect at this point: same as ^ without the m flag).
  if (!stringIncludes(flags, 'm')) source = source.replace(/(^|[^\\])\\A/g, '$1^');
  if (UNSUPPORTED.test(source)) throw new SyntaxError(`Java regular expression construct not supported by the local APPSYNC_JS runtime: ${pattern}`);
  try {
    return new jsRegExp(source, flags);
  } catch {
    throw new SyntaxError(`Invalid Java regular expression: ${pattern}`);
  }
}

type Part = { text: string } | { group: number } | { name: string };

/**
 * A Matcher.replaceAll replacement string: `$n` and `${name}` refer to groups, a backslash takes the
 * next character literally; a `$` without a valid reference is an error, as in Java.
 */
export function javaReplacement(replacement: string, groupCount: number): (match: string, ...rest: unknown[]) => string {
  const parts: Part[] = [];
  let text = '';
  for (let i = 0; i < replacement.length; i += 1) {
    const c = replacement[i]!;
    if (c === '\\') {
      i += 1;
      if (i >= replacement.length) throw new SyntaxError('character to be escaped is missing');
      text += replacement[i];
    } else if (c === '$') {
      i += 1;
      if (i >= replacement.length) throw new SyntaxError('Illegal group reference: group index is missing');
      if (replacement[i] === '{') {
        const end = replacement.indexOf('}', i);
        const name = end < 0 ? '' : replacement.slice(i + 1, end);
        if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new SyntaxError('named capturing group is missing trailing \'}\' or has an invalid name');
        parts.push({ text }, { name });
        text = '';
        i = end;
      } else {
        const d = charCodeAt(replacement, i) - 48;
        if (d < 0 || d > 9) throw new SyntaxError('Illegal group reference');
        if (d > groupCount) throw new RangeError(`No group ${d}`);
        // Java takes further digits while the number stays a valid group.
        let group = d;
        while (i + 1 < replacement.length) {
          const next = charCodeAt(replacement, i + 1) - 48;
          if (next < 0 || next > 9 || group * 10 + next > groupCount) break;
          group = group * 10 + next;
          i += 1;
        }
        parts.push({ text }, { group });
        text = '';
      }
    } else {
      text += c;
    }
  }
  parts.push({ text });
  return (match: string, ...rest: unknown[]) => {
    const last = rest[rest.length - 1];
    const named = typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : undefined;
    let out = '';
    for (const p of parts) {
      if ('text' in p) out += p.text;
      else if ('group' in p) out += p.group === 0 ? match : ((rest[p.group - 1] as string | undefined) ?? '');
      else {
        if (!named || !Object.hasOwn(named, p.name)) throw new RangeError(`No group with name {${p.name}}`);
        out += named[p.name] ?? '';
      }
    }
    return out;
  };
}

/** Number of capturing groups of a compiled pattern. */
export function groupCount(re: RegExp): number {
  return new jsRegExp(`${re.source}|`).exec('')!.length - 1;
}
