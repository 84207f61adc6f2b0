# Multi-stage image for the worker, the API and the simulators (one image, three commands).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/postinstall.mjs scripts/postinstall.mjs
COPY prisma prisma
COPY prisma.config.ts ./
# The Temporal CLI is not needed in the image: point the postinstall at nothing to install.
ENV TEMPORAL_CLI=/bin/true TEMPORAL_TEST_SERVER=/bin/true
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY --from=deps /app/db/generated db/generated
COPY . .
USER node
EXPOSE 3000
CMD ["npx", "tsx", "api/server.ts"]
