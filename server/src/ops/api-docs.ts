import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync, onRequestAsyncHookHandler, onRequestHookHandler } from 'fastify';

export interface ApiDocsOptions {
  /** `DOCS_PUBLIC`: anyone may read the API document. */
  public: boolean;
  /** The guard letting signed-in console users through (used unless public). */
  signedIn: onRequestAsyncHookHandler;
}

/**
 * The OpenAPI document at `/docs` (the page) and `/docs/json`. Who: signed-in console users, or
 * anyone with `DOCS_PUBLIC=true`; it lists every route, so it is not handed to strangers by default.
 */
export const apiDocsPlugin: FastifyPluginAsync<ApiDocsOptions> = async (app, options) => {
  // swagger-ui takes callback hooks.
  const signedIn: onRequestHookHandler = (request, reply, done) => {
    options.signedIn.call(app, request, reply).then(
      () => done(),
      (err: Error) => done(err),
    );
  };
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    ...(options.public ? {} : { uiHooks: { onRequest: signedIn } }),
  });
};
