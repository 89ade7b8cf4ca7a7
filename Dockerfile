# The statement archive as a container image: a static binary and the
# index of statements/, built here and baked in, served by a non-root user.
#
#   docker build -t statement-archive .
#   docker run --rm -p 8080:8080 -e ARCHIVE_BASE_URL=http://localhost:8080 statement-archive
#
# The container listens on :8080, beyond loopback, so serve refuses to start
# until ARCHIVE_BASE_URL names the public URL that citations carry.
#
# The build steps are .ci/build: it ingests statements/ against their
# permalink ledger (statements/permalinks.ledger), frozen, so an image
# cannot change a published paragraph's words: such a build fails. CI builds and runs this very file without a
# registry (.ci/container): buildah stands .ci/build's output in for the
# stage named build, at /out, so keep that name and that folder.

ARG GO_VERSION=1.26

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN bash .ci/build /out

# Nothing but the binary and the index: no shell, no package manager.
FROM scratch
COPY --from=build /out/archive /archive
COPY --from=build /out/index /index
ENV ARCHIVE_INDEX=/index \
    ARCHIVE_ADDR=:8080 \
    ARCHIVE_LOG_FORMAT=json
USER 65532:65532
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 CMD ["/archive", "health"]
ENTRYPOINT ["/archive"]
CMD ["serve"]
