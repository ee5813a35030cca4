/**
 * Structural check of an Arrow IPC file before any Arrow code decodes it: every length and offset the file
 * states is checked against the bytes that are actually there, so a corrupted file is a clean
 * {@link ArrowLayoutError} instead of a multi-gigabyte allocation or a loop over billions of entries
 * inside the decoder. Checks: the magic at both ends, the footer's size, every flatbuffer table, vector
 * and string of the footer's schema (recursively) lying inside its buffer, each record batch's block and
 * message (metadata length, body length, row count, field nodes, buffers) lying inside the file, no
 * dictionaries and no compression (the kit writes neither). Every loop is bounded by the file's size.
 */

/** A structural problem of an Arrow IPC file (the message says what and where). */
export class ArrowLayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArrowLayoutError";
  }
}

const MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"
/** Message header type of a record batch in Arrow's Message.fbs. */
const HEADER_RECORD_BATCH = 3;

/** A bounds-checked view of one flatbuffer. */
class Flat {
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    private readonly what: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private need(pos: number, size: number, item: string): void {
    if (!Number.isSafeInteger(pos) || pos < 0 || pos + size > this.bytes.byteLength) {
      throw new ArrowLayoutError(`${this.what}: ${item} at byte ${pos} (+${size}) lies outside its ${this.bytes.byteLength} bytes`);
    }
  }
  u8(pos: number, item: string): number {
    this.need(pos, 1, item);
    return this.view.getUint8(pos);
  }
  u16(pos: number, item: string): number {
    this.need(pos, 2, item);
    return this.view.getUint16(pos, true);
  }
  i32(pos: number, item: string): number {
    this.need(pos, 4, item);
    return this.view.getInt32(pos, true);
  }
  u32(pos: number, item: string): number {
    this.need(pos, 4, item);
    return this.view.getUint32(pos, true);
  }
  i64(pos: number, item: string): bigint {
    this.need(pos, 8, item);
    return this.view.getBigInt64(pos, true);
  }
  /** The table the root offset points to. */
  root(): number {
    return this.table(0, "root table");
  }
  /** Follows the uoffset at `pos` to a table and checks its vtable. */
  table(pos: number, item: string): number {
    const t = pos + this.u32(pos, item);
    const vt = t - this.i32(t, `${item} vtable offset`);
    const vtSize = this.u16(vt, `${item} vtable`);
    if (vtSize < 4 || vtSize % 2 !== 0) throw new ArrowLayoutError(`${this.what}: ${item} has a vtable of ${vtSize} bytes`);
    this.need(vt, vtSize, `${item} vtable`);
    this.need(t, this.u16(vt + 2, `${item} size`), item);
    return t;
  }
  /** Position of field `index` of the table at `t`, or null when absent. */
  field(t: number, index: number, item: string): number | null {
    const vt = t - this.i32(t, `${item} vtable offset`);
    const vtSize = this.u16(vt, `${item} vtable`);
    const slot = 4 + 2 * index;
    if (slot + 2 > vtSize) return null;
    const off = this.u16(vt + slot, item);
    return off === 0 ? null : t + off;
  }
  /** A vector at the uoffset `pos`: its first element's position and its length, checked to fit. */
  vector(pos: number, elementSize: number, item: string): { start: number; length: number } {
    const v = pos + this.u32(pos, item);
    const length = this.u32(v, `${item} length`);
    this.need(v + 4, length * elementSize, `${item} (${length} entries)`);
    return { start: v + 4, length };
  }
  /** Checks the string at the uoffset `pos` fits. */
  string(pos: number, item: string): void {
    this.vector(pos, 1, item);
  }
}

/** Checks a schema Field table (name, type, children, metadata), recursively up to `depth`. */
function checkField(fb: Flat, t: number, depth: number): void {
  if (depth > 32) throw new ArrowLayoutError("schema nests fields more than 32 levels deep");
  const name = fb.field(t, 0, "field name");
  if (name !== null) fb.string(name, "field name");
  const type = fb.field(t, 3, "field type");
  if (type !== null) fb.table(type, "field type");
  if (fb.field(t, 4, "field dictionary") !== null) throw new ArrowLayoutError("dictionary-encoded fields are not supported (the kit writes none)");
  const children = fb.field(t, 5, "field children");
  if (children !== null) {
    const { start, length } = fb.vector(children, 4, "field children");
    for (let i = 0; i < length; i++) checkField(fb, fb.table(start + 4 * i, "child field"), depth + 1);
  }
  const meta = fb.field(t, 6, "field metadata");
  if (meta !== null) checkKeyValues(fb, meta);
}

function checkKeyValues(fb: Flat, pos: number): void {
  const { start, length } = fb.vector(pos, 4, "metadata");
  for (let i = 0; i < length; i++) {
    const kv = fb.table(start + 4 * i, "metadata entry");
    for (const [index, item] of [[0, "metadata key"], [1, "metadata value"]] as const) {
      const s = fb.field(kv, index, item);
      if (s !== null) fb.string(s, item);
    }
  }
}

function toSafe(v: bigint, what: string): number {
  if (v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ArrowLayoutError(`${what} is ${v}`);
  return Number(v);
}

/**
 * Checks the layout of Arrow IPC file bytes (see the module comment).
 * @throws ArrowLayoutError naming what is out of bounds.
 */
export function checkArrowFileLayout(bytes: Uint8Array): void {
  const size = bytes.byteLength;
  if (size < 8 + 10 + 8) throw new ArrowLayoutError(`${size} bytes is too short for an Arrow IPC file`);
  for (let i = 0; i < 6; i++) {
    if (bytes[i] !== MAGIC[i] || bytes[size - 6 + i] !== MAGIC[i]) throw new ArrowLayoutError("the ARROW1 magic is missing at the start or the end");
  }
  const file = new Flat(bytes, "file");
  const footerLength = file.i32(size - 10, "footer length");
  if (footerLength <= 0 || footerLength > size - 8 - 10) {
    throw new ArrowLayoutError(`footer length ${footerLength} does not fit in a ${size}-byte file`);
  }
  const footerStart = size - 10 - footerLength;
  const footer = new Flat(bytes.subarray(footerStart, size - 10), "footer");
  const root = footer.root();
  const schemaPos = footer.field(root, 1, "footer schema");
  if (schemaPos === null) throw new ArrowLayoutError("the footer has no schema");
  const schema = footer.table(schemaPos, "schema");
  const fields = footer.field(schema, 1, "schema fields");
  if (fields !== null) {
    const { start, length } = footer.vector(fields, 4, "schema fields");
    for (let i = 0; i < length; i++) checkField(footer, footer.table(start + 4 * i, "field"), 0);
  }
  const schemaMeta = footer.field(schema, 2, "schema metadata");
  if (schemaMeta !== null) checkKeyValues(footer, schemaMeta);
  const dictionaries = footer.field(root, 2, "footer dictionaries");
  if (dictionaries !== null && footer.vector(dictionaries, 24, "dictionary blocks").length > 0) {
    throw new ArrowLayoutError("dictionary batches are not supported (the kit writes none)");
  }
  const batches = footer.field(root, 3, "footer record batches");
  if (batches === null) return;
  const blocks = footer.vector(batches, 24, "record batch blocks");
  for (let b = 0; b < blocks.length; b++) {
    const at = blocks.start + 24 * b;
    const offset = toSafe(footer.i64(at, "block offset"), `record batch ${b} offset`);
    const metaLength = footer.i32(at + 8, "block metadata length");
    const bodyLength = toSafe(footer.i64(at + 16, "block body length"), `record batch ${b} body length`);
    if (offset < 8 || metaLength < 8 || offset + metaLength + bodyLength > footerStart) {
      throw new ArrowLayoutError(`record batch ${b} (offset ${offset}, metadata ${metaLength} bytes, body ${bodyLength} bytes) does not fit before the footer at byte ${footerStart}`);
    }
    let flatStart = offset + 4;
    let flatLength = file.i32(offset, "message length");
    if (flatLength === -1) {
      flatLength = file.i32(offset + 4, "message length");
      flatStart = offset + 8;
    }
    if (flatLength <= 0 || flatStart + flatLength > offset + metaLength) {
      throw new ArrowLayoutError(`record batch ${b}: message length ${flatLength} does not fit in its ${metaLength}-byte metadata block`);
    }
    const msg = new Flat(bytes.subarray(flatStart, flatStart + flatLength), `record batch ${b} message`);
    const m = msg.root();
    const headerTypePos = msg.field(m, 1, "message header type");
    if (headerTypePos === null || msg.u8(headerTypePos, "message header type") !== HEADER_RECORD_BATCH) {
      throw new ArrowLayoutError(`record batch ${b}: the message is not a record batch`);
    }
    const bodyPos = msg.field(m, 3, "message body length");
    const declaredBody = bodyPos === null ? 0 : toSafe(msg.i64(bodyPos, "message body length"), `record batch ${b} message body length`);
    if (declaredBody !== bodyLength) throw new ArrowLayoutError(`record batch ${b}: message says ${declaredBody} body bytes, the footer ${bodyLength}`);
    const headerPos = msg.field(m, 2, "message header");
    if (headerPos === null) throw new ArrowLayoutError(`record batch ${b}: the message has no header`);
    const rb = msg.table(headerPos, "record batch header");
    const lengthPos = msg.field(rb, 0, "row count");
    const rows = lengthPos === null ? 0 : toSafe(msg.i64(lengthPos, "row count"), `record batch ${b} row count`);
    // Every column type the kit stores needs at least one bit per row of body.
    if (rows > 8 * bodyLength) throw new ArrowLayoutError(`record batch ${b}: ${rows} rows cannot fit in ${bodyLength} body bytes`);
    const nodesPos = msg.field(rb, 1, "field nodes");
    if (nodesPos !== null) {
      const nodes = msg.vector(nodesPos, 16, "field nodes");
      for (let i = 0; i < nodes.length; i++) {
        const length = toSafe(msg.i64(nodes.start + 16 * i, "node length"), `record batch ${b} field ${i} length`);
        const nulls = toSafe(msg.i64(nodes.start + 16 * i + 8, "node null count"), `record batch ${b} field ${i} null count`);
        if (length > rows || nulls > length) throw new ArrowLayoutError(`record batch ${b}: field ${i} states ${length} values (${nulls} null) in a ${rows}-row batch`);
      }
    }
    const buffersPos = msg.field(rb, 2, "buffers");
    if (buffersPos !== null) {
      const buffers = msg.vector(buffersPos, 16, "buffers");
      for (let i = 0; i < buffers.length; i++) {
        const start = toSafe(msg.i64(buffers.start + 16 * i, "buffer offset"), `record batch ${b} buffer ${i} offset`);
        const length = toSafe(msg.i64(buffers.start + 16 * i + 8, "buffer length"), `record batch ${b} buffer ${i} length`);
        if (start + length > bodyLength) throw new ArrowLayoutError(`record batch ${b}: buffer ${i} (${start}+${length}) lies outside the ${bodyLength}-byte body`);
      }
    }
    if (msg.field(rb, 3, "compression") !== null) throw new ArrowLayoutError(`record batch ${b}: compressed bodies are not supported (the kit writes none)`);
  }
}
