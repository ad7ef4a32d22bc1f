# Two stages: build with the Rust toolchain (and npm, so the playground assets are embedded), run on
# a slim Debian with CA certificates (reqwest verifies Webex's certificate against the system store).
FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, in a layer of their own: a change to the sources alone does not rebuild them.
COPY Cargo.toml Cargo.lock build.rs ./
COPY graphiql/package.json graphiql/package-lock.json graphiql/
RUN mkdir -p src tests/api \
 && echo 'fn main() {}' > src/main.rs && touch src/lib.rs tests/api/main.rs \
 && cargo build --release --locked \
 && rm -rf src tests
COPY . .
# The real sources are newer than the placeholder build: cargo rebuilds only this crate.
RUN touch src/main.rs src/lib.rs && cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin callerid
COPY --from=build /src/target/release/callerid-graphql /usr/local/bin/callerid-graphql
USER callerid
# In a container the service must listen beyond loopback to be reachable at all.
ENV CALLERID_LISTEN=0.0.0.0:8080 CALLERID_LOG_FORMAT=json
EXPOSE 8080 9090
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["callerid-graphql", "health", "--url", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["callerid-graphql"]
CMD ["serve"]
