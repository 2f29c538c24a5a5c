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
EXPOSE 8080
ENTRYPOINT ["/ledgerbot"]
CMD ["serve"]
