// The module every upload parse thread loads (see upload-parse-pool.ts).
import { serveParseTasks } from './parse-protocol';
import { uploadParseHandlers, type UploadParseTasks } from './parse-tasks';

serveParseTasks<UploadParseTasks>(uploadParseHandlers);
