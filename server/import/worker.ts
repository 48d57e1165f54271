import { parentPort, workerData } from 'node:worker_threads';
import { ImportError, readDeclarationDocx } from './docx.js';

/** Reads one DOCX off the main thread (see isolated.ts); answers once, then the thread ends. */
export type WorkerAnswer = { ok: true; preview: ReturnType<typeof readDeclarationDocx> } | { ok: false; importError: boolean; message: string };

let answer: WorkerAnswer;
try {
  answer = { ok: true, preview: readDeclarationDocx(workerData as Uint8Array) };
} catch (err) {
  answer = { ok: false, importError: err instanceof ImportError, message: err instanceof Error ? err.message : String(err) };
}
parentPort?.postMessage(answer);
