# syntax=docker/dockerfile:1
# The base image is a build argument: the official Node.js image by default; CI, which cannot reach
# Docker Hub, passes a stand-in built from Debian and the machine's Node (see test/container.sh).
ARG NODE_IMAGE=node
ARG NODE_TAG=22-slim

# Build stage: compile TypeScript with the full dependency tree.
FROM ${NODE_IMAGE}:${NODE_TAG} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The sandbox is a workspace package of its own (Node built-ins only).
COPY src/sandbox/package.json ./src/sandbox/
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY routes ./routes
RUN npm run build

# Runtime stage: production dependencies and compiled output only, as the unprivileged node user.
# --build-arg SANDBOX=omit leaves the embedded WHMCS sandbox out: such an image refuses to start
# without WHMCS_URL. By default it is in, so the image runs as a demo with no WHMCS at all.
FROM ${NODE_IMAGE}:${NODE_TAG}
ARG SANDBOX=include
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
COPY src/sandbox/package.json ./src/sandbox/
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY --from=build /app/dist ./dist
RUN if [ "$SANDBOX" = "omit" ]; then rm -rf dist/src/sandbox; fi
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/server.js"]
