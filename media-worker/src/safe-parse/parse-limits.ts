// The limits every parser fed with an uploader's bytes works within. Files over them are refused
// with a stable code (MODEL_TOO_COMPLEX, FILE_TOO_COMPLEX) and deleted by the upload route.

/** Largest JSON chunk of a GLB model, in bytes (64 MiB): the geometry lives in the BIN chunk. */
export const MAX_GLB_JSON_BYTES = 64 * 1024 * 1024;

/**
 * Most arrays and objects open at once in a glTF document. Real documents nest about ten deep
 * (meshes → primitives → attributes, extensions inside); 64 leaves `extras` room.
 */
export const MAX_GLB_JSON_DEPTH = 64;

/** Largest ffprobe report read, in bytes (2 MiB; a typical one is 5-20 KiB, tags included). */
export const MAX_PROBE_OUTPUT_BYTES = 2 * 1024 * 1024;

/** Most arrays and objects open at once in an ffprobe report (ffprobe itself writes five at most). */
export const MAX_PROBE_JSON_DEPTH = 16;

/** Longest one parse may run on its thread before the thread is terminated, in ms (10 s). */
export const PARSE_TASK_TIMEOUT_MS = 10_000;

/** Old-generation heap of a parse thread, in MiB: a document that needs more ends the thread. */
export const PARSE_THREAD_HEAP_MB = 256;
