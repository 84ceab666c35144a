import fs from 'node:fs/promises';
import { MAX_MODEL_BYTES, MediaRejectedError } from '@yunzhan/shared';
import { JsonDepthScanner } from '../safe-parse/json-depth';
import { MAX_GLB_JSON_BYTES, MAX_GLB_JSON_DEPTH } from '../safe-parse/parse-limits';
import { parsePool } from '../safe-parse/upload-parse-pool';

// Binary glTF 2.0 (the GLB container): a 12-byte header (magic `glTF`, version 2, total length),
// then chunks of (length, type, data); the first chunk is the JSON document, whose `asset.version`
// must be `2.0`. https://registry.khronos.org/glTF/specs/2.0/glTF-2.0.html#binary-gltf-layout
// The JSON is the uploader's: it is read on a parse thread, its nesting scanned before JSON.parse.

/** `glTF` read as a little-endian uint32. */
const GLB_MAGIC = 0x46546c67;
/** `JSON` read as a little-endian uint32. */
const CHUNK_JSON = 0x4e4f534a;
const HEADER_BYTES = 12;
const CHUNK_HEADER_BYTES = 8;
/** The JSON chunk is read and scanned in pieces of this many bytes, so deep nesting is refused early. */
const READ_PIECE_BYTES = 1024 * 1024;

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
const tooDeep = (at: number) =>
  new MediaRejectedError('MODEL_TOO_COMPLEX', `The JSON document of the model nests deeper than ${MAX_GLB_JSON_DEPTH} levels`, { maxDepth: MAX_GLB_JSON_DEPTH, offset: at });

/**
 * Checks the GLB header and the first chunk's header (the first 20 bytes, or fewer when the file
 * is shorter) against the file's size; returns the JSON chunk's length. Throws NOT_MEDIA naming
 * what is wrong, MODEL_TOO_COMPLEX for a JSON chunk over MAX_GLB_JSON_BYTES (64 MiB).
 */
export function judgeGlbHeader(head: Uint8Array, sizeBytes: number): number {
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
  if (chunkLength === 0 || HEADER_BYTES + CHUNK_HEADER_BYTES + chunkLength > sizeBytes) {
    throw notGlb('The JSON chunk of the model has an impossible length', { chunkLength });
  }
  if (chunkLength > MAX_GLB_JSON_BYTES) {
    throw new MediaRejectedError('MODEL_TOO_COMPLEX', `The JSON document of the model is larger than ${MAX_GLB_JSON_BYTES} bytes`, { chunkLength, maxBytes: MAX_GLB_JSON_BYTES });
  }
  return chunkLength;
}

/**
 * Judges the JSON chunk of a model: nesting within MAX_GLB_JSON_DEPTH (else MODEL_TOO_COMPLEX,
 * before anything is parsed; `scanned` when the caller has scanned it already), then JSON that
 * parses with `asset.version` "2.0" (else NOT_MEDIA).
 */
export function judgeGlbJson(json: Uint8Array, sizeBytes: number, scanned = false): GlbFacts {
  if (!scanned) {
    const at = new JsonDepthScanner(MAX_GLB_JSON_DEPTH).feed(json);
    if (at !== -1) throw tooDeep(at);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('utf8'));
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
 * Checks the GLB header and the JSON chunk of a whole file held in memory or described by its
 * first bytes: `head` holds at least the header, the first chunk header and the JSON chunk;
 * `sizeBytes` is the file's size. Throws NOT_MEDIA naming what is wrong, MODEL_TOO_COMPLEX over
 * a limit. Pure: tested as data. Runs where it is called: `probeGlb` is the off-thread check.
 */
export function judgeGlb(head: Uint8Array, sizeBytes: number): GlbFacts {
  const chunkLength = judgeGlbHeader(head.subarray(0, HEADER_BYTES + CHUNK_HEADER_BYTES), sizeBytes);
  if (head.length < HEADER_BYTES + CHUNK_HEADER_BYTES + chunkLength) throw notGlb('The JSON chunk of the model is cut off');
  return judgeGlbJson(head.subarray(HEADER_BYTES + CHUNK_HEADER_BYTES, HEADER_BYTES + CHUNK_HEADER_BYTES + chunkLength), sizeBytes);
}

/** Reads up to `length` bytes into `buffer` at `offset` from where the last read ended; the bytes read (fewer only at the end). */
async function readOn(handle: fs.FileHandle, buffer: Buffer, offset: number, length: number): Promise<number> {
  let done = 0;
  while (done < length) {
    // Position null: the file is read in order, as a pipe would be.
    const { bytesRead } = await handle.read(buffer, offset + done, length - done, null);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

/**
 * Reads a GLB file's header and JSON chunk and judges them (see judgeGlb). The chunk is read in
 * 1 MiB pieces, each scanned as it arrives, so a model that nests too deep is refused after its
 * first piece. Runs on a parse thread (the `glb` task); call `probeGlb` from anywhere else.
 */
export async function readGlbFacts(input: { file: string; sizeBytes: number }): Promise<GlbFacts> {
  const handle = await fs.open(input.file, 'r');
  try {
    const header = Buffer.alloc(HEADER_BYTES + CHUNK_HEADER_BYTES);
    const headerBytes = await readOn(handle, header, 0, header.length);
    const chunkLength = judgeGlbHeader(header.subarray(0, headerBytes), input.sizeBytes);
    const json = Buffer.alloc(chunkLength);
    const scanner = new JsonDepthScanner(MAX_GLB_JSON_DEPTH);
    for (let offset = 0; offset < chunkLength; ) {
      const read = await readOn(handle, json, offset, Math.min(READ_PIECE_BYTES, chunkLength - offset));
      if (read === 0) throw notGlb('The JSON chunk of the model is cut off');
      const at = scanner.feed(json.subarray(offset, offset + read));
      if (at !== -1) throw tooDeep(at);
      offset += read;
    }
    return judgeGlbJson(json, input.sizeBytes, true);
  } finally {
    await handle.close();
  }
}

/**
 * Checks an uploaded GLB file: size within `maxBytes` (default MAX_MODEL_BYTES, 200 MB, else
 * MEDIA_TOO_LARGE), a glTF 2.0 header whose length matches the file, and a JSON chunk that
 * parses with `asset.version` "2.0" (else NOT_MEDIA). The header and JSON chunk are read on a
 * parse thread: nesting deeper than 64, a chunk over 64 MiB, or a parse past the thread's time or
 * memory limit is refused with MODEL_TOO_COMPLEX; the main thread never parses the model.
 */
export async function probeGlb(file: string, maxBytes = MAX_MODEL_BYTES): Promise<GlbFacts> {
  const { size } = await fs.stat(file);
  if (size > maxBytes) throw new MediaRejectedError('MEDIA_TOO_LARGE', `The model is larger than ${maxBytes} bytes`, { sizeBytes: size, maxBytes });
  return parsePool().run('glb', { file, sizeBytes: size }, 'MODEL_TOO_COMPLEX');
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
  return packGlb(JSON.stringify(doc), Buffer.from(positions.buffer));
}

/**
 * Packs a glTF JSON text (any text: tests and benches hand it hostile documents) and an optional
 * binary chunk into a GLB: 12-byte header, chunks padded to 4 bytes, lengths as the format wants.
 */
export function packGlb(jsonText: string, bin?: Buffer): Buffer {
  const pad = (b: Buffer, fill: number) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4, fill)]);
  const chunk = (type: number, data: Buffer) => {
    const h = Buffer.alloc(8);
    h.writeUInt32LE(data.length, 0);
    h.writeUInt32LE(type, 4);
    return Buffer.concat([h, data]);
  };
  const chunks = [chunk(CHUNK_JSON, pad(Buffer.from(jsonText, 'utf8'), 0x20))];
  if (bin) chunks.push(chunk(0x004e4942, pad(bin, 0)));
  const body = Buffer.concat(chunks);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(GLB_MAGIC, 0);
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(HEADER_BYTES + body.length, 8);
  return Buffer.concat([header, body]);
}
