import fs from 'node:fs/promises';
import { MAX_MODEL_BYTES, MediaRejectedError } from '@yunzhan/shared';

// Binary glTF 2.0 (the GLB container): a 12-byte header (magic `glTF`, version 2, total length),
// then chunks of (length, type, data); the first chunk is the JSON document, whose `asset.version`
// must be `2.0`. https://registry.khronos.org/glTF/specs/2.0/glTF-2.0.html#binary-gltf-layout

/** `glTF` read as a little-endian uint32. */
const GLB_MAGIC = 0x46546c67;
/** `JSON` read as a little-endian uint32. */
const CHUNK_JSON = 0x4e4f534a;
const HEADER_BYTES = 12;
const CHUNK_HEADER_BYTES = 8;
/** A JSON chunk larger than this is not a model we show (the geometry lives in the BIN chunk). */
const MAX_JSON_CHUNK_BYTES = 64 * 1024 * 1024;

/** What the GLB check learnt about an accepted model. */
export interface GlbFacts {
  sizeBytes: number;
  /** `asset.generator` of the glTF document, when it names one. */
  generator: string | null;
  /** Number of meshes in the document. */
  meshes: number;
}

/** Whether bytes start with the GLB magic (`glTF`). */
export function looksLikeGlb(start: Uint8Array): boolean {
  return start.length >= 4 && Buffer.from(start.buffer, start.byteOffset, 4).readUInt32LE(0) === GLB_MAGIC;
}

const notGlb = (message: string, details?: unknown) => new MediaRejectedError('NOT_MEDIA', message, details);

/**
 * Checks the GLB header and the JSON chunk of a whole file held in memory or described by its
 * first bytes: `head` holds at least the header, the first chunk header and the JSON chunk;
 * `sizeBytes` is the file's size. Throws NOT_MEDIA naming what is wrong. Pure: tested as data.
 */
export function judgeGlb(head: Uint8Array, sizeBytes: number): GlbFacts {
  const buf = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (buf.length < HEADER_BYTES + CHUNK_HEADER_BYTES) throw notGlb('This file is too short to be a GLB model');
  if (buf.readUInt32LE(0) !== GLB_MAGIC) throw notGlb('This file is not a GLB (binary glTF) model');
  const version = buf.readUInt32LE(4);
  if (version !== 2) throw notGlb(`Only glTF 2.0 models are supported (this is version ${version})`, { version });
  const length = buf.readUInt32LE(8);
  if (length !== sizeBytes) throw notGlb('The model is cut off or has extra bytes: its header gives another length', { length, sizeBytes });
  const chunkLength = buf.readUInt32LE(12);
  const chunkType = buf.readUInt32LE(16);
  if (chunkType !== CHUNK_JSON) throw notGlb('The first chunk of the model is not its JSON document');
  if (chunkLength === 0 || chunkLength > MAX_JSON_CHUNK_BYTES || HEADER_BYTES + CHUNK_HEADER_BYTES + chunkLength > sizeBytes) {
    throw notGlb('The JSON chunk of the model has an impossible length', { chunkLength });
  }
  if (buf.length < HEADER_BYTES + CHUNK_HEADER_BYTES + chunkLength) throw notGlb('The JSON chunk of the model is cut off');
  let doc: unknown;
  try {
    doc = JSON.parse(buf.subarray(20, 20 + chunkLength).toString('utf8'));
  } catch {
    throw notGlb('The JSON document of the model does not parse');
  }
  const asset = (doc as { asset?: { version?: unknown; generator?: unknown } } | null)?.asset;
  if (asset?.version !== '2.0') throw notGlb('The model does not declare asset.version "2.0"', { version: asset?.version ?? null });
  const meshes = (doc as { meshes?: unknown }).meshes;
  return {
    sizeBytes,
    generator: typeof asset.generator === 'string' ? asset.generator.slice(0, 120) : null,
    meshes: Array.isArray(meshes) ? meshes.length : 0,
  };
}

/**
 * Checks an uploaded GLB file: size within `maxBytes` (default MAX_MODEL_BYTES, 200 MB, else
 * MEDIA_TOO_LARGE), a glTF 2.0 header whose length matches the file, and a JSON chunk that
 * parses with `asset.version` "2.0" (else NOT_MEDIA). Reads only the header and the JSON chunk.
 */
export async function probeGlb(file: string, maxBytes = MAX_MODEL_BYTES): Promise<GlbFacts> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new MediaRejectedError('MEDIA_TOO_LARGE', `The model is larger than ${maxBytes} bytes`, { sizeBytes: size, maxBytes });
    const header = Buffer.alloc(HEADER_BYTES + CHUNK_HEADER_BYTES);
    const { bytesRead } = await handle.read(header, 0, header.length, 0);
    if (bytesRead < header.length || header.readUInt32LE(0) !== GLB_MAGIC) return judgeGlb(header.subarray(0, bytesRead), size);
    const jsonLength = Math.min(header.readUInt32LE(12), MAX_JSON_CHUNK_BYTES + 1, Math.max(0, size - header.length));
    const head = Buffer.alloc(header.length + jsonLength);
    await handle.read(head, 0, head.length, 0);
    return judgeGlb(head, size);
  } finally {
    await handle.close();
  }
}

/**
 * A minimal valid GLB (one triangle, no buffers needed beyond its own BIN chunk), for tests and
 * the demo: `asset.version` 2.0, padded chunks, the header's length equal to the byte count.
 */
export function buildMinimalGlb(generator = 'yunzhan'): Buffer {
  const positions = new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]);
  const bin = Buffer.from(positions.buffer);
  const doc = {
    asset: { version: '2.0', generator },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0 }],
    meshes: [{ primitives: [{ attributes: { POSITION: 0 } }] }],
    accessors: [{ bufferView: 0, componentType: 5126, count: 3, type: 'VEC3', min: [0, 0, 0], max: [1, 1, 0] }],
    bufferViews: [{ buffer: 0, byteLength: bin.length }],
    buffers: [{ byteLength: bin.length }],
  };
  const pad = (b: Buffer, fill: number) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4, fill)]);
  const json = pad(Buffer.from(JSON.stringify(doc), 'utf8'), 0x20);
  const binPadded = pad(bin, 0);
  const chunk = (type: number, data: Buffer) => {
    const h = Buffer.alloc(8);
    h.writeUInt32LE(data.length, 0);
    h.writeUInt32LE(type, 4);
    return Buffer.concat([h, data]);
  };
  const body = Buffer.concat([chunk(CHUNK_JSON, json), chunk(0x004e4942, binPadded)]);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(GLB_MAGIC, 0);
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(HEADER_BYTES + body.length, 8);
  return Buffer.concat([header, body]);
}
