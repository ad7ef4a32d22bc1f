// Shared by the gateway and the desks subgraph: the listen address from the environment, and a
// clean stop on the signals Docker sends.

/** `host:port` → `{ host, port }`; `fallbackPort` on 0.0.0.0 when unset. Exits on nonsense. */
export function listenAddress(value, fallbackPort) {
  if (!value) return { host: '0.0.0.0', port: fallbackPort };
  const at = value.lastIndexOf(':');
  const host = value.slice(0, at);
  const port = Number(value.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`not a host:port listen address: ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return { host, port };
}

/** Runs `stop` once on SIGTERM or SIGINT, then exits. */
export function stopOnSignals(stop) {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      await stop();
      process.exit(0);
    });
  }
}
