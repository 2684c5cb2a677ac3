import type { PersonalDataSection } from "../../../../shared/src/privacy/personal-data.ts";

/**
 * A cell a spreadsheet would run as a formula gets a leading apostrophe (CSV injection); numbers
 * and phone numbers such as `+48 600 100 200` stay as they are.
 */
export const neutraliseFormula = (value: string) =>
  /^[=@\t\r]/.test(value) || (/^[+-]/.test(value) && !/^[+-]?[\d\s().-]+$/.test(value)) ? `'${value}` : value;

/**
 * One RFC 4180 field: quoted when it holds a comma, a quote or a line break of any kind (a lone LF
 * or CR would otherwise split the record for some readers), its quotes doubled.
 */
const field = (value: string) => {
  const cell = neutraliseFormula(value);
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
};

/**
 * A data export as one CSV in long form: `section, record, field, value`, so sections of any
 * shape (a profile, many memberships, a consent history) fit one file and a spreadsheet.
 * Empty sections still get a line, so the reader sees that the category was looked at.
 * UTF-8 with a byte-order mark (so spreadsheets read it as UTF-8), CRLF after every record.
 * Written by hand rather than with a CSV library: the rules above are all it needs, and a
 * library's per-field bookkeeping was the privacy job's largest allocation per export.
 */
export const exportCsv = (sections: PersonalDataSection[]): string => {
  let csv = "\uFEFFsection,record,field,value\r\n";
  for (const { section, rows } of sections) {
    const name = field(section);
    if (rows.length === 0) csv += `${name},,,\r\n`;
    rows.forEach((row, index) => {
      for (const key in row) {
        const value = row[key];
        csv += `${name},${index + 1},${field(key)},${value === null ? "" : field(String(value))}\r\n`;
      }
    });
  }
  return csv;
};
