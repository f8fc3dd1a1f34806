/**
 * The CPU-heavy half of an import: each row checked on its own, its ID number and mobile hashed and
 * encrypted. Small files are done in the importing thread; large ones in worker threads
 * (`PreparePool`), so that checking and encryption run beside parsing and the database's writes.
 * What needs the whole file in order (a repeated ID number, new places) stays with the importer.
 */
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { PersonalDataCipher, type DataKey } from '../../../platform/crypto.js';
import { maskIdNumber, maskMobile } from '../../../../../contracts/validation.js';
import { checkRowAlone, isRejection, type RowAlone } from './import.rows.js';
import type { SheetRow } from './import.sheet.js';

/** A row checked alone, with its personal numbers hashed and encrypted when it passed. */
export interface PreparedParts {
  row: number;
  alone: RowAlone;
  idHash: string | null;
  idEnc: string | null;
  idMasked: string | null;
  mobileEnc: string | null;
  mobileHash: string | null;
  mobileMasked: string | null;
}

export function prepareRows(cipher: PersonalDataCipher, rows: SheetRow[]): PreparedParts[] {
  return rows.map((r) => {
    const alone = checkRowAlone(r);
    if (isRejection(alone.result)) return { row: r.row, alone, idHash: null, idEnc: null, idMasked: null, mobileEnc: null, mobileHash: null, mobileMasked: null };
    const { idNumber, mobile } = alone.result;
    return {
      row: r.row,
      alone,
      idHash: cipher.hash(idNumber),
      idEnc: cipher.encrypt(idNumber),
      idMasked: maskIdNumber(idNumber),
      mobileEnc: mobile ? cipher.encrypt(mobile) : null,
      mobileHash: mobile ? cipher.hash(mobile) : null,
      mobileMasked: mobile ? maskMobile(mobile) : null,
    };
  });
}

interface Job {
  id: number;
  rows: SheetRow[];
}
type Answer = { id: number; parts: PreparedParts[] } | { id: number; error: string };

/** Worker threads preparing batches; answers come back per batch, whichever worker took it. */
export class PreparePool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve(p: PreparedParts[]): void; reject(e: Error): void }>();
  private next = 0;
  private broken: Error | null = null;

  constructor(
    readonly size: number,
    dataKey: DataKey,
  ) {
    const script = new URL('./import.prepare.worker.mjs', import.meta.url);
    this.workers = Array.from({ length: size }, () => {
      const w = new Worker(script, { workerData: { keyId: dataKey.id, key: dataKey.key } });
      w.on('message', (a: Answer) => {
        const p = this.waiting.get(a.id);
        this.waiting.delete(a.id);
        if ('error' in a) p?.reject(new Error(a.error));
        else p?.resolve(a.parts);
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`import worker stopped with exit code ${code}`));
      });
      return w;
    });
  }

  prepare(rows: SheetRow[]): Promise<PreparedParts[]> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[id % this.size].postMessage({ id, rows } satisfies Job);
    });
  }

  private fail(e: Error) {
    this.broken ??= e;
    for (const p of this.waiting.values()) p.reject(e);
    this.waiting.clear();
  }

  async close() {
    this.broken ??= new Error('import workers closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The worker's side (started by import.prepare.worker.mjs). */
export function serveWorker() {
  const data = workerData as { keyId: string; key: Uint8Array };
  const cipher = new PersonalDataCipher({ id: data.keyId, key: Buffer.from(data.key) });
  parentPort!.on('message', (job: Job) => {
    let answer: Answer;
    try {
      answer = { id: job.id, parts: prepareRows(cipher, job.rows) };
    } catch (e) {
      answer = { id: job.id, error: (e as Error).message };
    }
    parentPort!.postMessage(answer);
  });
}
