import fc from 'fast-check';
import { z } from 'zod';

/**
 * fast-check arbitraries derived from the API's own zod schemas (through their JSON Schema, which zod 4 emits):
 * valid payloads, and payloads with exactly one thing wrong, each labelled with the field a correct 400 must name.
 *
 * zod-fast-check, the usual bridge, supports zod 3 only (and fast-check < 4); this project is on zod 4, whose
 * `z.toJSONSchema` gives everything needed here, so the mapping below is small and stays in step with the schemas.
 */

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** Readable text with some non-ASCII, the kind a customer types; not trimmed to nothing. */
const text = (min: number, max: number) =>
  fc
    .string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.,!?-éüßçø中文字😀'.split(/(?:)/u)),
      minLength: Math.max(min, 1),
      maxLength: Math.min(max, 40),
    })
    .filter((s) => s.trim().length >= min);

function stringArb(s: JsonSchema, name: string): fc.Arbitrary<string> {
  if (name === 'email') return fc.emailAddress();
  if (s.pattern) {
    const re = new RegExp(s.pattern, 'u');
    const max = s.maxLength ?? 64;
    const fits = (v: string) => v.length >= (s.minLength ?? 0) && v.length <= max;
    try {
      return fc.stringMatching(re).filter(fits);
    } catch {
      // fast-check cannot generate from Unicode property classes (\p{L}); typed text that happens to match will do.
      return text(s.minLength ?? 1, max)
        .map((v) => v.replace(/\s+/g, '-'))
        .filter((v) => fits(v) && re.test(v));
    }
  }
  return text(s.minLength ?? 0, s.maxLength ?? 60);
}

/** A value valid for the JSON Schema (the zod schema itself has the last word: callers filter with safeParse). */
export function validArb(s: JsonSchema, name = ''): fc.Arbitrary<Json> {
  if (s.anyOf) return fc.oneof(...s.anyOf.map((sub) => validArb(sub, name)));
  if (s.const !== undefined) return fc.constant(s.const as Json);
  if (s.enum) return fc.constantFrom(...(s.enum as Json[]));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return stringArb(s, name);
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(validArb(s.items ?? {}, name), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 5, 5) });
    case 'object': {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const record: Record<string, fc.Arbitrary<Json>> = {};
      for (const [key, sub] of Object.entries(props)) record[key] = validArb(sub, key);
      return fc.record(record, { requiredKeys: [...required] }) as fc.Arbitrary<Json>;
    }
    default:
      return fc.jsonValue() as fc.Arbitrary<Json>;
  }
}

export interface Fuzzed {
  kind: string;
  payload: Json;
  /** The field a 400 must name; undefined when the payload may be valid or has no single culprit. */
  field?: string;
  /** A short description for the report. */
  what: string;
}

interface Slot {
  path: string[];
  schema: JsonSchema;
}

/** Every property (nested objects included) a mutation can aim at. */
function slots(s: JsonSchema, path: string[] = []): Slot[] {
  const out: Slot[] = [];
  for (const [key, sub] of Object.entries(s.properties ?? {})) {
    out.push({ path: [...path, key], schema: sub });
    if (sub.type === 'object') out.push(...slots(sub, [...path, key]));
  }
  return out;
}

function typeOf(s: JsonSchema): string {
  if (s.anyOf) return s.anyOf.map(typeOf).join('|');
  if (s.enum || s.const !== undefined) return 'string';
  return (Array.isArray(s.type) ? s.type.join('|') : s.type) ?? 'any';
}

function setAt(value: Json, path: string[], next: Json): Json {
  if (path.length === 0) return next;
  const obj = value && typeof value === 'object' && !Array.isArray(value) ? { ...value } : {};
  obj[path[0]!] = setAt(obj[path[0]!] ?? {}, path.slice(1), next);
  return obj;
}

/** A value of another JSON type than the schema allows. */
function wrongTypeArb(s: JsonSchema): fc.Arbitrary<Json> {
  const allowed = typeOf(s);
  const candidates: fc.Arbitrary<Json>[] = [];
  if (!/string/.test(allowed)) candidates.push(fc.string({ maxLength: 10 }));
  if (!/number|integer/.test(allowed)) candidates.push(fc.integer(), fc.double({ noNaN: true }));
  if (!/boolean/.test(allowed)) candidates.push(fc.boolean());
  if (!/array/.test(allowed)) candidates.push(fc.array(fc.integer(), { maxLength: 3 }));
  if (!/object/.test(allowed))
    candidates.push(fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }) as fc.Arbitrary<Json>);
  if (!/null/.test(allowed)) candidates.push(fc.constant(null));
  return fc.oneof(...candidates);
}

/** A string that Postgres or UTF-8 cannot store, or that breaks naive handling, placed inside otherwise fine text. */
const poisonArb = fc.oneof(
  fc.record({ label: fc.constant('NUL character'), value: fc.tuple(text(1, 10), text(0, 10)).map(([a, b]) => `${a}\u0000${b}`) }),
  fc.record({
    label: fc.constant('lone high surrogate'),
    value: fc.tuple(text(1, 10), fc.integer({ min: 0xd800, max: 0xdbff })).map(([a, c]) => `${a}${String.fromCharCode(c)}`),
  }),
  fc.record({
    label: fc.constant('lone low surrogate'),
    value: fc.tuple(fc.integer({ min: 0xdc00, max: 0xdfff }), text(1, 10)).map(([c, b]) => `${String.fromCharCode(c)}${b}`),
  }),
);

/**
 * Payloads for one body schema: mostly valid ones with exactly one thing wrong (labelled with the field a 400 must
 * name), plus valid payloads, random JSON and unknown fields.
 */
export function bodyArb(schema: z.ZodType, options: { validWeight?: number } = {}): fc.Arbitrary<Fuzzed> {
  const js = jsonSchemaOf(schema);
  const valid = validArb(js).filter((v) => schema.safeParse(v).success);
  const targets = slots(js);
  const strings = targets.filter((t) => /string/.test(typeOf(t.schema)) && !t.schema.enum && t.schema.const === undefined);
  const bounded = strings.filter((t) => t.schema.maxLength !== undefined);
  const named = (path: string[]) => path.join('.');
  const known = new Set(Object.keys(js.properties ?? {}));

  const arbs: fc.WeightedArbitrary<Fuzzed>[] = [
    { weight: options.validWeight ?? 1, arbitrary: valid.map((payload) => ({ kind: 'valid', payload, what: 'a valid payload' })) },
    {
      weight: 3,
      arbitrary: fc.tuple(valid, fc.constantFrom(...targets)).chain(([base, t]) =>
        wrongTypeArb(t.schema).map((bad) => ({
          kind: 'wrong type',
          payload: setAt(base, t.path, bad),
          field: named(t.path),
          what: `${named(t.path)} = ${JSON.stringify(bad)}`,
        })),
      ),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(valid, fc.constantFrom(...strings), poisonArb).map(([base, t, p]) => ({
        kind: p.label,
        payload: setAt(base, t.path, p.value),
        field: named(t.path),
        what: `${p.label} in ${named(t.path)}`,
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          valid,
          fc
            .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_'.split('')), minLength: 1, maxLength: 12 })
            .filter((k) => !known.has(k) && !['__proto__', 'constructor', 'prototype'].includes(k)),
          fc.jsonValue(),
        )
        .map(([base, key, value]) => ({
          kind: 'unknown field',
          payload: { ...(base as Record<string, Json>), [key]: value as Json },
          field: key,
          what: `unknown field ${key}`,
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .jsonValue()
        .map((payload) => ({ kind: 'random JSON', payload: payload as Json, what: `random JSON ${JSON.stringify(payload).slice(0, 60)}` })),
    },
  ];
  if (bounded.length) {
    arbs.push({
      weight: 1,
      arbitrary: fc.tuple(valid, fc.constantFrom(...bounded), fc.integer({ min: 1, max: 2_000 })).map(([base, t, extra]) => ({
        kind: 'huge string',
        payload: setAt(base, t.path, 'x'.repeat(t.schema.maxLength! + extra)),
        field: named(t.path),
        what: `${named(t.path)} of ${t.schema.maxLength! + extra} characters`,
      })),
    });
  }
  return fc.oneof(...arbs);
}

export interface FuzzedQuery {
  kind: string;
  query: string;
  field?: string;
  what: string;
}

const enc = (v: string) => encodeURIComponent(v);
/** A lone surrogate cannot be percent-encoded as UTF-8; a client sends its WTF-8 bytes, which the server sees as U+FFFD. */
const LONE_SURROGATE_BYTES = '%ED%A0%80';

function toQuery(params: Record<string, Json>): string {
  return Object.entries(params)
    .map(([k, v]) => `${enc(k)}=${Array.isArray(v) ? v.map((x) => enc(String(x))).join(',') : enc(String(v))}`)
    .join('&');
}

/** Query strings for one query schema: valid ones, and ones with exactly one bad parameter. */
export function queryArb(schema: z.ZodType, options: { required?: Record<string, fc.Arbitrary<string>> } = {}): fc.Arbitrary<FuzzedQuery> {
  const js = jsonSchemaOf(schema);
  const base = validArb(js).map((v) => ({ ...(v as Record<string, Json>) }));
  const required = options.required ?? {};
  const withRequired = fc.tuple(base, fc.record(required)).map(([b, r]) => ({ ...b, ...r }) as Record<string, Json>);
  const props = Object.entries(js.properties ?? {});
  const numeric = props.filter(([, s]) => s.type === 'integer' || s.type === 'number');
  const bounded = props.filter(([, s]) => s.maxLength !== undefined || s.pattern !== undefined || s.enum !== undefined);
  const known = new Set(props.map(([k]) => k));

  const arbs: fc.Arbitrary<FuzzedQuery>[] = [
    withRequired.map((p) => ({ kind: 'valid', query: toQuery(p), what: `?${toQuery(p).slice(0, 80)}` })),
    fc
      .tuple(
        withRequired,
        fc
          .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split('')), minLength: 1, maxLength: 10 })
          .filter((k) => !known.has(k) && !(k in required)),
        fc.string({ maxLength: 10 }),
      )
      .map(([p, key, value]) => ({
        kind: 'unknown parameter',
        query: `${toQuery(p)}&${enc(key)}=${enc(value)}`,
        field: key,
        what: `unknown parameter ${key}`,
      })),
    fc
      .tuple(withRequired, fc.constantFrom(...props), fc.constantFrom('%00', LONE_SURROGATE_BYTES, `${enc('a')}%00${enc('b')}`))
      .map(([p, [key], raw]) => ({
        kind: 'NUL or surrogate bytes',
        query: `${toQuery({ ...p, [key]: 'x' }).replace(`${enc(key)}=x`, `${enc(key)}=${raw}`)}`,
        what: `${key}=${raw}`,
      })),
  ];
  if (numeric.length) {
    arbs.push(
      fc
        .tuple(
          withRequired,
          fc.constantFrom(...numeric),
          fc.oneof(
            fc.constantFrom('0', '-1', '101', '1e309', 'NaN', '1.5', '99999999999999999999', '', 'Infinity'),
            fc.integer({ min: 101, max: 2 ** 31 }).map(String),
          ),
        )
        .map(([p, [key], value]) => ({
          kind: 'out-of-range number',
          query: toQuery({ ...p, [key]: value }),
          field: key,
          what: `${key}=${value}`,
        })),
    );
  }
  if (bounded.length) {
    arbs.push(
      fc
        .tuple(
          withRequired,
          fc.constantFrom(...bounded),
          fc.oneof(
            fc.string({ minLength: 1, maxLength: 20 }).map((s) => `${s}!$~`),
            fc.integer({ min: 1, max: 3000 }).map((n) => 'z'.repeat(600 + n)),
          ),
        )
        .map(([p, [key, s], value]) => ({
          kind: 'bad value',
          query: toQuery({ ...p, [key]: value }),
          field: s.enum || s.pattern || value.length > (s.maxLength ?? Infinity) ? key : undefined,
          what: `${key}=${value.slice(0, 40)}${value.length > 40 ? `… (${value.length})` : ''}`,
        })),
    );
  }
  return fc.oneof(...arbs);
}
