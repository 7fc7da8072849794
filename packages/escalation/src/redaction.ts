/**
 * PII is replaced by placeholders before any text leaves for the cloud, and put back into the draft that
 * returns. Detectors favour precision where a checksum exists (cards: Luhn, IBANs: mod-97) and accept some
 * over-redaction elsewhere: a redacted order number costs less than a leaked phone number.
 */

export type PiiKind = 'EMAIL' | 'CARD' | 'IBAN' | 'PHONE' | 'ADDRESS' | 'NAME';

export interface Redaction {
  text: string;
  /** Placeholder → original value. */
  map: Record<string, string>;
  /** Kind → number of distinct values replaced. */
  summary: Partial<Record<PiiKind, number>>;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length >= 13 && digits.length <= 19 && sum % 10 === 0;
}

export function ibanValid(raw: string): boolean {
  const iban = raw.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;
const PHONE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){1,4}/g;
const STREET_SUFFIX = 'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Close|Square|Sq|Parkway|Pkwy|Highway|Hwy';
const ADDRESS = new RegExp(`\\b\\d{1,5}[A-Za-z]?\\s+(?:[A-Z][A-Za-z'-]*\\s+){1,4}(?:${STREET_SUFFIX})\\b\\.?`, 'g');
const NAME_WORD = "[A-Z][a-z'-]+";
const NAME_INTRO = new RegExp(`\\b(?:[Mm]y name is|[Tt]his is|[Ii] am|[Ii]'m)\\s+(${NAME_WORD}(?:\\s+${NAME_WORD}){0,2})`, 'g');
const SIGN_OFF = /^(?:regards|kind regards|best regards|best|thanks|thank you|many thanks|cheers|sincerely|yours truly|yours sincerely|br)[,!.]?\s*$/i;
const SIGNATURE_LINE = new RegExp(`^\\s*-{0,2}\\s*(${NAME_WORD}(?:\\s+${NAME_WORD}){0,2})\\s*$`);
// Words that follow "I am" / "this is" without being names.
const NOT_NAMES = new Set(['Not', 'Very', 'So', 'Still', 'Really', 'Writing', 'Trying', 'Looking', 'Unable', 'Sorry', 'The', 'A', 'An', 'Urgent', 'Happy', 'Unhappy', 'Angry', 'Frustrated', 'Confused', 'Here', 'Your', 'Our', 'It', 'Just']);

class Redactor {
  readonly map: Record<string, string> = {};
  readonly summary: Partial<Record<PiiKind, number>> = {};
  private readonly byValue = new Map<string, string>();

  placeholder(kind: PiiKind, value: string): string {
    const key = `${kind}\0${value.toLowerCase()}`;
    const existing = this.byValue.get(key);
    if (existing) return existing;
    const n = (this.summary[kind] ?? 0) + 1;
    this.summary[kind] = n;
    const placeholder = `[${kind}_${n}]`;
    this.map[placeholder] = value;
    this.byValue.set(key, placeholder);
    return placeholder;
  }

  replace(text: string, pattern: RegExp, kind: PiiKind, accept: (match: string) => boolean = () => true): string {
    return text.replace(pattern, (match) => (accept(match) ? this.placeholder(kind, match) : match));
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function digitCount(s: string): number {
  return s.replace(/\D/g, '').length;
}

function redactSignatures(text: string, r: Redactor): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length - 1; i++) {
    if (!SIGN_OFF.test(lines[i]!.trim())) continue;
    const match = SIGNATURE_LINE.exec(lines[i + 1]!);
    if (match?.[1]) lines[i + 1] = lines[i + 1]!.replace(match[1], r.placeholder('NAME', match[1]));
  }
  return lines.join('\n');
}

export interface RedactOptions {
  /** Names known to belong to the customer (Customer.name), redacted wherever they appear. */
  knownNames?: readonly (string | null | undefined)[];
}

/** Redacts every text with one shared placeholder table, so the same value gets the same placeholder. */
export function redactAll(texts: readonly string[], options: RedactOptions = {}): Redaction & { texts: string[] } {
  const r = new Redactor();
  const names = (options.knownNames ?? []).filter((n): n is string => Boolean(n && n.trim().length >= 2)).map((n) => n.trim());
  const out = texts.map((input) => {
    let text = r.replace(input, EMAIL, 'EMAIL');
    text = r.replace(text, IBAN, 'IBAN', ibanValid);
    text = r.replace(text, CARD, 'CARD', (m) => luhnValid(m.replace(/\D/g, '')));
    text = r.replace(text, ADDRESS, 'ADDRESS');
    text = r.replace(text, PHONE, 'PHONE', (m) => {
      const digits = digitCount(m);
      return digits >= 7 && digits <= 15 && (digits >= 10 || /^[+(]/.test(m) || /[\s.-]/.test(m.trim()));
    });
    for (const name of names) {
      text = text.replace(new RegExp(`\\b${escapeRegExp(name)}\\b`, 'gi'), (m) => r.placeholder('NAME', m));
      for (const part of name.split(/\s+/).filter((p) => p.length >= 3)) {
        text = text.replace(new RegExp(`\\b${escapeRegExp(part)}\\b`, 'g'), (m) => r.placeholder('NAME', m));
      }
    }
    text = text.replace(NAME_INTRO, (whole, name: string) => {
      const words = name.split(/\s+/);
      const stop = words.findIndex((w) => NOT_NAMES.has(w));
      const kept = stop < 0 ? words : words.slice(0, stop);
      if (kept.length === 0) return whole;
      const value = kept.join(' ');
      return whole.replace(value, r.placeholder('NAME', value));
    });
    return redactSignatures(text, r);
  });
  return { texts: out, text: out.join('\n'), map: r.map, summary: r.summary };
}

export function redact(text: string, options: RedactOptions = {}): Redaction {
  const { texts, map, summary } = redactAll([text], options);
  return { text: texts[0]!, map, summary };
}

const PLACEHOLDER = /\[(EMAIL|CARD|IBAN|PHONE|ADDRESS|NAME)_(\d+)\]/g;

/** Puts the original values back; an unknown placeholder (the model invented one) is left as it is. */
export function restore(text: string, map: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (placeholder) => map[placeholder] ?? placeholder);
}

/**
 * For streaming: the longest prefix of `raw` that cannot end inside a placeholder, restored. A delta that
 * splits "[EMA" | "IL_1]" is held back until the placeholder is complete.
 */
export function restoreStablePrefix(raw: string, map: Record<string, string>): string {
  const open = raw.lastIndexOf('[');
  const stable = open >= 0 && raw.indexOf(']', open) < 0 && raw.length - open <= 12 ? raw.slice(0, open) : raw;
  return restore(stable, map);
}
