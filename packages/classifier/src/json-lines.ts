/**
 * A small JSON parser that remembers the line each array element starts on, so a malformed dataset
 * entry can be reported by line instead of by byte offset.
 */
export class JsonSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export const elementLines = new WeakMap<unknown[], number[]>();

export function parseJsonWithLines(text: string): unknown {
  let pos = 0;
  let line = 1;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(line, message);
  };
  const skip = () => {
    while (pos < text.length) {
      const c = text[pos]!;
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') return;
      pos++;
    }
  };
  const expect = (c: string) => {
    skip();
    if (text[pos] !== c) fail(`expected '${c}' but found ${text[pos] === undefined ? 'end of file' : `'${text[pos]}'`}`);
    pos++;
  };
  const str = (): string => {
    expect('"');
    const start = pos;
    while (pos < text.length && text[pos] !== '"') {
      if (text[pos] === '\\') pos++;
      else if (text[pos] === '\n') fail('unterminated string');
      pos++;
    }
    if (pos >= text.length) fail('unterminated string');
    pos++;
    try {
      return JSON.parse(text.slice(start - 1, pos)) as string;
    } catch {
      return fail('invalid escape in string');
    }
  };
  const value = (): unknown => {
    skip();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const obj: Record<string, unknown> = {};
      skip();
      if (text[pos] === '}') return (pos++, obj);
      for (;;) {
        const key = str();
        expect(':');
        obj[key] = value();
        skip();
        if (text[pos] === ',') pos++;
        else return (expect('}'), obj);
      }
    }
    if (c === '[') {
      pos++;
      const arr: unknown[] = [];
      const lines: number[] = [];
      elementLines.set(arr, lines);
      skip();
      if (text[pos] === ']') return (pos++, arr);
      for (;;) {
        skip();
        lines.push(line);
        arr.push(value());
        skip();
        if (text[pos] === ',') pos++;
        else return (expect(']'), arr);
      }
    }
    if (c === '"') return str();
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(pos, pos + 40));
    if (!m) return fail(c === undefined ? 'unexpected end of file' : `unexpected '${c}'`);
    pos += m[0].length;
    return JSON.parse(m[0]) as unknown;
  };

  const result = value();
  skip();
  if (pos < text.length) fail(`unexpected '${text[pos]}' after the end of the document`);
  return result;
}
