# syntax=docker/dockerfile:1
# One image for the worker, the API, the migrate job and the simulators (docker-compose.yml picks the command).
# Build: docker build -t cbec-hub:latest .

# 1. production dependencies and the generated Prisma client
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/postinstall.mjs scripts/postinstall.mjs
COPY scripts/lib/node-runtime.mjs scripts/lib/node-runtime.mjs
COPY prisma prisma
COPY prisma.config.ts ./
# The Temporal CLI and test server (dev only) are not installed: the postinstall only runs `prisma generate`.
ENV TEMPORAL_CLI=/bin/true TEMPORAL_TEST_SERVER=/bin/true
RUN npm ci --omit=dev --no-audit --no-fund

# 2. the workflow bundle, built once here instead of at every worker start (WORKFLOW_BUNDLE_PATH),
#    and the web console (vite build into console/dist, served by the API under /console)
FROM deps AS bundle
COPY . .
RUN npx tsx worker/bundle.ts dist/workflow-bundle.js && node_modules/.bin/vite build --logLevel warn console

# 3. runtime: sources run by node with the tsx loader, no build tools, not root. The app files stay owned by root
#    (read-only for the runtime user, so a compromised process cannot rewrite the code it runs);
#    only the reports folder is writable (REPORTS_DIR; a volume in docker-compose.yml).
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js \
    HOST=0.0.0.0 \
    REPORTS_DIR=/app/reports
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY . .
COPY --from=deps /app/db/generated db/generated
COPY --from=bundle /app/dist/workflow-bundle.js dist/workflow-bundle.js
COPY --from=bundle /app/console/dist console/dist
RUN mkdir -p /app/reports && chown node:node /app/reports
USER node
EXPOSE 3000 9464
# node itself, not the tsx CLI: the tsx CLI relays SIGTERM to its child and SIGKILLs it when the
# child has not acknowledged within 30 ms, cutting the API's and the worker's graceful drain short
CMD ["node", "--import", "tsx", "api/server.ts"]
