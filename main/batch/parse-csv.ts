import { InvalidInputError } from '../../preload/contract/errors';

export interface CsvRecord {
  /** the line of the file the record starts on (1 = the header) */
  line: number;
  values: Record<string, string>;
  /** fields beyond the header's columns (a row with a stray comma) */
  extraFields: number;
}

/**
 * RFC 4180 CSV: a header row, fields in double quotes may hold commas, quotes ("") and line
 * breaks; CRLF or LF; a UTF-8 byte-order mark is ignored. Blank lines are skipped. Each record
 * keeps the line it starts on, so problems can be reported where a spreadsheet user looks.
 */
export function parseCsv(text: string): { header: string[]; records: CsvRecord[] } {
  const rows: Array<{ line: number; fields: string[] }> = [];
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let fields: string[] = [];
  let field = '';
  let rowLine = 1;
  let quoted = false;
  let fieldStarted = false;
  const endRow = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !fieldStarted)) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      fieldStarted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      fieldStarted = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) throw new InvalidInputError(`CSV line ${rowLine}: a quoted field is never closed`);
  if (field !== '' || fields.length || fieldStarted) endRow();

  const [head, ...body] = rows;
  if (!head) throw new InvalidInputError('the CSV file is empty: it needs a header row naming the columns');
  const header = head.fields.map((h) => h.trim());
  const records = body.map((r) => ({
    line: r.line,
    values: Object.fromEntries(header.map((h, k) => [h, r.fields[k] ?? ''])),
    extraFields: Math.max(0, r.fields.length - header.length),
  }));
  return { header, records };
}
