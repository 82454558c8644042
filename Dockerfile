# The orchestrator image (worker and `sll`), built once: `docker compose build`. Dependencies are
# installed here, at build time, never when a container starts; the container runs as the unprivileged
# `node` user (uid 1000) with a read-only application tree.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    SLL_NETWORK=production \
    SLL_STATE_DIR=/var/lib/sll \
    SLL_TX_JOURNAL_DIR=/var/lib/sll/tx-journal
COPY package.json package-lock.json ./
# `--ignore-scripts`: the `prepare` step (CLI build) needs the sources, it runs below.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY . .
# The CLI bundle (`dist/cli/`, esbuild: a runtime dependency) and the state directory of the worker
# (transaction journal; a volume in docker-compose.yml), owned by `node`.
RUN node --import tsx cli/build.ts \
 && mkdir -p /var/lib/sll/tx-journal \
 && chown -R node:node /var/lib/sll
USER node
# `docker run <image>` runs the worker; `docker run <image> node bin/sll.mjs setup` runs `sll setup`.
CMD ["node", "--import", "tsx", "worker/main.ts"]
