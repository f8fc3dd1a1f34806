/** Exporting the registry of any subtree to xlsx in the template's columns (so an export can be imported again). */
import type { Writable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../../platform/db.js';
import type { Actor } from '../../../platform/access.js';
import type { PersonalDataCipher } from '../../../platform/crypto.js';
import { errors } from '../../../platform/errors.js';
import { recordAudit } from '../../../platform/audit.js';
import { MEMBERSHIP_HERE, TAG_SEPARATOR } from '../../../../../contracts/registry-import.js';
import { findPlace } from '../../places/places.service.js';
import { registryPolicy } from '../registry.policy.js';
import * as repo from './import.repository.js';
import { writeRegistryXlsx } from './import.workbook.js';

const PAGE = 2000;

export interface PreparedExport {
  fileName: string;
  rows: number;
  /** Streams the workbook into `out` (and ends it). */
  write(out: Writable): Promise<number>;
}

/**
 * Checks the export and audits it before a byte is sent. `actor` null is the operator at the CLI.
 * `reveal` gives full ID numbers and mobiles: only to roles that may reveal at that place.
 */
export async function prepareExport(
  db: Db,
  cipher: PersonalDataCipher,
  actor: Actor | null,
  input: { placeCode: string; reveal: boolean; via?: string },
  req?: FastifyRequest,
): Promise<PreparedExport> {
  const place = await findPlace(db, input.placeCode);
  if (!place) throw errors.notFound(`地点 ${input.placeCode}`);
  if (actor) {
    registryPolicy.authorize(actor, 'resident.export', { placeCode: place.code });
    if (input.reveal) registryPolicy.authorize(actor, 'resident.reveal', { placeCode: place.code });
  }
  const count = await repo.countResidentsUnder(db, place.code);
  await recordAudit(
    db,
    {
      actorId: actor?.userId ?? null,
      action: 'resident.export',
      targetKind: 'place',
      targetId: place.code,
      detail: { rows: count, masked: !input.reveal, ...(input.via ? { via: input.via } : {}) },
    },
    req,
  );
  const date = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  return {
    fileName: `居民名册-${place.name}-${date}${input.reveal ? '-完整' : ''}.xlsx`,
    rows: count,
    write: (out) => writeRegistryXlsx(out, exportRows(db, cipher, place.code, input.reveal)),
  };
}

async function* exportRows(db: Db, cipher: PersonalDataCipher, prefix: string, reveal: boolean): AsyncIterable<string[]> {
  let after: { household: string; id: string } | null = null;
  for (;;) {
    const page = await repo.pageResidentsUnder(db, prefix, after, PAGE);
    for (const r of page) {
      const party = r.political_status === '中共党员' || r.political_status === '中共预备党员';
      yield [
        r.name,
        r.gender,
        (reveal && r.id_number_enc ? cipher.decrypt(r.id_number_enc) : r.id_number_masked) ?? '',
        (reveal && r.mobile_enc ? cipher.decrypt(r.mobile_enc) : r.mobile_masked) ?? '',
        r.compound ?? '',
        r.building ?? '',
        r.unit ?? '',
        (r.room ?? '').replace(/室$/, ''),
        r.relation,
        r.political_status,
        party ? (r.membership_kept === 'elsewhere' ? (r.membership_org ?? '') : MEMBERSHIP_HERE) : '',
        r.residence_status,
        r.tags.join(TAG_SEPARATOR),
      ];
    }
    if (page.length < PAGE) return;
    const last = page[page.length - 1];
    after = { household: last.household_code, id: last.id };
  }
}
