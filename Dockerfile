FROM node:20-bookworm-slim
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 NODE_LLAMA_CPP_SKIP_DOWNLOAD=true PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY . .
RUN npm ci --no-audit --no-fund && npm run build -w @helpdesk/web && chown -R node:node /app/apps/web/.next
# The app needs no root; storage/ (attachments) is the one place it writes.
RUN mkdir -p /app/storage && chown node:node /app/storage
USER node
EXPOSE 3000
# Inside a container loopback is unreachable from the port mapping, so the app listens on every interface of its own.
ENV BIND_ADDRESS=0.0.0.0
# The default runs the web app after applying pending migrations; docker-compose.yml overrides it for the workers.
CMD ["sh", "-c", "npx tsx packages/db/src/cli/migrate.ts && npm run start -w @helpdesk/web"]
