import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hasGap, ibanValid, luhnValid, redact, restore, restoreStablePrefix } from '../src/redaction';

describe('redaction', () => {
  const text = [
    'Hi, my name is Jane Doe and my email is jane.doe@example.com.',
    'Call me on +44 20 7946 0958. My card 4111 1111 1111 1111 was charged twice.',
    'Refund to IBAN GB82 WEST 1234 5698 7654 32 please. I live at 221 Baker Street, London.',
    'Order 12345 and card-like 4111 1111 1111 1112 are not PII.',
    'Thanks,',
    'Jane Doe',
  ].join('\n');

  it('replaces emails, phones, Luhn-valid cards, mod-97-valid IBANs, names and street addresses', () => {
    const r = redact(text, { knownNames: ['Jane Doe'] });
    for (const secret of ['jane.doe@example.com', '7946 0958', '4111 1111 1111 1111', 'GB82 WEST', 'Baker Street', 'Jane', 'Doe']) {
      expect(r.text).not.toContain(secret);
    }
    expect(r.text).toContain('Order 12345');
    expect(r.text).toContain('4111 1111 1111 1112');
    expect(r.summary).toMatchObject({ EMAIL: 1, PHONE: 1, CARD: 1, IBAN: 1, ADDRESS: 1 });
    expect(r.summary.NAME).toBeGreaterThanOrEqual(1);
    // Contact details and names come back; payment data never does.
    const restored = restore(r.text, r.map);
    expect(restored.text).toBe(
      text
        .replace('4111 1111 1111 1111', '[card number removed — fill in]')
        .replace('GB82 WEST 1234 5698 7654 32', '[IBAN removed — fill in]'),
    );
    expect(restored).toMatchObject({ withheld: { CARD: 1, IBAN: 1 }, needsAgentInput: true });
  });

  it('detects names from self-introductions and signature lines without a known name', () => {
    const r = redact('This is Maria Lopez from accounts.\nI am very upset.\n\nBest regards,\nTom Baker');
    expect(r.text).not.toMatch(/Maria|Lopez|Tom Baker/);
    expect(r.text).toContain('I am very upset');
    expect(r.summary.NAME).toBe(2);
  });

  it('checks card and IBAN checksums', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('GB83 WEST 1234 5698 7654 32')).toBe(false);
  });

  it('holds back a placeholder split across stream deltas until it is complete', () => {
    const map = { '[EMAIL_1]': 'a@b.co' };
    expect(restoreStablePrefix('Write to [EMA', map)).toBe('Write to ');
    expect(restoreStablePrefix('Write to [EMAIL_1] now', map)).toBe('Write to a@b.co now');
  });

  it('finds a card followed by its expiry or other digits: shorter runs are tried with Luhn', () => {
    for (const [input, card] of [
      ['Card 4111 1111 1111 1111 09/27 please refund', '4111 1111 1111 1111'],
      ['card: 4111111111111111 0927', '4111111111111111'],
      ['number 5500-0000-0000-0004-12 exp 12/26', '5500-0000-0000-0004'],
      ['order 12 4111 1111 1111 1111', '4111 1111 1111 1111'],
      ['glued 411111111111111109', '4111111111111111'],
    ] as const) {
      const r = redact(input);
      expect(r.text, input).not.toContain(card);
      expect(r.summary.CARD, input).toBe(1);
      expect(Object.values(r.map)).toContain(card);
    }
    expect(redact('Order 12345 shipped with tracking 1234 5678 9012 3456').summary.CARD).toBeUndefined();
  });

  it('finds IBANs in any case, with the words after them left alone', () => {
    for (const iban of ['gb82 west 1234 5698 7654 32', 'GB82WEST12345698765432', 'de89 3704 0044 0532 0130 00', 'Nl91abna0417164300']) {
      const r = redact(`Please refund to ${iban} thanks a lot`);
      expect(r.text).toBe('Please refund to [IBAN_1] thanks a lot');
      expect(r.map['[IBAN_1]']).toBe(iban);
    }
  });

  it('finds street addresses and postcodes beyond the US/UK form, and leaves look-alikes', () => {
    for (const [input, gone] of [
      ['Ich wohne in der Hauptstraße 5, 10115 Berlin.', ['Hauptstraße 5', '10115 Berlin']],
      ['Livrez au 12 rue de Rivoli, 75001 Paris svp', ['rue de Rivoli', '75001 Paris']],
      ['Mi dirección es Calle Mayor 5, 28013 Madrid.', ['Calle Mayor 5', '28013 Madrid']],
      ['Abito in Via Roma 10, Milano', ['Via Roma 10']],
      ['Keizersgracht 123a, 1015 CS Amsterdam', ['Keizersgracht 123a', '1015 CS Amsterdam']],
      ['ul. Długa 3, 00-238 Warszawa', ['Długa 3', '00-238 Warszawa']],
      ['Send it to 10 Downing Street, London SW1A 2AA', ['Downing Street', 'SW1A 2AA']],
      ['Ship to 500 Market Ave, San Francisco, CA 94105', ['Market Ave', 'CA 94105']],
    ] as const) {
      const r = redact(input);
      for (const g of gone) expect(r.text, input).not.toContain(g);
      expect(r.summary.ADDRESS, input).toBeGreaterThanOrEqual(1);
    }
    for (const keep of ['I paid via PayPal on Monday.', 'In 2024 The order was late.', 'Take place Tuesday at noon.']) {
      expect(redact(keep).summary.ADDRESS, keep).toBeUndefined();
    }
  });

  it('never restores secrets: passwords and API keys become gaps too', () => {
    const r = redact('My password is Hunter2!x and the key sk-ant-api03-abcdefghijklmnop1234 stopped working. Mail me at a@b.co');
    expect(r.text).not.toMatch(/Hunter2|sk-ant/);
    expect(r.summary.SECRET).toBe(2);
    const back = restore(`Hi, we reset ${Object.keys(r.map).join(' and ')}.`, r.map);
    expect(back.text).toBe('Hi, we reset [password or secret removed — fill in] and [password or secret removed — fill in] and a@b.co.');
    expect(back).toMatchObject({ withheld: { SECRET: 2 }, needsAgentInput: true });
    expect(hasGap(back.text)).toBe(true);
    const plain = restore('Write to [EMAIL_1]', r.map);
    expect(plain).toEqual({ text: 'Write to a@b.co', withheld: {}, needsAgentInput: false });
    expect(hasGap(plain.text)).toBe(false);
  });
});

// ---------------------------------------------------------------- generated PII inside realistic text

const digitsOf = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

function luhnComplete(body: string): string {
  for (let check = 0; check <= 9; check++) if (luhnValid(body + check)) return body + check;
  throw new Error('unreachable');
}

const cardArb = fc
  .record({
    prefix: fc.constantFrom('4', '51', '55', '37', '6011'),
    length: fc.constantFrom(15, 16),
    seed: digitsOf(18),
    sep: fc.constantFrom(' ', '-', ''),
    expiry: fc.constantFrom('', ' 09/27', ' 12/2026', ' exp 01/28', ' 0927', ' 12'),
  })
  .map(({ prefix, length, seed, sep, expiry }) => {
    const digits = luhnComplete((prefix + seed).slice(0, length - 1));
    const groups = digits.match(/.{1,4}/g)!;
    return { value: groups.join(sep), compact: digits, expiry };
  });

const IBAN_FORMATS: Record<string, { len: number; letters: number }> = {
  DE: { len: 18, letters: 0 },
  GB: { len: 18, letters: 4 },
  NL: { len: 14, letters: 4 },
  FR: { len: 23, letters: 0 },
  ES: { len: 20, letters: 0 },
  IT: { len: 23, letters: 1 },
};

function ibanCheck(country: string, bban: string): string {
  const numeric = (bban + country + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const d of numeric) rem = (rem * 10 + Number(d)) % 97;
  return String(98 - rem).padStart(2, '0');
}

const ibanArb = fc
  .record({
    country: fc.constantFrom(...Object.keys(IBAN_FORMATS)),
    letters: fc.array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), { minLength: 4, maxLength: 4 }).map((l) => l.join('')),
    digits: digitsOf(23),
    grouped: fc.boolean(),
    lower: fc.boolean(),
  })
  .map(({ country, letters, digits, grouped, lower }) => {
    const f = IBAN_FORMATS[country]!;
    const bban = (letters.slice(0, f.letters) + digits).slice(0, f.len);
    const compact = `${country}${ibanCheck(country, bban)}${bban}`;
    const shown = grouped ? compact.match(/.{1,4}/g)!.join(' ') : compact;
    return { value: lower ? shown.toLowerCase() : shown, compact };
  });

const word = fc.constantFrom('alex', 'maria', 'support', 'j.smith', 'li.wei', 'ops', 'billing', 'hans-peter', 'zoe_k', 'c3po');
const emailArb = fc
  .record({
    user: word,
    tag: fc.constantFrom('', '+orders', '.2024', '_x'),
    host: fc.constantFrom('example', 'mail', 'bücher', 'firma-gmbh', 'uni'),
    tld: fc.constantFrom('com', 'de', 'co.uk', 'fr', 'io', 'com.au'),
  })
  .map(({ user, tag, host, tld }) => `${user}${tag}@${host}.${tld}`);

const phoneArb = fc
  .record({
    format: fc.constantFrom(
      '+44 20 #### ####',
      '(###) ###-####',
      '###-###-####',
      '+49 30 ########',
      '+33 1 ## ## ## ##',
      '07### ######',
      '+1 ### ### ####',
      '+31 6 ########',
    ),
    digits: digitsOf(12),
  })
  .map(({ format, digits }) => {
    let i = 0;
    return format.replace(/#/g, () => digits[i++]!);
  });

const before = fc.constantFrom(
  'Hi, ',
  'Hello team,\n',
  'Please help. ',
  'Order #4411 is late. ',
  '',
  'I was charged twice on 3 March. ',
  'Bonjour, ',
  'Thanks for the quick reply!\n',
);
const lead = {
  card: fc.constantFrom('My card is ', 'card number: ', 'Kartennummer ', 'I used ', 'the card ', 'charged to '),
  iban: fc.constantFrom('Refund to IBAN ', 'my iban is ', 'IBAN: ', 'account ', 'pay back to '),
  email: fc.constantFrom('email me at ', 'Contact: ', 'reach me on ', '', 'my address is '),
  phone: fc.constantFrom('call me on ', 'Tel. ', 'phone: ', 'my number is ', 'ring '),
};
const after = fc.constantFrom('.', ' please.', ', thanks!', '\nRegards', ' asap', ' — urgent.', ' and the order 1234 too.', '');

describe('redaction of generated PII in realistic text', () => {
  const runs = { numRuns: 300 };

  it('no generated card number survives, with or without an expiry after it', () => {
    fc.assert(
      fc.property(before, lead.card, cardArb, after, (b, l, card, a) => {
        const input = `${b}${l}${card.value}${card.expiry}${a}`;
        const r = redact(input);
        expect(r.text).not.toContain(card.value);
        expect(r.text.replace(/\D/g, '')).not.toContain(card.compact);
        // The placeholder may also take the expiry when the longer run happens to pass Luhn: still redacted.
        expect(Object.values(r.map).some((v) => v.replace(/\D/g, '').includes(card.compact))).toBe(true);
        expect(restore(r.text, r.map).text).not.toContain(card.value);
      }),
      runs,
    );
  });

  it('no generated IBAN survives, in any case or grouping', () => {
    fc.assert(
      fc.property(before, lead.iban, ibanArb, after, (b, l, iban, a) => {
        const r = redact(`${b}${l}${iban.value}${a}`);
        expect(r.text.toUpperCase().replace(/\s/g, '')).not.toContain(iban.compact);
        expect(r.summary.IBAN).toBe(1);
        expect(restore(r.text, r.map).text.toUpperCase().replace(/\s/g, '')).not.toContain(iban.compact);
      }),
      runs,
    );
  });

  it('no generated email address or phone number survives, and both come back on restore', () => {
    fc.assert(
      fc.property(before, lead.email, emailArb, lead.phone, phoneArb, after, (b, le, email, lp, phone, a) => {
        const input = `${b}${le}${email} or ${lp}${phone}${a}`;
        const r = redact(input);
        expect(r.text).not.toContain(email);
        expect(r.text).not.toContain(phone);
        expect(r.text.replace(/\D/g, '')).not.toContain(phone.replace(/\D/g, ''));
        expect(restore(r.text, r.map)).toEqual({ text: input, withheld: {}, needsAgentInput: false });
      }),
      runs,
    );
  });
});
