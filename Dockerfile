# Two stages: build with the Rust toolchain (and npm, so the playground assets are embedded), run on
# a slim Debian with CA certificates (reqwest verifies Webex's certificate against the system store).
FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/callerid-graphql /usr/local/bin/callerid-graphql
USER nobody
ENTRYPOINT ["callerid-graphql"]
