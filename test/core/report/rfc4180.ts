/**
 * A strict RFC 4180 reader for the tests: records end with CRLF, fields are bare or wholly
 * double-quoted with `""` inside. Anything else (a bare quote, a lone LF between records, text
 * after a closing quote) throws, so a sloppy writer cannot pass by accident. Returns each field
 * with whether it was quoted (a bare field is how numbers are written).
 */
export interface Field {
  text: string;
  quoted: boolean;
}

export function parseCsv(input: string): Field[][] {
  const records: Field[][] = [];
  let record: Field[] = [];
  let i = 0;
  const n = input.length;
  if (n === 0) return records;
  for (;;) {
    let field: Field;
    if (input[i] === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= n) throw new Error('unterminated quoted field');
        const c = input[i]!;
        if (c === '"') {
          if (input[i + 1] === '"') {
            text += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += c;
        i++;
      }
      field = { text, quoted: true };
    } else {
      let j = i;
      while (j < n && input[j] !== ',' && input[j] !== '\r' && input[j] !== '\n') {
        if (input[j] === '"') throw new Error(`bare quote in an unquoted field at ${j}`);
        j++;
      }
      field = { text: input.slice(i, j), quoted: false };
      i = j;
    }
    record.push(field);
    if (input[i] === ',') {
      i++;
      continue;
    }
    if (input.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
      if (i === n) return records;
      continue;
    }
    throw new Error(i >= n ? 'last record not ended by CRLF' : `unexpected ${JSON.stringify(input[i])} at ${i}`);
  }
}

/** Would a spreadsheet run this cell as a formula? (OWASP: =, +, -, @, tab, CR first.) */
export const runsAsFormula = (cell: string): boolean => /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(cell);
