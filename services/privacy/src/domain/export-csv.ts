import { stringify } from "csv-stringify/sync";
import type { PersonalDataSection } from "../../../../shared/src/privacy/personal-data.ts";

/**
 * A cell a spreadsheet would run as a formula gets a leading apostrophe (CSV injection); numbers
 * and phone numbers such as `+48 600 100 200` stay as they are.
 */
export const neutraliseFormula = (value: string) =>
  /^[=@\t\r]/.test(value) || (/^[+-]/.test(value) && !/^[+-]?[\d\s().-]+$/.test(value)) ? `'${value}` : value;

/**
 * A data export as one CSV in long form: `section, record, field, value`, so sections of any
 * shape (a profile, many memberships, a consent history) fit one file and a spreadsheet.
 * Empty sections still get a line, so the reader sees that the category was looked at.
 */
export const exportCsv = (sections: PersonalDataSection[]): string => {
  const records: string[][] = [["section", "record", "field", "value"]];
  for (const { section, rows } of sections) {
    if (rows.length === 0) records.push([section, "", "", ""]);
    rows.forEach((row, index) => {
      for (const [field, value] of Object.entries(row)) {
        records.push([section, String(index + 1), field, value === null ? "" : String(value)]);
      }
    });
  }
  return stringify(records, {
    cast: { string: neutraliseFormula },
    record_delimiter: "\r\n",
    // csv-stringify quotes only a value holding the record delimiter (CRLF): a lone LF or CR would
    // otherwise split the record for every RFC 4180 reader.
    quoted_match: /[\r\n]/,
    bom: true,
  });
};
