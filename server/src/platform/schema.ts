/** Every table, for Drizzle's typed queries. Modules own their tables; this only gathers them. */
export * from './platform.schema.js';
export * from '../modules/places/places.schema.js';
export * from '../modules/registry/registry.schema.js';
export * from '../modules/identity/identity.schema.js';
export * from '../modules/party/party.schema.js';
export * from '../modules/teams/teams.schema.js';
export * from '../modules/tickets/tickets.schema.js';
export * from '../modules/governance/governance.schema.js';
export * from '../modules/activities/activities.schema.js';
export * from '../modules/points/points.schema.js';
export * from '../modules/member-service/member-service.schema.js';
export * from '../modules/mobile-members/mobile-members.schema.js';
export * from '../modules/open311/open311.schema.js';
export * from '../modules/property/property.schema.js';
export * from '../modules/disclosure/disclosure.schema.js';
export * from '../modules/notices/notices.schema.js';
export * from '../modules/assessment/assessment.schema.js';
