import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrors, parseForm } from '../src/form-errors';

const schema = z.object({
  name: z.string().trim().min(1, 'Enter your name').max(5),
  email: z.email(),
  count: z.number().int().min(1).max(10),
  tags: z.array(z.string()).max(1),
  plan: z.enum(['free', 'pro']),
});

describe('parseForm', () => {
  it('returns every field error at once, in plain words where the schema set none', () => {
    const result = parseForm(schema, { name: 'toolong', email: 'nope', count: 11, tags: ['a', 'b'], plan: 'gold' });
    expect(result).toEqual({
      ok: false,
      errors: {
        name: 'Use at most 5 characters',
        email: 'Enter a valid email address',
        count: 'Enter at most 10',
        tags: 'Choose at most 1',
        plan: 'Choose one of the options offered',
      },
    });
  });

  it("keeps a schema's own message and names missing fields", () => {
    expect(parseForm(schema, { name: '  ', count: 0, tags: [], plan: 'free' })).toEqual({
      ok: false,
      errors: { name: 'Enter your name', email: 'This field is required', count: 'Enter at least 1' },
    });
  });

  it('hands back the parsed data when the input is valid', () => {
    expect(parseForm(schema, { name: ' Ann ', email: 'a@b.co', count: 2, tags: [], plan: 'pro' })).toEqual({
      ok: true,
      data: { name: 'Ann', email: 'a@b.co', count: 2, tags: [], plan: 'pro' },
    });
  });
});

describe('fieldErrors', () => {
  it('rewords the messages zod wrote itself, for schemas parsed without parseForm, and keeps the ones a schema wrote', () => {
    const parsed = schema.safeParse({ name: 'toolong', email: 'nope', count: 'x', plan: 'gold' });
    expect(fieldErrors(parsed.error!)).toEqual({
      name: 'Use at most 5 characters',
      email: 'Enter a valid email address',
      count: 'Enter a number',
      tags: 'This field is required',
      plan: 'Choose one of the options offered',
    });
    expect(fieldErrors(schema.safeParse({ name: ' ', email: 'a@b.co', count: 1, tags: [], plan: 'free' }).error!)).toEqual({
      name: 'Enter your name',
    });
  });
});
