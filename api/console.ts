import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where `vite build` writes the console (console/vite.config.ts). */
export const CONSOLE_DIST = fileURLToPath(new URL('../console/dist', import.meta.url));

/**
 * The web console (docs/console.md) under /console: the single-page app that `vite build` wrote to
 * console/dist (at `npm install`, scripts/postinstall.mjs; `npm start` builds it again when the
 * sources are newer). Hashed files under /console/assets/ are immutable for a year; every other
 * /console path answers index.html (the app's own routes), never cached. It talks to the API
 * through the public /v1 routes only.
 */
export async function installConsole(app: FastifyInstance, distDir = CONSOLE_DIST): Promise<void> {
  const index = join(distDir, 'index.html');
  await app.register(fastifyStatic, {
    root: join(distDir, 'assets'),
    prefix: '/console/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
    schemaHide: true,
  });
  const page = async (_req: unknown, reply: FastifyReply) => {
    if (!existsSync(index)) {
      return reply.code(503).type('text/plain; charset=utf-8').send('The console is not built: run `npm run console:build` (docs/console.md).');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', distDir, { cacheControl: false });
  };
  app.get('/console', { schema: { hide: true } }, page);
  app.get('/console/*', { schema: { hide: true } }, page);
}
