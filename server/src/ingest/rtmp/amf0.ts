/**
 * AMF0 (Adobe's Action Message Format, version 0): the encoding of RTMP's commands. Only what an
 * RTMP server reads from a publisher and answers is here. Decoding is bounded (depth, entries,
 * string length is bounded by the message itself) and throws `Amf0Error` on anything malformed.
 */

/** A decoded AMF0 value. */
export type Amf0Value = number | boolean | string | null | undefined | Date | Amf0Value[] | { [key: string]: Amf0Value };

/** Malformed AMF0. */
export class Amf0Error extends Error {}

const NUMBER = 0x00;
const BOOLEAN = 0x01;
const STRING = 0x02;
const OBJECT = 0x03;
const NULL = 0x05;
const UNDEFINED = 0x06;
const ECMA_ARRAY = 0x08;
const OBJECT_END = 0x09;
const STRICT_ARRAY = 0x0a;
const DATE = 0x0b;
const LONG_STRING = 0x0c;

const MAX_DEPTH = 8;
const MAX_ENTRIES = 256;

class Reader {
  offset = 0;
  constructor(private readonly buf: Buffer) {}

  get done(): boolean {
    return this.offset >= this.buf.length;
  }

  take(n: number): Buffer {
    if (this.offset + n > this.buf.length) throw new Amf0Error('AMF0 value runs past the end of the message');
    const out = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  u8 = () => this.take(1)[0]!;
  u16 = () => this.take(2).readUInt16BE(0);
  u32 = () => this.take(4).readUInt32BE(0);
  utf8 = (n: number) => this.take(n).toString('utf8');

  value(depth: number): Amf0Value {
    if (depth > MAX_DEPTH) throw new Amf0Error('AMF0 value nested too deep');
    const marker = this.u8();
    switch (marker) {
      case NUMBER:
        return this.take(8).readDoubleBE(0);
      case BOOLEAN:
        return this.u8() !== 0;
      case STRING:
        return this.utf8(this.u16());
      case LONG_STRING:
        return this.utf8(this.u32());
      case NULL:
        return null;
      case UNDEFINED:
        return undefined;
      case OBJECT:
        return this.properties(depth);
      case ECMA_ARRAY:
        this.u32(); // The count is a hint; the entries end with the object-end marker.
        return this.properties(depth);
      case STRICT_ARRAY: {
        const count = this.u32();
        if (count > MAX_ENTRIES) throw new Amf0Error('AMF0 array too long');
        return Array.from({ length: count }, () => this.value(depth + 1));
      }
      case DATE: {
        const ms = this.take(8).readDoubleBE(0);
        this.u16(); // Time zone: reserved, always 0.
        return new Date(ms);
      }
      default:
        throw new Amf0Error(`AMF0 type 0x${marker.toString(16)} is not supported`);
    }
  }

  private properties(depth: number): { [key: string]: Amf0Value } {
    // A prototype-free object: a key such as `__proto__` stays data.
    const out = Object.create(null) as { [key: string]: Amf0Value };
    for (let i = 0; ; i++) {
      if (i > MAX_ENTRIES) throw new Amf0Error('AMF0 object has too many properties');
      const key = this.utf8(this.u16());
      if (key === '' && this.buf[this.offset] === OBJECT_END) {
        this.offset += 1;
        return out;
      }
      out[key] = this.value(depth + 1);
    }
  }
}

/** Decodes every value in `buf` (a command: name, transaction id, command object, arguments). */
export function decodeAmf0(buf: Buffer): Amf0Value[] {
  const reader = new Reader(buf);
  const values: Amf0Value[] = [];
  while (!reader.done) {
    if (values.length >= MAX_ENTRIES) throw new Amf0Error('too many AMF0 values');
    values.push(reader.value(0));
  }
  return values;
}

function encodeString(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  if (bytes.length > 0xffff) {
    const head = Buffer.alloc(5);
    head[0] = LONG_STRING;
    head.writeUInt32BE(bytes.length, 1);
    return Buffer.concat([head, bytes]);
  }
  const head = Buffer.alloc(3);
  head[0] = STRING;
  head.writeUInt16BE(bytes.length, 1);
  return Buffer.concat([head, bytes]);
}

function encodeValue(value: Amf0Value): Buffer {
  if (value === null) return Buffer.from([NULL]);
  if (value === undefined) return Buffer.from([UNDEFINED]);
  if (typeof value === 'number') {
    const out = Buffer.alloc(9);
    out[0] = NUMBER;
    out.writeDoubleBE(value, 1);
    return out;
  }
  if (typeof value === 'boolean') return Buffer.from([BOOLEAN, value ? 1 : 0]);
  if (typeof value === 'string') return encodeString(value);
  if (value instanceof Date) {
    const out = Buffer.alloc(11);
    out[0] = DATE;
    out.writeDoubleBE(value.getTime(), 1);
    return out;
  }
  if (Array.isArray(value)) {
    const head = Buffer.alloc(5);
    head[0] = STRICT_ARRAY;
    head.writeUInt32BE(value.length, 1);
    return Buffer.concat([head, ...value.map(encodeValue)]);
  }
  const parts: Buffer[] = [Buffer.from([OBJECT])];
  for (const [key, v] of Object.entries(value)) {
    const name = Buffer.from(key, 'utf8');
    const len = Buffer.alloc(2);
    len.writeUInt16BE(name.length, 0);
    parts.push(len, name, encodeValue(v));
  }
  parts.push(Buffer.from([0, 0, OBJECT_END]));
  return Buffer.concat(parts);
}

/** Encodes values one after another (a command or a data message). */
export function encodeAmf0(...values: Amf0Value[]): Buffer {
  return Buffer.concat(values.map(encodeValue));
}
