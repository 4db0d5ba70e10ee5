/**
 * SDK clients reused across calls: building one costs as much as the request it makes, and a long-running
 * `payready serve` makes thousands. Keyed by owner (an agent environment's logger, which the client logs to)
 * and then by the settings the client was built with; a few per owner, oldest dropped first.
 */
export function clientCache<Client>(limit = 16) {
  const byOwner = new WeakMap<object, Map<string, Client>>();
  return (owner: object, settings: readonly unknown[], create: () => Client): Client => {
    let clients = byOwner.get(owner);
    if (!clients) byOwner.set(owner, (clients = new Map()));
    const key = JSON.stringify(settings);
    let client = clients.get(key);
    if (!client) {
      client = create();
      if (clients.size >= limit) clients.delete(clients.keys().next().value!);
      clients.set(key, client);
    }
    return client;
  };
}
