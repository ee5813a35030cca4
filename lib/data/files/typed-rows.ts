/**
 * Typed rows of a validated table: the one place where the data layer turns columns into row objects of a
 * declared type, so readers of committed data files return typed rows and nothing downstream casts.
 */
import { tableLength, type ColumnSpec, type DataTable } from "../arrow-table.ts";

/** A schema whose column names are fields of `Row` (checked by the compiler). */
export type RowSchema<Row> = readonly (ColumnSpec & { name: Extract<keyof Row, string> })[];

/**
 * The rows of `table` as `Row` objects with exactly the schema's columns, in schema order. `table` must have
 * been read with the same schema (`readArrowTable` validates every column's name and type), which is what
 * makes each field's type match.
 */
export function typedRows<Row>(table: DataTable, schema: RowSchema<Row>): Row[] {
  const n = tableLength(table);
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const row: Partial<Record<keyof Row, unknown>> = {};
    for (const spec of schema) row[spec.name] = table.columns[spec.name]![i];
    rows.push(row as Row);
  }
  return rows;
}
