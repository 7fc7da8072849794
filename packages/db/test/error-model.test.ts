import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError, errorAnswer, parseInput } from '../src/errors';

const ticketChanges = z.object({
  subject: z.string().trim().min(1).max(10),
  tags: z.array(z.string().regex(/^[a-z0-9-]+$/, 'Tags may use lowercase letters, digits and dashes')).max(3),
  priority: z.enum(['LOW', 'HIGH']),
});

describe('zod → field errors, in one place', () => {
  it('parseInput names every field with a problem, in plain words, and never throws a raw ZodError', () => {
    const error = (() => {
      try {
        parseInput(ticketChanges, { subject: 'x'.repeat(11), tags: ['ok', 'vip!'], priority: 'URGENT' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.status).toBe(400);
    expect(v.code).toBe('validation_error');
    expect(v.field).toBe('subject');
    expect(v.fields).toEqual({
      subject: 'Use at most 10 characters',
      // A problem inside a list lands on the element and on the list, the input a form shows.
      'tags.1': 'Tags may use lowercase letters, digits and dashes',
      tags: 'Tags may use lowercase letters, digits and dashes',
      priority: 'Choose one of the options offered',
    });
    expect(v.userMessage).toBe('Use at most 10 characters');
    // The log message says which field; the people's message does not need slicing.
    expect(v.message).toBe('subject: Use at most 10 characters');
  });

  it('names an unknown key itself, not the object holding it', () => {
    const strict = z.strictObject({ name: z.string() });
    const v = ValidationError.fromZod(strict.safeParse({ name: 'a', nmae: 'b' }).error!);
    expect(v.field).toBe('nmae');
    expect(v.fields).toEqual({ nmae: 'This is not a known field' });
  });

  it('returns the parsed data (transforms applied) when the input is good', () => {
    expect(parseInput(ticketChanges, { subject: '  Hi ', tags: [], priority: 'LOW' })).toEqual({
      subject: 'Hi',
      tags: [],
      priority: 'LOW',
    });
  });
});

describe('errorAnswer: typed domain errors → 4xx with the field', () => {
  it('keeps status, code, field and the message for people apart from the log message', () => {
    expect(errorAnswer(new ValidationError('tags', 'Tags may use lowercase letters'))).toEqual({
      status: 400,
      code: 'validation_error',
      message: 'Tags may use lowercase letters',
      field: 'tags',
      fields: { tags: 'Tags may use lowercase letters' },
    });
    expect(errorAnswer(new ConflictError('The ticket is closed', 'status'))).toMatchObject({
      status: 409,
      code: 'conflict',
      field: 'status',
      message: 'The ticket is closed',
    });
    expect(errorAnswer(new NotFoundError('Ticket'))).toEqual({ status: 404, code: 'not_found', message: 'Ticket not found', fields: {} });
    expect(errorAnswer(new ForbiddenError())).toMatchObject({ status: 403, code: 'forbidden' });
    const logged = new DomainError('That file could not be read', 422, 'unreadable', 'file', {
      logMessage: 'pdf parse failed at xref 0x1f',
    });
    expect(logged.message).toBe('pdf parse failed at xref 0x1f');
    expect(errorAnswer(logged)).toMatchObject({ status: 422, message: 'That file could not be read', field: 'file' });
  });

  it('maps a stray ZodError to a 400 naming the field, a down database to 503, and anything else to null (a bug)', () => {
    const zodError = z.object({ email: z.email() }).safeParse({ email: 'nope' }).error!;
    expect(errorAnswer(zodError)).toMatchObject({ status: 400, field: 'email', message: 'Enter a valid email address' });
    expect(errorAnswer(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toMatchObject({
      status: 503,
      code: 'unavailable',
    });
    expect(errorAnswer(new TypeError('x is undefined'))).toBeNull();
  });
});
