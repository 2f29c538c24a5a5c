# Build stage: a static binary.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/ledgerbot ./cmd/ledgerbot

# Final stage: no shell, no package manager, not root; time zone data and CA
# certificates come from the distroless base.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/ledgerbot /ledgerbot
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/ledgerbot"]
CMD ["serve"]
