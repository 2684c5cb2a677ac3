import type { PersonalDataSection } from "../../../../shared/src/privacy/personal-data.ts";

/**
 * A cell a spreadsheet would run as a formula gets a leading apostrophe (CSV injection); numbers
 * and phone numbers such as `+48 600 100 200` stay as they are.
 */
export const neutraliseFormula = (value: string) =>
  /^[=@\t\r]/.test(value) || (/^[+-]/.test(value) && !/^[+-]?[\d\s().-]+$/.test(value)) ? `'${value}` : value;

/** A cell holding a comma, a quote or the CRLF that ends a line is quoted, its quotes doubled. */
const needsQuotes = /[",]|\r\n/;
const cell = (value: string) => {
  const safe = neutraliseFormula(value);
  return needsQuotes.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/**
 * A data export as one CSV in long form: `section, record, field, value`, so sections of any
 * shape (a profile, many memberships, a consent history) fit one file and a spreadsheet.
 * Empty sections still get a line, so the reader sees that the category was looked at.
 * Written straight into one string (with a BOM, CRLF line ends), with no record arrays in
 * between: the job builds one per export, many at once, under a small heap.
 */
export const exportCsv = (sections: PersonalDataSection[]): string => {
  let csv = "\ufeffsection,record,field,value\r\n";
  for (const { section, rows } of sections) {
    const name = cell(section);
    if (rows.length === 0) csv += `${name},,,\r\n`;
    for (let index = 0; index < rows.length; index += 1) {
      const row = rows[index] as Record<string, unknown>;
      for (const field in row) {
        const value = row[field];
        csv += `${name},${index + 1},${cell(field)},${value === null ? "" : cell(String(value))}\r\n`;
      }
    }
  }
  return csv;
};
