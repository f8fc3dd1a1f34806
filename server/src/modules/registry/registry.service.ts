/** Use cases of the registry: read households and residents in scope, reveal personal numbers with an audit trail. */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import type { Household, Resident, Revealed } from '../../../../contracts/registry.js';
import { addressOf, findPlace } from '../places/places.service.js';
import { maskIdNumber, maskMobile } from '../../../../contracts/validation.js';
import * as repo from './registry.repository.js';
import { registryPolicy } from './registry.policy.js';

export function presentResident(r: repo.ResidentRow): Resident {
  return {
    id: r.id,
    name: r.name,
    gender: r.gender,
    birthDate: r.birthDate,
    householdCode: r.householdCode,
    relation: r.relation,
    residenceStatus: r.residenceStatus,
    politicalStatus: r.politicalStatus,
    tags: r.tags,
    idNumber: r.idNumberMasked,
    mobile: r.mobileMasked,
    synthetic: r.synthetic,
  };
}

/** One household with its members (masked). */
export async function getHousehold(db: Db, actor: Actor, code: string, req?: FastifyRequest): Promise<Household> {
  const place = await findPlace(db, code);
  if (!place || place.level !== 'household') throw errors.notFound(`household ${code}`);
  registryPolicy.authorize(actor, 'resident.read', { placeCode: code });
  const members = await repo.findResidentsOfHousehold(db, code);
  await recordAudit(db, { actorId: actor.userId, action: 'household.read', targetKind: 'household', targetId: code, detail: { residents: members.length } }, req);
  return { code, name: place.name, address: await addressOf(db, code), residents: members.map(presentResident) };
}

/** The signed-in resident's own household. */
export async function getMyHousehold(db: Db, actor: Actor, req?: FastifyRequest): Promise<Household> {
  if (!actor.residentId) throw errors.notFound('your resident record');
  const me = await repo.findResident(db, actor.residentId);
  if (!me) throw errors.notFound('your resident record');
  return getHousehold(db, actor, me.householdCode, req);
}

async function residentInScope(db: Db, actor: Actor, id: string, action: 'resident.read' | 'resident.reveal') {
  const row = await repo.findResident(db, id);
  if (!row) throw errors.notFound(`resident ${id}`);
  registryPolicy.authorize(actor, action, { placeCode: row.householdCode });
  return row;
}

/** One resident (masked); the read is audited. */
export async function getResident(db: Db, actor: Actor, id: string, req?: FastifyRequest): Promise<Resident> {
  const row = await residentInScope(db, actor, id, 'resident.read');
  await recordAudit(db, { actorId: actor.userId, action: 'resident.read', targetKind: 'resident', targetId: id }, req);
  return presentResident(row);
}

/** The full ID number and mobile, for roles that must call or verify; every reveal is audited. */
export async function revealResident(db: Db, cipher: PersonalDataCipher, actor: Actor, id: string, req?: FastifyRequest): Promise<Revealed> {
  const own = actor.residentId === id;
  const row = own ? await repo.findResident(db, id) : await residentInScope(db, actor, id, 'resident.reveal');
  if (!row) throw errors.notFound(`resident ${id}`);
  await recordAudit(db, { actorId: actor.userId, action: 'resident.reveal', targetKind: 'resident', targetId: id, detail: { own } }, req);
  return {
    id,
    idNumber: row.idNumberEnc ? cipher.decrypt(row.idNumberEnc) : null,
    mobile: row.mobileEnc ? cipher.decrypt(row.mobileEnc) : null,
  };
}

export interface NewResident {
  householdCode: string;
  name: string;
  gender: '男' | '女';
  birthDate?: string | null;
  idNumber?: string | null;
  mobile?: string | null;
  relation?: string;
  residenceStatus?: string;
  politicalStatus?: string;
  tags?: string[];
  synthetic?: boolean;
}

/** Adds residents in bulk, encrypting and hashing their personal numbers. */
export async function addResidents(db: Db, cipher: PersonalDataCipher, list: NewResident[]) {
  return repo.insertResidents(
    db,
    list.map((r) => ({
      householdCode: r.householdCode,
      countyCode: r.householdCode.slice(0, 6),
      name: r.name,
      gender: r.gender,
      birthDate: r.birthDate ?? null,
      idNumberEnc: r.idNumber ? cipher.encrypt(r.idNumber) : null,
      idNumberHash: r.idNumber ? cipher.hash(r.idNumber) : null,
      idNumberMasked: r.idNumber ? maskIdNumber(r.idNumber) : null,
      mobileEnc: r.mobile ? cipher.encrypt(r.mobile) : null,
      mobileHash: r.mobile ? cipher.hash(r.mobile) : null,
      mobileMasked: r.mobile ? maskMobile(r.mobile) : null,
      relation: r.relation ?? '本人',
      residenceStatus: r.residenceStatus ?? '常住',
      politicalStatus: r.politicalStatus ?? '群众',
      tags: r.tags ?? [],
      synthetic: r.synthetic ?? false,
    })),
  );
}

export interface NewPartyMember {
  residentId: string;
  countyCode: string;
  status: 'full' | 'probationary';
  joinDate?: string | null;
  /** 'community' (本社区, the default) or 'elsewhere' (kept with `membershipOrg`). */
  membershipKept?: 'community' | 'elsewhere';
  membershipOrg?: string | null;
}

/** Records residents as party members in bulk (seeding, imports). */
export async function addPartyMembers(db: Db, list: NewPartyMember[]) {
  await repo.insertPartyMembers(
    db,
    list.map((m) => ({
      residentId: m.residentId,
      countyCode: m.countyCode,
      status: m.status,
      joinDate: m.joinDate ?? null,
      membershipKept: m.membershipKept ?? 'community',
      membershipOrg: m.membershipKept === 'elsewhere' ? (m.membershipOrg ?? null) : null,
    })),
  );
}

/** A resident's record for other modules (no access check: callers check). */
export function findResidentRecord(db: Db, id: string) {
  return repo.findResident(db, id);
}

/** The members of a household, householder first (no access check: callers check). */
export function findResidentsOfHousehold(db: Db, householdCode: string) {
  return repo.findResidentsOfHousehold(db, householdCode);
}

/** The ids of the residents living at or under any of these places (no access check: callers check). */
export function residentIdsUnder(db: Db, placeCodes: string[]) {
  return repo.findResidentIdsUnder(db, placeCodes);
}
