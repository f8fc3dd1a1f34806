/** The one error type. Services throw AppError with a stable code; routes never build error bodies. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ErrorCode, type ErrorBody } from '../../../contracts/errors.js';

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly fields?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const errors = {
  validation: (message: string, fields?: FieldError[]) => new AppError(ErrorCode.VALIDATION_FAILED, 400, message, fields),
  field: (field: string, message: string) => new AppError(ErrorCode.VALIDATION_FAILED, 400, `${field}: ${message}`, [{ field, message }]),
  unauthenticated: () => new AppError(ErrorCode.UNAUTHENTICATED, 401, '请先登录 (sign in first)'),
  forbidden: (what = 'this') => new AppError(ErrorCode.FORBIDDEN, 403, `无权访问 (not allowed: ${what})`),
  notFound: (what: string) => new AppError(ErrorCode.NOT_FOUND, 404, `${what} 不存在 (not found)`),
  conflict: (message: string, fields?: FieldError[]) => new AppError(ErrorCode.CONFLICT, 409, message, fields),
};

/**
 * The name of a field as clients see it: body fields plainly ("username", "items.0.name", as services
 * name them too), query and path fields prefixed ("query.pageSize", "params.code").
 */
function fieldOf(instancePath: string, context: string | undefined, missing?: string) {
  const prefix = context === 'querystring' ? ['query'] : context && context !== 'body' ? [context] : [];
  const parts = [...prefix, ...instancePath.split('/').filter(Boolean)];
  if (missing) parts.push(missing);
  return parts.join('.');
}

/** Installs the error and not-found handlers: every failure leaves in the shape {code, message, fields?}. */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError & { validation?: unknown[]; validationContext?: string }, req, reply) => {
    const send = (status: number, body: ErrorBody, headers?: Record<string, string>) => {
      if (headers) reply.headers(headers);
      return reply.status(status).send({ ...body, requestId: req.id });
    };
    if (err instanceof AppError) {
      return send(err.status, { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) }, err.headers);
    }
    if (err.validation) {
      const fields = (err.validation as Array<{ instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }>).map(
        (v) => {
          const missing = v.keyword === 'required' ? String(v.params.missingProperty) : undefined;
          const extra = v.keyword === 'additionalProperties' ? String(v.params.additionalProperty) : undefined;
          return {
            field: fieldOf(v.instancePath, err.validationContext, missing ?? extra),
            message: extra ? 'unknown field' : missing ? 'is required' : (v.message ?? 'is invalid'),
          };
        },
      );
      return send(400, { code: ErrorCode.VALIDATION_FAILED, message: fields.map((f) => `${f.field || 'body'} ${f.message}`).join('; '), fields: fields.map((f) => ({ ...f, field: f.field || 'body' })) });
    }
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(413, { code: ErrorCode.PAYLOAD_TOO_LARGE, message: 'request body is too large', fields: [{ field: 'body', message: 'too large' }] });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(415, {
          code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          message: `unsupported content type: ${req.headers['content-type'] ?? '(none)'}`,
          fields: [{ field: 'content-type', message: 'use application/json' }],
        });
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send(400, { code: ErrorCode.VALIDATION_FAILED, message: 'invalid content-length', fields: [{ field: 'content-length', message: 'is invalid' }] });
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(400, { code: ErrorCode.VALIDATION_FAILED, message: 'body must not be empty', fields: [{ field: 'body', message: 'is required' }] });
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_PARSE':
        return send(400, { code: ErrorCode.VALIDATION_FAILED, message: 'body is not valid JSON', fields: [{ field: 'body', message: 'invalid JSON' }] });
    }
    if (err.statusCode === 429) {
      return send(429, { code: ErrorCode.RATE_LIMITED, message: '请求过于频繁 (too many requests, try again later)' });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return send(err.statusCode, { code: ErrorCode.VALIDATION_FAILED, message: err.message, fields: [{ field: 'request', message: err.message }] });
    }
    req.log.error({ err }, 'unhandled error');
    return send(500, { code: ErrorCode.INTERNAL, message: '服务器内部错误 (internal error)' });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ code: ErrorCode.NOT_FOUND, message: `no route ${req.method} ${req.url.split('?')[0]}`, requestId: req.id });
  });
}
