/** HTTP for "me too": similar open tickets, asked before a new one is sent. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { errors } from '../../platform/errors.js';
import { findSimilarOpenTickets } from './ticket-duplicates.service.js';

const SimilarTicket = Type.Object(
  { id: Type.String(), number: Type.String(), title: Type.String(), status: Type.String(), followers: Type.Integer(), createdAt: Type.String(), similarity: Type.Number() },
  { additionalProperties: false },
);

export async function ticketDuplicatesRoutes(root: FastifyInstance, { db }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/tickets/similar',
    {
      schema: {
        tags: ['tickets'],
        summary: '相似诉求 Open tickets like this text in the same compound (offer "me too" first)',
        querystring: Type.Object(
          { category: Type.String({ pattern: '^[a-z][a-z_]{1,39}$' }), compound: Type.String({ pattern: '^[0-9]{15}$' }), text: Type.String({ minLength: 2, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(SimilarTicket) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { compound } = req.query;
      // Those who live in the compound, or serve it or above.
      const near = actor.grants.some((g) => g.reach.some((r) => r.startsWith(compound) || compound.startsWith(r)));
      if (!near) throw errors.forbidden('tickets.similar');
      return findSimilarOpenTickets(db, { categoryCode: req.query.category, compoundCode: compound, text: req.query.text });
    },
  );
}
