// util.time, inside the sandbox. AppSync formats with java.time.format.DateTimeFormatter patterns
// (documented: time-helpers-in-util-time-js.html), which no JS library available offline here
// implements, so the common pattern letters are interpreted by hand (English names, ISO fields).

import { abs, DateTimeFormat, Error, Map, RegExp, repeat, trunc } from './intrinsics.js';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Token = { kind: 'lit'; text: string } | { kind: 'field'; letter: string; count: number } | { kind: 'open' } | { kind: 'close' };

const tokenCache = new Map<string, Token[]>();

function tokenize(pattern: string): Token[] {
  const cached = tokenCache.get(pattern);
  if (cached) return cached;
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
      let j = i;
      while (j < pattern.length && pattern[j] === ch) j++;
      tokens.push({ kind: 'field', letter: ch, count: j - i });
      i = j;
    } else if (ch === "'") {
      let j = i + 1;
      let text = '';
      while (j < pattern.length) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j];
        j++;
      }
      if (j >= pattern.length && pattern[j] !== "'") throw new Error(`Pattern ends with an incomplete string literal: ${pattern}`);
      tokens.push({ kind: 'lit', text: j === i + 1 ? "'" : text });
      i = j + 1;
    } else if (ch === '[') {
      tokens.push({ kind: 'open' });
      i++;
    } else if (ch === ']') {
      tokens.push({ kind: 'close' });
      i++;
    } else {
      tokens.push({ kind: 'lit', text: ch });
      i++;
    }
  }
  tokenCache.set(pattern, tokens);
  return tokens;
}

interface Zone {
  /** Zone id as java.time prints it (VV). */
  id: string;
  /** Offset in seconds at a given instant. */
  offsetAt(ms: number): number;
  fixed: boolean;
}

const UTC: Zone = { id: 'Z', offsetAt: () => 0, fixed: true };

function fixedZone(seconds: number, id: string): Zone {
  return { id, offsetAt: () => seconds, fixed: true };
}

function formatOffsetId(sec: number): string {
  if (sec === 0) return 'Z';
  const sign = sec < 0 ? '-' : '+';
  const a = abs(sec);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const s = a % 60;
  return `${sign}${pad(h, 2)}:${pad(m, 2)}${s ? ':' + pad(s, 2) : ''}`;
}

const zoneCache = new Map<string, Zone>();

/** ZoneId.of semantics for the forms AppSync documents: offsets ("+08:00", "-07:00:30") and region ids. */
export function resolveZone(tz: string | undefined | null): Zone {
  if (tz === undefined || tz === null) return UTC;
  const cached = zoneCache.get(tz);
  if (cached) return cached;
  let zone: Zone;
  const m = /^([+-])(\d{1,2})(?::?(\d{2})(?::?(\d{2}))?)?$/.exec(tz);
  if (tz === 'Z') zone = UTC;
  else if (m) {
    const sec = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0));
    if (abs(sec) > 18 * 3600) throw new Error(`Zone offset not in valid range: ${tz}`);
    zone = fixedZone(sec, formatOffsetId(sec));
  } else if (tz === 'UTC' || tz === 'GMT' || tz === 'UT') {
    zone = fixedZone(0, tz);
  } else {
    let dtf: DateTimeFormat;
    try {
      dtf = new DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new Error(`Unknown time-zone ID: ${tz}`);
    }
    zone = {
      id: tz,
      fixed: false,
      offsetAt(ms: number) {
        const parts: Record<string, number> = {};
        for (const p of dtf.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
        const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
        return Math.round((local - (ms - (((ms % 1000) + 1000) % 1000))) / 1000);
      },
    };
  }
  zoneCache.set(tz, zone);
  return zone;
}

function pad(n: number, width: number): string {
  const s = String(abs(n));
  return (n < 0 ? '-' : '') + (s.length >= width ? s : repeat('0', width - s.length) + s);
}

function offsetText(sec: number, letter: string, count: number): string {
  const sign = sec < 0 ? '-' : '+';
  const a = abs(sec);
  const hh = pad(Math.floor(a / 3600), 2);
  const mm = pad(Math.floor((a % 3600) / 60), 2);
  const ss = pad(a % 60, 2);
  const hasM = mm !== '00';
  const hasS = ss !== '00';
  if (letter === 'Z') {
    if (count <= 3) return `${sign}${hh}${mm}${hasS ? ss : ''}`;
    if (count === 4) return sec === 0 ? 'GMT' : `GMT${sign}${hh}:${mm}${hasS ? ':' + ss : ''}`;
    return sec === 0 ? 'Z' : `${sign}${hh}:${mm}${hasS ? ':' + ss : ''}`;
  }
  if (letter === 'O') {
    if (sec === 0) return 'GMT';
    return count === 1 ? `GMT${sign}${Number(hh)}${hasM || hasS ? ':' + mm : ''}${hasS ? ':' + ss : ''}` : `GMT${sign}${hh}:${mm}${hasS ? ':' + ss : ''}`;
  }
  // X prints "Z" for a zero offset, x prints the digits
  if (letter === 'X' && sec === 0) return 'Z';
  switch (count) {
    case 1:
      return `${sign}${hh}${hasM ? mm : ''}`;
    case 2:
      return `${sign}${hh}${mm}`;
    case 3:
      return `${sign}${hh}:${mm}`;
    case 4:
      return `${sign}${hh}${mm}${hasS ? ss : ''}`;
    default:
      return `${sign}${hh}:${mm}${hasS ? ':' + ss : ''}`;
  }
}

interface Fields {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  milli: number;
  dow: number; // 0 = Sunday
  doy: number;
  offset: number;
  zone: Zone;
}

function fieldsAt(ms: number, zone: Zone): Fields {
  const offset = zone.offsetAt(ms);
  const d = new Date(ms + offset * 1000);
  const year = d.getUTCFullYear();
  return {
    year,
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    milli: d.getUTCMilliseconds(),
    dow: d.getUTCDay(),
    doy: Math.floor((Date.UTC(year, d.getUTCMonth(), d.getUTCDate()) - Date.UTC(year, 0, 1)) / 86400000) + 1,
    offset,
    zone,
  };
}

function formatField(f: Fields, letter: string, count: number): string {
  switch (letter) {
    case 'G':
      return count === 4 ? (f.year > 0 ? 'Anno Domini' : 'Before Christ') : f.year > 0 ? 'AD' : 'BC';
    case 'y':
    case 'u':
    case 'Y':
      if (count === 2) return pad(((f.year % 100) + 100) % 100, 2);
      return pad(f.year, count);
    case 'M':
    case 'L':
      if (count >= 5) return MONTHS[f.month - 1]!.slice(0, 1);
      if (count === 4) return MONTHS[f.month - 1]!;
      if (count === 3) return MONTHS[f.month - 1]!.slice(0, 3);
      return pad(f.month, count);
    case 'Q':
    case 'q':
      return count <= 2 ? pad(Math.ceil(f.month / 3), count) : `Q${Math.ceil(f.month / 3)}`;
    case 'd':
      return pad(f.day, count);
    case 'D':
      return pad(f.doy, count);
    case 'E':
      if (count >= 5) return DAYS[f.dow]!.slice(0, 1);
      return count === 4 ? DAYS[f.dow]! : DAYS[f.dow]!.slice(0, 3);
    case 'e':
    case 'c':
      // localized day-of-week (US: Sunday = 1)
      if (count <= 2) return pad(f.dow + 1, count);
      return count === 4 ? DAYS[f.dow]! : DAYS[f.dow]!.slice(0, 3);
    case 'a':
      return f.hour < 12 ? 'AM' : 'PM';
    case 'H':
      return pad(f.hour, count);
    case 'k':
      return pad(f.hour === 0 ? 24 : f.hour, count);
    case 'K':
      return pad(f.hour % 12, count);
    case 'h':
      return pad(f.hour % 12 === 0 ? 12 : f.hour % 12, count);
    case 'm':
      return pad(f.minute, count);
    case 's':
      return pad(f.second, count);
    case 'S':
      return (pad(f.milli, 3) + '000000').slice(0, count);
    case 'A':
      return pad(((f.hour * 60 + f.minute) * 60 + f.second) * 1000 + f.milli, count);
    case 'n':
      return pad(f.milli * 1000000, count);
    case 'N':
      return pad((((f.hour * 60 + f.minute) * 60 + f.second) * 1000 + f.milli) * 1000000, count);
    case 'V':
      return f.zone.id;
    case 'z':
      if (f.zone.fixed) return f.zone.id;
      return shortZoneName(f.zone.id, count >= 4);
    case 'Z':
    case 'X':
    case 'x':
    case 'O':
      return offsetText(f.offset, letter, count);
    default:
      throw new Error(`Unknown pattern letter: ${letter}`);
  }
}

function shortZoneName(id: string, long: boolean): string {
  const parts = new DateTimeFormat('en-US', { timeZone: id, timeZoneName: long ? 'long' : 'short' }).formatToParts(new Date());
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? id;
}

export function formatEpochMillis(ms: number, pattern: string, tz?: string | null): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new Error(`util.time: not an epoch milliseconds value: ${String(ms)}`);
  const f = fieldsAt(trunc(ms), resolveZone(tz));
  let out = '';
  for (const t of tokenize(pattern)) {
    if (t.kind === 'lit') out += t.text;
    else if (t.kind === 'field') out += formatField(f, t.letter, t.count);
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function fieldRegex(letter: string, count: number): string {
  switch (letter) {
    case 'M':
    case 'L':
      if (count === 3) return '([A-Za-z]{3})';
      if (count >= 4) return '([A-Za-z]+)';
      return count === 1 ? '(\\d{1,2})' : `(\\d{${count}})`;
    case 'E':
      return '([A-Za-z]+)';
    case 'a':
      return '([AaPp][Mm])';
    case 'y':
    case 'u':
    case 'Y':
      return count === 2 ? '(\\d{2})' : count === 1 ? '([+-]?\\d{1,9})' : `([+-]?\\d{${count},9})`;
    case 'S':
      return `(\\d{${count}})`;
    case 'X':
    case 'x':
    case 'Z':
      return '(Z|GMT|[+-]\\d{2}(?::?\\d{2}(?::?\\d{2})?)?|GMT[+-]\\d{1,2}(?::\\d{2}(?::\\d{2})?)?)';
    case 'O':
      return '(GMT(?:[+-]\\d{1,2}(?::\\d{2}(?::\\d{2})?)?)?)';
    case 'V':
    case 'z':
      return '([A-Za-z][A-Za-z0-9_/+\\-]*|[+-]\\d{2}:\\d{2}(?::\\d{2})?|Z)';
    default:
      return count === 1 ? '(\\d{1,9})' : `(\\d{${count}})`;
  }
}

function parseOffset(text: string): number {
  if (text === 'Z' || text === 'GMT') return 0;
  const m = /^(?:GMT)?([+-])(\d{1,2})(?::?(\d{2})(?::?(\d{2}))?)?$/.exec(text);
  if (!m) throw new Error(`Invalid offset: ${text}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0));
}

/** Epoch ms of a local date-time in a zone (the earlier instant in an overlap, like ZonedDateTime). */
function localToEpoch(localMs: number, zone: Zone): number {
  const o1 = zone.offsetAt(localMs);
  const guess = localMs - o1 * 1000;
  const o2 = zone.offsetAt(guess);
  return localMs - o2 * 1000;
}

export function parseFormatted(text: string, pattern: string, tz?: string | null): number {
  const tokens = tokenize(pattern);
  const groups: { letter: string; count: number }[] = [];
  let re = '^';
  for (const t of tokens) {
    if (t.kind === 'lit') re += escapeRe(t.text);
    else if (t.kind === 'open') re += '(?:';
    else if (t.kind === 'close') re += ')?';
    else {
      re += fieldRegex(t.letter, t.count);
      groups.push({ letter: t.letter, count: t.count });
    }
  }
  const m = new RegExp(re + '$').exec(String(text));
  if (!m) throw new Error(`Text '${text}' could not be parsed with pattern '${pattern}'`);
  let year = 1970;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let milli = 0;
  let pm: boolean | null = null;
  let hour12: number | null = null;
  let offset: number | null = null;
  let zone: Zone | null = null;
  groups.forEach((g, i) => {
    const v = m[i + 1];
    if (v === undefined) return;
    switch (g.letter) {
      case 'y':
      case 'u':
      case 'Y':
        year = g.count === 2 ? 2000 + Number(v) : Number(v);
        break;
      case 'M':
      case 'L':
        if (/^\d+$/.test(v)) month = Number(v);
        else {
          const idx = MONTHS.findIndex((n) => n.toLowerCase() === v.toLowerCase() || n.slice(0, 3).toLowerCase() === v.toLowerCase());
          if (idx < 0) throw new Error(`Text '${text}' could not be parsed: unknown month ${v}`);
          month = idx + 1;
        }
        break;
      case 'd':
        day = Number(v);
        break;
      case 'H':
      case 'k':
        hour = Number(v) % 24;
        break;
      case 'h':
      case 'K':
        hour12 = Number(v) % 12;
        break;
      case 'a':
        pm = v.toUpperCase() === 'PM';
        break;
      case 'm':
        minute = Number(v);
        break;
      case 's':
        second = Number(v);
        break;
      case 'S':
        milli = Math.floor(Number((v + '000').slice(0, 3)));
        break;
      case 'X':
      case 'x':
      case 'Z':
      case 'O':
        offset = parseOffset(v);
        break;
      case 'V':
      case 'z':
        zone = /^[+-]|^Z$/.test(v) ? resolveZone(v) : resolveZone(v);
        break;
      default:
        break;
    }
  });
  if (hour12 !== null) hour = hour12 + (pm ? 12 : 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    throw new Error(`Text '${text}' could not be parsed: field value out of range`);
  const local = Date.UTC(year, month - 1, day, hour, minute, second, milli);
  if (offset !== null) return local - offset * 1000;
  if (zone) return localToEpoch(local, zone);
  if (tz !== undefined && tz !== null) return localToEpoch(local, resolveZone(tz));
  throw new Error(`Text '${text}' could not be parsed: Unable to obtain ZonedDateTime (the pattern has no time zone)`);
}

const ISO_RE = /^(\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)(?:\[[^\]]+\])?$/;

export function parseISO8601(text: string): number {
  const m = ISO_RE.exec(String(text));
  if (!m) throw new Error(`Text '${text}' could not be parsed as an ISO-8601 date-time with offset`);
  const local = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), Number(((m[7] ?? '') + '000').slice(0, 3)));
  return local - parseOffset(m[8]!) * 1000;
}

export const timeUtil = {
  nowISO8601: () => new Date().toISOString(),
  nowEpochSeconds: () => Math.floor(Date.now() / 1000),
  nowEpochMilliSeconds: () => Date.now(),
  nowFormatted: (format: string, timezone?: string) => formatEpochMillis(Date.now(), format, timezone),
  parseFormattedToEpochMilliSeconds: (ts: string, format: string, timezone?: string) => parseFormatted(ts, format, timezone),
  parseISO8601ToEpochMilliSeconds: (ts: string) => parseISO8601(ts),
  epochMilliSecondsToSeconds: (ms: number) => trunc(ms / 1000),
  epochMilliSecondsToISO8601: (ms: number) => new Date(ms).toISOString(),
  epochMilliSecondsToFormatted: (ms: number, format: string, timezone?: string) => formatEpochMillis(ms, format, timezone),
};
