import type { FastifyInstance, FastifyReply } from 'fastify';
import { HttpProblemError } from '../problem.js';
import { requestMetadata } from '../request-metadata.js';
import type { ResourceDefinition } from './resource-definition.js';
import type { ResourceStore, ResourceView } from './resource-store.js';

const ID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/** The representation of a resource: its document plus id, version and times. */
function represent(view: ResourceView) {
  return {
    ...view.doc,
    id: view.id,
    version: view.version,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
  };
}

function withVersion(reply: FastifyReply, view: ResourceView): FastifyReply {
  return reply.header('etag', `"${view.version}"`);
}

/** Reads If-Match (`"3"`, `W/"3"` or `3`) as a resource version. */
function parseIfMatch(header: string | undefined, required: boolean): number | undefined {
  if (header === undefined) {
    if (required)
      throw new HttpProblemError(
        428,
        'PRECONDITION_REQUIRED',
        'Send If-Match with the version you read (its ETag)',
      );
    return undefined;
  }
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(header.trim());
  if (!match)
    throw new HttpProblemError(
      400,
      'VALIDATION_FAILED',
      `If-Match must be a resource version such as "3", got ${JSON.stringify(header.slice(0, 40))}`,
    );
  return Number(match[1]);
}

/**
 * The routes of one resource kind: list (cursor pagination, equality filters), get (ETag),
 * create, replace with If-Match (412 when the version moved on, 428 without If-Match) and
 * delete. Every change is an event whose metadata names the actor.
 */
export async function resourceRoutes(
  app: FastifyInstance,
  { definition, resources }: { definition: ResourceDefinition; resources: ResourceStore },
): Promise<void> {
  const base = `/api/${definition.kind}`;
  const tags = [definition.kind];
  const idParams = {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string', pattern: ID_PATTERN } },
  };
  const view = {
    type: 'object',
    properties: {
      ...definition.schema.properties,
      id: { type: 'string' },
      version: { type: 'integer' },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  };
  const body = { ...definition.schema, additionalProperties: false };
  const filterProperties = Object.fromEntries(
    definition.filterable.map((f) => [f, { type: 'string', maxLength: 200 }]),
  );

  app.get<{ Querystring: { after?: string; limit: number } & Record<string, string> }>(
    base,
    {
      config: { access: definition.access.read },
      schema: {
        tags,
        summary: `List ${definition.kind}`,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            after: {
              type: 'string',
              pattern: ID_PATTERN,
              description: 'cursor: the `next` of the previous page',
            },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            ...filterProperties,
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { items: { type: 'array', items: view }, next: { type: ['string', 'null'] } },
          },
        },
      },
    },
    async (request) => {
      const { after, limit, ...rest } = request.query;
      const filters = Object.fromEntries(
        definition.filterable.filter((f) => rest[f] !== undefined).map((f) => [f, rest[f]!]),
      );
      const page = await resources.list(definition, { after, limit, filters });
      return { items: page.items.map(represent), next: page.next };
    },
  );

  app.get<{ Params: { id: string } }>(
    `${base}/:id`,
    {
      config: { access: definition.access.read },
      schema: { tags, summary: `Get one of ${definition.kind}`, params: idParams, response: { 200: view } },
    },
    async (request, reply) => {
      const found = await resources.get(definition, request.params.id);
      if (!found)
        throw new HttpProblemError(404, 'NOT_FOUND', `No ${definition.kind} resource ${request.params.id}`);
      return withVersion(reply, found).send(represent(found));
    },
  );

  app.post<{ Body: Record<string, unknown> }>(
    base,
    {
      config: { access: definition.access.write },
      schema: { tags, summary: `Create one of ${definition.kind}`, body, response: { 201: view } },
    },
    async (request, reply) => {
      const created = await resources.create(definition, request.body, requestMetadata(request));
      return withVersion(reply.code(201).header('location', `${base}/${created.id}`), created).send(
        represent(created),
      );
    },
  );

  app.put<{ Params: { id: string }; Body: Record<string, unknown> }>(
    `${base}/:id`,
    {
      config: { access: definition.access.write },
      schema: {
        tags,
        summary: `Replace one of ${definition.kind} (If-Match required)`,
        params: idParams,
        body,
        response: { 200: view },
      },
    },
    async (request, reply) => {
      const version = parseIfMatch(request.headers['if-match'], true)!;
      const updated = await resources.replace(
        definition,
        request.params.id,
        request.body,
        version,
        requestMetadata(request),
      );
      return withVersion(reply, updated).send(represent(updated));
    },
  );

  app.delete<{ Params: { id: string } }>(
    `${base}/:id`,
    {
      config: { access: definition.access.write },
      schema: { tags, summary: `Delete one of ${definition.kind}`, params: idParams },
    },
    async (request, reply) => {
      const version = parseIfMatch(request.headers['if-match'], false);
      await resources.remove(definition, request.params.id, version, requestMetadata(request));
      return reply.code(204).send();
    },
  );
}
