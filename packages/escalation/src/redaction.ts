/**
 * PII is replaced by placeholders before any text leaves for the cloud, and put back into the draft that
 * returns, except payment data and secrets, which never go back into a reply: the draft gets a marked gap
 * for the agent instead. Detectors favour precision where a checksum exists (cards: Luhn, IBANs: mod-97)
 * and accept some over-redaction elsewhere: a redacted order number costs less than a leaked phone number.
 */

export type PiiKind = 'EMAIL' | 'CARD' | 'IBAN' | 'PHONE' | 'ADDRESS' | 'NAME' | 'SECRET';

/** Kinds a drafted reply must never repeat to anyone: the agent fills the gap by hand if it is really needed. */
export const NEVER_RESTORED: ReadonlySet<PiiKind> = new Set(['CARD', 'IBAN', 'SECRET']);

const GAP_LABEL: Partial<Record<PiiKind, string>> = { CARD: 'card number', IBAN: 'IBAN', SECRET: 'password or secret' };

/** The marked gap a restored draft carries where payment data or a secret was. */
export function gapFor(kind: PiiKind): string {
  return `[${GAP_LABEL[kind] ?? kind.toLowerCase()} removed — fill in]`;
}

const GAP = new RegExp(`\\[(?:${Object.values(GAP_LABEL).join('|')}) removed — fill in\\]`);

/** Whether a stored draft still has a gap for the agent (a retried job sees the body, not the restore result). */
export function hasGap(text: string): boolean {
  return GAP.test(text);
}

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

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
// A digit run with single spaces or dashes; the card inside it is found by checkDigitWindows (an expiry or
// an order number next to a card makes the whole run fail Luhn).
const DIGIT_RUN = /\b\d(?:[ -]?\d){12,40}\b/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,34}\b/gi;
// After a country code the area part may be one digit ("+31 6 …", "+33 1 …").
const PHONE = /(?:\+\d{1,3}[\s.-]?(?:\(0\)\s?)?\d{1,4}|(?:\(\d{1,4}\)[\s.-]?)?\d{2,4})(?:[\s.-]?\d{2,4}){1,4}/g;
// Passwords, PINs, CVCs and API keys: named by the customer ("my password is …") or by a well-known key prefix.
const SECRET_NAMED =
  /\b(?:password|passwort|passcode|pass|pwd|pin|cvv|cvc|security code|api[ _-]?key|access[ _-]?token|token|secret)\s*(?:is|was|:|=)\s*["']?([^\s"',;]{3,200})/gi;
const SECRET_KEY =
  /\b(?:sk-[A-Za-z0-9_-]{16,}|sk_(?:live|test)_[A-Za-z0-9]{16,}|AKIA[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{30,}|xox[abpr]-[A-Za-z0-9-]{10,})\b/g;
const STREET_SUFFIX =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Close|Square|Sq|Parkway|Pkwy|Highway|Hwy|Crescent|Cres|Gardens|Row|Mews|Hill|Grove';
const CAP_WORD = "\\p{Lu}[\\p{L}'’.-]*";
// US/UK: "221B Baker Street".
const ADDRESS_EN = new RegExp(`\\b\\d{1,5}[A-Za-z]?\\s+(?:${CAP_WORD}\\s+){1,4}(?:${STREET_SUFFIX})\\b\\.?`, 'gu');
// German, Dutch, Nordic: the street type is a suffix of one word, the number follows ("Hauptstraße 5", "Keizersgracht 123a").
const STREET_WORD_SUFFIX =
  'straße|strasse|str\\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|gracht|laan|straat|plein|kade|singel|vej|gade|gatan|vägen|veien|gata|katu|tie';
const ADDRESS_SUFFIXED = new RegExp(`\\b\\p{Lu}[\\p{L}-]*(?:${STREET_WORD_SUFFIX})\\s+\\d{1,5}\\s?[a-zA-Z]?\\b`, 'gu');
// Romance and Slavic languages: the street type comes first ("rue de Rivoli 10", "12 rue de Rivoli", "Calle Mayor 5", "ul. Długa 3").
const STREET_PREFIX = [
  'rue',
  'avenue',
  'av\\.',
  'boulevard',
  'bd',
  'chemin',
  'place',
  'allée',
  'impasse',
  'quai',
  'calle',
  'c/',
  'avenida',
  'avda\\.',
  'paseo',
  'plaza',
  'carrer',
  'via',
  'viale',
  'piazza',
  'corso',
  'largo',
  'vicolo',
  'rua',
  'travessa',
  'praça',
  'ul\\.',
  'ulica',
  'aleja',
  'al\\.',
]
  .map((w) => `[${w[0]!.toUpperCase()}${w[0]}]${w.slice(1)}`)
  .join('|');
const PARTICLE = "(?:de|del|de la|della|delle|dei|des|du|la|le|les|di|da|do|dos|das|d'|l')";
const STREET_NAME = `(?:${PARTICLE}\\s*)*${CAP_WORD}(?:\\s+(?:${PARTICLE}\\s*)*${CAP_WORD}){0,3}`;
// A house number is required on one side: "via PayPal" or "place Tuesday" are not addresses.
const ADDRESS_PREFIXED = new RegExp(
  `\\b\\d{1,5}(?:\\s?(?:bis|ter|[a-zA-Z]))?,?\\s+(?:${STREET_PREFIX})\\s+${STREET_NAME}|(?<!\\p{L})(?:${STREET_PREFIX})\\s+${STREET_NAME},?\\s+(?:n[º°o.]\\s*)?\\d{1,5}[a-zA-Z]?\\b`,
  'gu',
);
// Postcodes with their town: "10115 Berlin", "75001 Paris", "1015 CS Amsterdam", "SW1A 1AA", "CA 94105", "K1A 0B1".
const POSTCODE = new RegExp(
  [
    // Not a year followed by a capitalised word ("in 2024 The …").
    `\\b(?!(?:19|20)\\d\\d\\b)\\d{4,5}\\s+\\p{Lu}[\\p{L}'’.-]{2,}(?:[\\s-]\\p{Lu}[\\p{L}'’.-]{2,})?`,
    `\\b\\d{4}\\s?[A-Z]{2}\\s+${CAP_WORD}`,
    `\\b\\d{2}-\\d{3}\\s+${CAP_WORD}`,
    '\\b[A-Z]{1,2}\\d[A-Z\\d]?\\s\\d[A-Z]{2}\\b',
    '\\b[A-Z]{2}\\s\\d{5}(?:-\\d{4})?\\b',
    '\\b[A-Z]\\d[A-Z]\\s?\\d[A-Z]\\d\\b',
  ].join('|'),
  'gu',
);
const NAME_WORD = "[A-Z][a-z'-]+";
const NAME_INTRO = new RegExp(`\\b(?:[Mm]y name is|[Tt]his is|[Ii] am|[Ii]'m)\\s+(${NAME_WORD}(?:\\s+${NAME_WORD}){0,2})`, 'g');
const SIGN_OFF =
  /^(?:regards|kind regards|best regards|best|thanks|thank you|many thanks|cheers|sincerely|yours truly|yours sincerely|br)[,!.]?\s*$/i;
const SIGNATURE_LINE = new RegExp(`^\\s*-{0,2}\\s*(${NAME_WORD}(?:\\s+${NAME_WORD}){0,2})\\s*$`);
// Words that follow "I am" / "this is" without being names.
const NOT_NAMES = new Set([
  'Not',
  'Very',
  'So',
  'Still',
  'Really',
  'Writing',
  'Trying',
  'Looking',
  'Unable',
  'Sorry',
  'The',
  'A',
  'An',
  'Urgent',
  'Happy',
  'Unhappy',
  'Angry',
  'Frustrated',
  'Confused',
  'Here',
  'Your',
  'Our',
  'It',
  'Just',
]);

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

/**
 * The card numbers inside a run of digit groups ("4111 1111 1111 1111 09/27" reads as one run): the longest
 * window of whole groups with 13–19 digits that passes Luhn is a card, and what is left on either side is
 * searched again. An unbroken run is tried as a prefix or suffix (an expiry typed without a space).
 */
function redactCardsInRun(run: string, r: Redactor): string {
  const groups = [...run.matchAll(/\d+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, digits: m[0] }));
  const windows: { from: number; to: number; digits: string }[] = [];
  if (groups.length === 1) {
    const d = groups[0]!.digits;
    for (let len = Math.min(19, d.length); len >= 13; len--) {
      windows.push({ from: 0, to: len, digits: d.slice(0, len) }, { from: d.length - len, to: d.length, digits: d.slice(d.length - len) });
    }
  } else {
    for (let i = 0; i < groups.length; i++) {
      let digits = '';
      for (let j = i; j < groups.length && digits.length < 19; j++) {
        digits += groups[j]!.digits;
        if (digits.length >= 13 && digits.length <= 19) windows.push({ from: groups[i]!.start, to: groups[j]!.end, digits });
      }
    }
  }
  windows.sort((a, b) => b.digits.length - a.digits.length || a.from - b.from);
  const hit = windows.find((w) => luhnValid(w.digits));
  if (!hit) return run;
  const before = run.slice(0, hit.from);
  const after = run.slice(hit.to);
  const again = (part: string) => (digitCount(part) >= 13 ? part.replace(/\d(?:[ -]?\d)*/g, (sub) => redactCardsInRun(sub, r)) : part);
  return `${again(before)}${r.placeholder('CARD', run.slice(hit.from, hit.to))}${again(after)}`;
}

/** The longest prefix of an IBAN-shaped match that passes mod-97: the pattern also swallows the words after it. */
function redactIban(match: string, r: Redactor): string {
  for (let end = match.length; end >= 15; end--) {
    const candidate = match.slice(0, end);
    if (!candidate.endsWith(' ') && ibanValid(candidate)) return `${r.placeholder('IBAN', candidate)}${match.slice(end)}`;
  }
  return match;
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
    let text = r.replace(input, SECRET_KEY, 'SECRET');
    text = text.replace(SECRET_NAMED, (whole, value: string) => whole.replace(value, r.placeholder('SECRET', value)));
    text = r.replace(text, EMAIL, 'EMAIL');
    text = text.replace(IBAN, (m) => redactIban(m, r));
    text = text.replace(DIGIT_RUN, (m) => redactCardsInRun(m, r));
    for (const pattern of [ADDRESS_EN, ADDRESS_SUFFIXED, ADDRESS_PREFIXED, POSTCODE]) text = r.replace(text, pattern, 'ADDRESS');
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

const PLACEHOLDER = /\[(EMAIL|CARD|IBAN|PHONE|ADDRESS|NAME|SECRET)_(\d+)\]/g;

export interface Restored {
  text: string;
  /** Placeholders of payment data and secrets left as marked gaps, by kind. */
  withheld: Partial<Record<PiiKind, number>>;
  /** True when the text has a gap only an agent can fill: such a draft must never be sent automatically. */
  needsAgentInput: boolean;
}

/**
 * Puts contact details and names back; card numbers, IBANs and secrets become a marked gap instead, so a
 * reply never repeats them. An unknown placeholder (the model invented one) is left as it is.
 */
export function restore(text: string, map: Record<string, string>): Restored {
  const withheld: Partial<Record<PiiKind, number>> = {};
  const out = text.replace(PLACEHOLDER, (placeholder, kind: PiiKind) => {
    if (!(placeholder in map)) return placeholder;
    if (!NEVER_RESTORED.has(kind)) return map[placeholder]!;
    withheld[kind] = (withheld[kind] ?? 0) + 1;
    return gapFor(kind);
  });
  return { text: out, withheld, needsAgentInput: Object.keys(withheld).length > 0 };
}

/**
 * For streaming: the longest prefix of `raw` that cannot end inside a placeholder, restored. A delta that
 * splits "[EMA" | "IL_1]" is held back until the placeholder is complete.
 */
export function restoreStablePrefix(raw: string, map: Record<string, string>): string {
  const open = raw.lastIndexOf('[');
  const stable = open >= 0 && raw.indexOf(']', open) < 0 && raw.length - open <= 12 ? raw.slice(0, open) : raw;
  return restore(stable, map).text;
}
