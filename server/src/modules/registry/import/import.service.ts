/**
 * Importing residents from the template: every row is checked on its own (all or nothing per row),
 * valid rows are upserted by the ID-number hash in batches (one transaction per batch), and rejected
 * rows are reported as (row, column, reason). Importing the same file twice changes nothing.
 */
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { isUniqueViolation, textArray, type Db } from '../../../platform/db.js';
import type { Actor } from '../../../platform/access.js';
import type { PersonalDataCipher } from '../../../platform/crypto.js';
import { AppError, errors } from '../../../platform/errors.js';
import { recordAudit } from '../../../platform/audit.js';
import { TAG_SEPARATOR, type ImportJob, type ImportRejection } from '../../../../../contracts/registry-import.js';
import { addPlaces, findPlace, type NewPlace } from '../../places/places.service.js';
import { copyField, type CopyRows, type CopyWriter } from './import.copy.js';
import { registryPolicy } from '../registry.policy.js';
import * as repo from './import.repository.js';
import { checkRepeat, isRejection, type CheckedRow } from './import.rows.js';
import { PreparePool, prepareRows, type PreparedParts } from './import.prepare.js';
import { PlaceResolver } from './import.places.js';
import { openSheet, SheetError, type Sheet, type SheetInput, type SheetRow } from './import.sheet.js';
import { buildRejectedReport } from './import.workbook.js';

export interface ImportOptions {
  communityCode: string;
  /** Create unknown 小区/楼栋/单元 instead of rejecting the row. */
  createPlaces: boolean;
  /** Place-code prefixes the importer may write residents in; a resident registered outside them is not moved. Null: an operator (CLI). */
  scope: string[] | null;
  /** Rows per transaction. */
  batchSize?: number;
  /** Batches written at once, each in its own transaction: 2 on PostgreSQL uses its second core; PGlite has one connection. */
  writers?: number;
  /** Worker threads that check and encrypt rows, for files of at least `workerRows` rows (default 2 and 20,000; 0 workers: all in this thread). */
  prepareWorkers?: number;
  workerRows?: number;
  /** PostgreSQL: write batches through this writer, so that new residents go in by COPY. */
  copy?: CopyWriter | null;
  /** Called after each batch is committed, with that batch's counts. */
  onBatch?: (b: BatchCounts) => Promise<void> | void;
}

export interface BatchCounts {
  processed: number;
  imported: number;
  updated: number;
  rejected: ImportRejection[];
}

export interface ImportSummary {
  total: number;
  imported: number;
  updated: number;
  rejected: ImportRejection[];
}

interface PreparedRow {
  row: number;
  householdCode: string;
  checked: CheckedRow;
  idHash: string;
  idEnc: string;
  idMasked: string;
  mobileEnc: string | null;
  mobileHash: string | null;
  mobileMasked: string | null;
}

const PARTY_STATUS: Record<string, 'full' | 'probationary'> = { 中共党员: 'full', 中共预备党员: 'probationary' };
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The community a file is imported into; a clear error when the code is not a community. */
export async function findCommunity(db: Db, code: string) {
  const place = await findPlace(db, code);
  if (!place) throw errors.notFound(`社区 ${code}`);
  if (place.level !== 'community') throw errors.field('community', `${code} 是${place.name}，不是社区 (not a community)`);
  return place;
}

/** Imports a sheet into a community. Rows are checked and encrypted while the previous batch is being written. */
export async function importResidents(db: Db, cipher: PersonalDataCipher, sheet: Sheet, opts: ImportOptions): Promise<ImportSummary> {
  await findCommunity(db, opts.communityCode);
  const resolver = new PlaceResolver(opts.communityCode, await repo.listPlacesUnder(db, opts.communityCode), opts.createPlaces);
  const seen = new Map<string, number>();
  const batchSize = opts.batchSize ?? 2000;
  const summary: ImportSummary = { total: 0, imported: 0, updated: 0, rejected: [] };

  // Checking rows alone and encrypting: in worker threads for a large file, else here, a slice at a time
  // (letting the previous batch's queries make progress: this process encrypts while the database writes).
  const workers = opts.prepareWorkers ?? 2;
  const pool = workers > 0 && sheet.total >= (opts.workerRows ?? 20_000) ? new PreparePool(workers, cipher.dataKey) : null;
  const prepareParts = async (batch: SheetRow[]): Promise<PreparedParts[]> => {
    if (pool) return pool.prepare(batch);
    const parts: PreparedParts[] = [];
    for (let i = 0; i < batch.length; i += 256) {
      parts.push(...prepareRows(cipher, batch.slice(i, i + 256)));
      await yieldToLoop();
    }
    return parts;
  };

  /** What needs the file in order: repeated ID numbers, and the places rows go to (new ones planned). */
  const prepare = (parts: PreparedParts[]) => {
    const ready: PreparedRow[] = [];
    const rejected: ImportRejection[] = [];
    for (const part of parts) {
      const checked = checkRepeat(part.row, part.alone, seen);
      if (isRejection(checked)) {
        rejected.push(checked);
        continue;
      }
      const placed = resolver.resolve(checked);
      if ('reason' in placed) {
        rejected.push(placed);
        continue;
      }
      ready.push({
        row: checked.row,
        householdCode: placed.householdCode,
        checked,
        idHash: part.idHash!,
        idEnc: part.idEnc!,
        idMasked: part.idMasked!,
        mobileEnc: part.mobileEnc,
        mobileHash: part.mobileHash,
        mobileMasked: part.mobileMasked,
      });
    }
    return { processed: parts.length, ready, rejected };
  };

  /** One batch in one transaction. `copy` (PostgreSQL): residents new to the registry go in by COPY, the rest by upsert. */
  const writeRows = async (tx: Db, ready: PreparedRow[], taken: { places: NewPlace[] | null }, copy: CopyRows | null) => {
    const refused: ImportRejection[] = [];
    let rows = ready;
    const hashes = rows.map((r) => r.idHash);
    const living = opts.scope || copy ? await repo.findHouseholdsByIdHash(tx, hashes) : [];
    if (opts.scope) {
      const scope = opts.scope;
      const outside = new Set(living.filter((l) => !scope.some((s) => l.household_code.startsWith(s))).map((l) => l.hash));
      if (outside.size) {
        rows = rows.filter((r) => {
          if (!outside.has(r.idHash)) return true;
          refused.push({ row: r.row, column: '身份证号', reason: '此人已登记在您管辖范围以外的住户，不能通过导入迁入，请联系其所在社区' });
          return false;
        });
      }
    }
    if (!rows.length) return { imported: 0, updated: 0, refused };
    // Planned places are taken once per batch: a retry of the batch writes the same ones.
    taken.places ??= resolver.takePending(rows.map((r) => r.householdCode));
    if (taken.places.length) await addPlaces(tx, taken.places, { note: '居民导入时新建 (created by a resident import)' });
    let changed: Array<{ id: string; hash: string; inserted: boolean }>;
    if (copy) {
      const known = new Set(living.map((l) => l.hash));
      const fresh = rows.filter((r) => !known.has(r.idHash));
      const old = rows.filter((r) => known.has(r.idHash));
      const ids = fresh.map(() => randomUUID());
      if (fresh.length) await copy(COPY_RESIDENTS, copyText(fresh, ids));
      changed = fresh.map((r, i) => ({ id: ids[i], hash: r.idHash, inserted: true }));
      if (old.length) changed.push(...(await repo.upsertResidents(tx, columnsOf(old))));
    } else {
      changed = await repo.upsertResidents(tx, columnsOf(rows));
    }
    const inserted = new Set(changed.filter((c) => c.inserted).map((c) => c.id));
    const touched = new Set(changed.filter((c) => !c.inserted).map((c) => c.id));
    const members = rows.filter((r) => PARTY_STATUS[r.checked.politicalStatus]);
    const partyChanged = await repo.upsertPartyMembers(tx, {
      hash: members.map((r) => r.idHash),
      status: members.map((r) => PARTY_STATUS[r.checked.politicalStatus]),
      kept: members.map((r) => (r.checked.membershipOrg ? 'elsewhere' : 'community')),
      org: members.map((r) => r.checked.membershipOrg),
    });
    // A member who is one no more: her resident row changed (political status), so she is among the updated rows.
    const updatedHashes = new Set(changed.filter((c) => !c.inserted).map((c) => c.hash));
    const notMembers = rows.filter((r) => !PARTY_STATUS[r.checked.politicalStatus] && updatedHashes.has(r.idHash)).map((r) => r.idHash);
    const ended = await repo.removePartyMembers(tx, notMembers);
    for (const id of [...partyChanged, ...ended]) if (!inserted.has(id)) touched.add(id);
    return { imported: inserted.size, updated: touched.size, refused };
  };

  const write = async ({ processed, ready, rejected }: Awaited<ReturnType<typeof prepare>>) => {
    let imported = 0;
    let updated = 0;
    if (ready.length) {
      const taken: { places: NewPlace[] | null } = { places: null };
      const plain = () => db.transaction((t) => writeRows(t as unknown as Db, ready, taken, null));
      let result: Awaited<ReturnType<typeof writeRows>>;
      if (opts.copy) {
        try {
          result = await opts.copy.transaction((tx, copy) => writeRows(tx, ready, taken, copy));
        } catch (e) {
          // Someone registered one of these people between our look-up and the COPY: do this batch the careful way.
          if (!isUniqueViolation(e)) throw e;
          result = await plain();
        }
      } else {
        result = await plain();
      }
      imported = result.imported;
      updated = result.updated;
      rejected.push(...result.refused);
    }
    rejected.sort((a, b) => a.row - b.row);
    summary.total += processed;
    summary.imported += imported;
    summary.updated += updated;
    summary.rejected.push(...rejected);
    await opts.onBatch?.({ processed, imported, updated, rejected });
  };

  // Up to `writers` batches are written at once (their rows are disjoint: a repeated ID number is rejected), while the next are prepared.
  const writers = Math.max(1, opts.writers ?? 1);
  const inflight = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  const launch = async (prepared: ReturnType<typeof prepare>) => {
    while (inflight.size >= writers) await Promise.race(inflight);
    if (failure) return;
    const w: Promise<void> = write(prepared)
      .catch((error) => {
        failure ??= { error };
      })
      .finally(() => inflight.delete(w));
    inflight.add(w);
  };
  // Batches being prepared, in file order: one per worker and one more, so no worker waits for the importer.
  const preparing: Array<Promise<PreparedParts[]>> = [];
  const depth = pool ? pool.size + 1 : 1;
  const queue = (batch: SheetRow[]) => {
    const parts = prepareParts(batch);
    parts.catch(() => undefined);
    preparing.push(parts);
  };
  const takeOldest = async () => {
    try {
      await launch(prepare(await preparing.shift()!));
    } catch (error) {
      failure ??= { error };
    }
  };
  try {
    let batch: SheetRow[] = [];
    for await (const row of sheet.rows()) {
      batch.push(row);
      if (batch.length >= batchSize) {
        queue(batch);
        batch = [];
        while (preparing.length >= depth && !failure) await takeOldest();
        if (failure) break;
      }
    }
    if (!failure) queue(batch);
    while (preparing.length && !failure) await takeOldest();
    await Promise.all(inflight);
  } finally {
    await pool?.close();
  }
  if (failure) throw (failure as { error: unknown }).error;
  return summary;
}

function columnsOf(rows: PreparedRow[]): repo.ResidentColumns {
  const c: repo.ResidentColumns = {
    householdCode: [],
    countyCode: [],
    name: [],
    gender: [],
    birthDate: [],
    idNumberEnc: [],
    idNumberHash: [],
    idNumberMasked: [],
    mobileEnc: [],
    mobileHash: [],
    mobileMasked: [],
    relation: [],
    residenceStatus: [],
    politicalStatus: [],
    tags: [],
  };
  for (const r of rows) {
    const k = r.checked;
    c.householdCode.push(r.householdCode);
    c.countyCode.push(r.householdCode.slice(0, 6));
    c.name.push(k.name);
    c.gender.push(k.gender);
    c.birthDate.push(k.birthDate);
    c.idNumberEnc.push(r.idEnc);
    c.idNumberHash.push(r.idHash);
    c.idNumberMasked.push(r.idMasked);
    c.mobileEnc.push(r.mobileEnc);
    c.mobileHash.push(r.mobileHash);
    c.mobileMasked.push(r.mobileMasked);
    c.relation.push(k.relation);
    c.residenceStatus.push(k.residenceStatus);
    c.politicalStatus.push(k.politicalStatus);
    c.tags.push(k.tags.join(TAG_SEPARATOR));
  }
  return c;
}

const COPY_RESIDENTS = `COPY residents (id, household_code, county_code, name, gender, birth_date, id_number_enc, id_number_hash, id_number_masked,
  mobile_enc, mobile_hash, mobile_masked, relation, residence_status, political_status, tags) FROM STDIN`;

/** Rows in COPY text format, in COPY_RESIDENTS' column order (built line by line: a batch is thousands of rows). */
function copyText(rows: PreparedRow[], ids: string[]): string {
  const lines: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const k = r.checked;
    lines[i] =
      ids[i] +
      '\t' +
      r.householdCode +
      '\t' +
      r.householdCode.slice(0, 6) +
      '\t' +
      copyField(k.name) +
      '\t' +
      k.gender +
      '\t' +
      k.birthDate +
      '\t' +
      r.idEnc +
      '\t' +
      r.idHash +
      '\t' +
      r.idMasked +
      '\t' +
      copyField(r.mobileEnc) +
      '\t' +
      copyField(r.mobileHash) +
      '\t' +
      copyField(r.mobileMasked) +
      '\t' +
      copyField(k.relation) +
      '\t' +
      copyField(k.residenceStatus) +
      '\t' +
      copyField(k.politicalStatus) +
      '\t' +
      copyField(textArray(k.tags));
  }
  return lines.join('\n') + '\n';
}

/** Opens a file for import, turning a file we cannot read into a 400/415 that names the field `file`. */
export async function openImportFile(input: SheetInput): Promise<Sheet> {
  try {
    return await openSheet(input);
  } catch (e) {
    if (e instanceof SheetError) {
      throw e.status === 415
        ? new AppError('UNSUPPORTED_MEDIA_TYPE', 415, e.message, [{ field: 'file', message: e.message }])
        : errors.field('file', e.message);
    }
    throw e;
  }
}

/** Runs imports in this process: one at a time per community (codes of new places are allocated in memory), awaited on shutdown. */
export class ImportRunner {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly running = new Set<Promise<void>>();

  run(communityCode: string, task: () => Promise<void>) {
    const previous = this.tails.get(communityCode) ?? Promise.resolve();
    const next = previous.then(task, task).catch(() => undefined);
    this.tails.set(communityCode, next);
    this.running.add(next);
    void next.finally(() => {
      this.running.delete(next);
      if (this.tails.get(communityCode) === next) this.tails.delete(communityCode);
    });
  }

  /** Waits for every import in flight. */
  async drain() {
    while (this.running.size) await Promise.all([...this.running]);
  }
}

export interface StartImport {
  communityCode: string;
  createPlaces: boolean;
  fileName: string;
  sheet: Sheet;
}

/** Checks that the actor may import into the community. */
export async function authorizeImport(db: Db, actor: Actor, communityCode: string) {
  await findCommunity(db, communityCode);
  registryPolicy.authorize(actor, 'resident.import', { placeCode: communityCode });
}

/** Records an import job and runs it in the background; the job row carries the progress. */
export async function startImportJob(
  deps: { db: Db; cipher: PersonalDataCipher; runner: ImportRunner; writers?: number; copy?: CopyWriter | null; log?: { error(o: object, m: string): void } },
  actor: Actor,
  input: StartImport,
  req?: FastifyRequest,
): Promise<string> {
  const { db } = deps;
  await authorizeImport(db, actor, input.communityCode);
  const job = await repo.insertJob(db, {
    communityCode: input.communityCode,
    countyCode: input.communityCode.slice(0, 6),
    fileName: input.fileName,
    total: input.sheet.total,
    createdBy: actor.userId,
  });
  const ip = req?.ip ?? null;
  const requestId = req?.id ?? null;
  deps.runner.run(input.communityCode, async () => {
    try {
      const s = await importResidents(db, deps.cipher, input.sheet, {
        communityCode: input.communityCode,
        createPlaces: input.createPlaces,
        scope: registryPolicy.scopeOf(actor, 'resident.import'),
        writers: deps.writers,
        copy: deps.copy,
        onBatch: (b) => repo.addJobProgress(db, job.id, b),
      });
      await repo.finishJob(db, job.id, { status: 'done', total: s.total });
      await recordAudit(db, {
        actorId: actor.userId,
        action: 'resident.import',
        targetKind: 'place',
        targetId: input.communityCode,
        detail: { jobId: job.id, imported: s.imported, updated: s.updated, rejected: s.rejected.length, ip, requestId },
      });
    } catch (e) {
      deps.log?.error({ err: e, jobId: job.id }, 'resident import failed');
      await repo.finishJob(db, job.id, { status: 'failed', error: '导入中断：服务器处理出错，已导入的批次保留，请重新导入该文件（重复导入不会产生重复数据）' }).catch(() => undefined);
    }
  });
  return job.id;
}

function presentJob(j: repo.JobView): ImportJob {
  return {
    id: j.id,
    communityCode: j.community_code,
    fileName: j.file_name,
    status: j.status as ImportJob['status'],
    total: j.total,
    processed: j.processed,
    imported: j.imported,
    updated: j.updated,
    rejectedCount: j.rejected_count,
    rejected: j.rejected_head,
    error: j.error,
    createdAt: j.created_at,
    finishedAt: j.finished_at,
  };
}

async function jobInScope(db: Db, actor: Actor, id: string) {
  const job = await repo.findJob(db, id);
  if (!job) throw errors.notFound(`导入任务 ${id}`);
  registryPolicy.authorize(actor, 'resident.import', { placeCode: job.community_code });
  return job;
}

/** An import job with its progress, for the progress bar. */
export async function getImportJob(db: Db, actor: Actor, id: string): Promise<ImportJob> {
  return presentJob(await jobInScope(db, actor, id));
}

/** The latest imports into a community. */
export async function listImportJobs(db: Db, actor: Actor, communityCode: string): Promise<ImportJob[]> {
  await authorizeImport(db, actor, communityCode);
  return (await repo.listJobs(db, communityCode)).map(presentJob);
}

/** The rejected rows of an import as xlsx (行号, 列, 原因). */
export async function getRejectedReport(db: Db, actor: Actor, id: string): Promise<Buffer> {
  await jobInScope(db, actor, id);
  return buildRejectedReport(await repo.jobRejected(db, id));
}

/** An import from a local file by an operator (`linli import residents`): recorded as a job and audited like an upload. */
export async function importFile(
  db: Db,
  cipher: PersonalDataCipher,
  input: { path: string; fileName: string; communityCode: string; createPlaces: boolean; operator: string; writers?: number; copy?: CopyWriter | null; onProgress?: (done: number, total: number) => void },
): Promise<ImportSummary> {
  await findCommunity(db, input.communityCode);
  const sheet = await openImportFile({ path: input.path });
  const job = await repo.insertJob(db, { communityCode: input.communityCode, countyCode: input.communityCode.slice(0, 6), fileName: input.fileName, total: sheet.total });
  let done = 0;
  input.onProgress?.(0, sheet.total);
  try {
    const s = await importResidents(db, cipher, sheet, {
      communityCode: input.communityCode,
      createPlaces: input.createPlaces,
      scope: null,
      batchSize: 5000,
      writers: input.writers,
      copy: input.copy,
      onBatch: async (b) => {
        done += b.processed;
        input.onProgress?.(Math.min(done, sheet.total), sheet.total);
        await repo.addJobProgress(db, job.id, b);
      },
    });
    await repo.finishJob(db, job.id, { status: 'done', total: s.total });
    input.onProgress?.(sheet.total, sheet.total);
    await recordAudit(db, {
      actorId: null,
      action: 'resident.import',
      targetKind: 'place',
      targetId: input.communityCode,
      detail: { jobId: job.id, via: 'cli', operator: input.operator, imported: s.imported, updated: s.updated, rejected: s.rejected.length },
    });
    return s;
  } catch (e) {
    await repo.finishJob(db, job.id, { status: 'failed', error: (e as Error).message }).catch(() => undefined);
    throw e;
  }
}

/** Marks imports left running by a stopped process as failed (called when the server starts). */
export function failInterruptedImports(db: Db) {
  return repo.failRunningJobs(db);
}
