import { readFileSync } from 'node:fs';
import { elementLines, JsonSyntaxError, parseJsonWithLines } from './json-lines';

export interface Example {
  text: string;
  label: string;
}

/** The label CLINC150 gives queries that no intent covers. */
export const OUT_OF_SCOPE = 'oos';

export class DatasetFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
  }
}

/** Splits CSV records, honouring quoted fields (which may hold commas, doubled quotes and newlines). */
function csvRecords(text: string, file: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
        const next = text[i + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new DatasetFormatError(file, line, 'unexpected character after a closing quote');
        }
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      fieldStart = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      fieldStart = true;
      line++;
      recordLine = line;
    } else {
      if (c === '"') throw new DatasetFormatError(file, line, 'a quote inside an unquoted field');
      field += c;
      fieldStart = false;
    }
  }
  if (quoted) throw new DatasetFormatError(file, recordLine, 'unterminated quoted field');
  fields.push(field);
  if (fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields });
  return records;
}

/** banking77 format: a `text,category` header, then one labelled query per record. */
export function parseBankingCsv(text: string, file = 'input'): Example[] {
  const records = csvRecords(text, file);
  const header = records[0];
  if (!header || header.fields.map((f) => f.trim().toLowerCase()).join(',') !== 'text,category') {
    throw new DatasetFormatError(file, header?.line ?? 1, 'expected the header "text,category"');
  }
  return records.slice(1).map(({ line, fields }) => {
    if (fields.length !== 2) throw new DatasetFormatError(file, line, `expected 2 fields (text,category) but found ${fields.length}`);
    const [textField, category] = fields as [string, string];
    if (!textField.trim()) throw new DatasetFormatError(file, line, 'empty text');
    if (!category.trim()) throw new DatasetFormatError(file, line, 'empty category');
    return { text: textField, label: category.trim() };
  });
}

/** CLINC150 format: an object of splits, each an array of [text, intent] pairs. */
export function parseClincJson(text: string, file = 'input'): Record<string, Example[]> {
  let doc: unknown;
  try {
    doc = parseJsonWithLines(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError)
      throw new DatasetFormatError(file, error.line, `invalid JSON: ${error.message.replace(/^line \d+: /, '')}`);
    throw error;
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new DatasetFormatError(file, 1, 'expected an object of splits');
  const splits: Record<string, Example[]> = {};
  for (const [name, entries] of Object.entries(doc)) {
    if (!Array.isArray(entries)) throw new DatasetFormatError(file, 1, `split "${name}" is not an array`);
    const lines = elementLines.get(entries) ?? [];
    splits[name] = entries.map((entry: unknown, i) => {
      const line = lines[i] ?? 1;
      if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') {
        throw new DatasetFormatError(file, line, `split "${name}" entry ${i} is not a [text, intent] pair of strings`);
      }
      if (!entry[0].trim() || !entry[1].trim())
        throw new DatasetFormatError(file, line, `split "${name}" entry ${i} has an empty text or intent`);
      return { text: entry[0], label: entry[1].trim() };
    });
  }
  return splits;
}

export function readDatasetFile(path: string): string {
  return readFileSync(path, 'utf8');
}
