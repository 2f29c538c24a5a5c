# Build stage: a static binary.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The release `ledgerbot version` prints: docker build --build-arg VERSION=1.4.0 .
# The commit comes from the .git directory copied above, when there is one.
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X main.version=${VERSION}" -o /out/ledgerbot ./cmd/ledgerbot

# Final stage: no shell, no package manager, not root; time zone data and CA
# certificates come from the distroless base.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/ledgerbot /ledgerbot
USER nonroot:nonroot
# The admin server (/healthz, /readyz, /metrics) listens on every interface
# inside the container, so Prometheus on the container network can scrape
# it; the binary's own default stays on loopback. Publish 9090 only to a
# network you trust. With ADMIN_ADDR=off the health check below fails:
# disable it too (compose: healthcheck: disable: true).
ENV ADMIN_ADDR=0.0.0.0:9090
EXPOSE 8080 9090
# distroless has no shell or curl: the binary asks its own /readyz.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["/ledgerbot", "healthcheck"]
ENTRYPOINT ["/ledgerbot"]
CMD ["serve"]
