import { Worker } from 'node:worker_threads';
import { ImportError, type ImportPreview } from './docx.js';
import type { WorkerAnswer } from './worker.js';

const WORKER_URL = new URL('./worker.ts', import.meta.url).href;
const TSX_API_URL = import.meta.resolve('tsx/esm/api');

/** How long one file may take to read, and how much memory its reading may use. */
export const IMPORT_TIME_LIMIT_MS = 15_000;
const IMPORT_MEMORY_LIMIT_MB = 256;

/**
 * Reads a DOCX in a worker thread, so that a file built to be slow (a ZIP entry whose compressed
 * stream runs on past its declared size costs seconds of inflating) never stalls the collaboration
 * of everyone else on this server; the thread is stopped after IMPORT_TIME_LIMIT_MS, and has a
 * memory ceiling of its own. Rejects with ImportError only.
 */
export function readDeclarationDocxIsolated(bytes: Uint8Array, timeLimitMs = IMPORT_TIME_LIMIT_MS): Promise<ImportPreview> {
  return new Promise((resolve, reject) => {
    // A worker thread does not inherit the TypeScript loader (tsx) the server runs under: the thread
    // registers it, then loads the reader.
    const bootstrap = `import(${JSON.stringify(TSX_API_URL)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL)}); })`;
    const worker = new Worker(bootstrap, {
      eval: true,
      workerData: bytes,
      resourceLimits: { maxOldGenerationSizeMb: IMPORT_MEMORY_LIMIT_MB },
    });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(
      () => settle(() => reject(new ImportError(`reading the file took longer than ${timeLimitMs / 1000} seconds: it is damaged, or built to overload the importer`))),
      timeLimitMs,
    );
    worker.once('message', (answer: WorkerAnswer) =>
      settle(() => {
        if (answer.ok) resolve(answer.preview);
        else if (answer.importError) reject(new ImportError(answer.message));
        else reject(new Error(answer.message));
      }),
    );
    worker.once('error', (err) =>
      settle(() =>
        reject(
          'code' in err && err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ImportError('reading the file needed more memory than a declaration can: it is damaged, or built to overload the importer')
            : err,
        ),
      ),
    );
    worker.once('exit', (code) => settle(() => reject(new Error(`the import worker stopped (exit code ${code}) without an answer`))));
  });
}
