import { ValidationError } from '@helpdesk/db';

// Postgres text cannot hold U+0000, and an unpaired UTF-16 surrogate has no UTF-8 encoding: either would
// surface as a driver error (a 500) instead of a 400 the sender can act on.
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_TEXT = 'contains a NUL character or an unpaired UTF-16 surrogate';

export function isStorableText(value: string): boolean {
  return !NUL.test(value) && !LONE_SURROGATE.test(value);
}

/**
 * Walks a parsed JSON value (or any plain object/array of strings) and throws a 400 naming the first
 * field, as a dotted path after `prefix`, whose key or string value cannot be stored.
 */
export function assertStorableInput(value: unknown, prefix = ''): void {
  const visit = (v: unknown, field: string): void => {
    if (typeof v === 'string') {
      if (!isStorableText(v)) throw new ValidationError(field || 'body', UNSTORABLE_TEXT);
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, `${field}.${i}`));
      return;
    }
    if (v && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        const path = field ? `${field}.${key}` : key;
        if (!isStorableText(key)) throw new ValidationError(field || 'body', `has a field name that ${UNSTORABLE_TEXT}`);
        visit(item, path);
      }
    }
  };
  visit(value, prefix);
}
