# syntax=docker/dockerfile:1
# The base image is a build argument: the official Node.js image by default; CI, which cannot reach
# Docker Hub, passes a stand-in built from Debian and the machine's Node (see test/container.sh).
ARG NODE_IMAGE=node
ARG NODE_TAG=22-slim

# Build stage: compile TypeScript with the full dependency tree.
FROM ${NODE_IMAGE}:${NODE_TAG} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY routes ./routes
RUN npm run build

# Runtime stage: production dependencies and compiled output only, as the unprivileged node user.
FROM ${NODE_IMAGE}:${NODE_TAG}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/server.js"]
