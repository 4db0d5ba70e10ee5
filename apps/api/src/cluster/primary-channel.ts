import { isPrimaryReply, type AskResults, type PrimaryReply, type WorkerAsk } from './cluster-messages.js';

/** A worker's requests to its primary, matched to the replies by id. */
export class PrimaryChannel {
  #next = 0;
  readonly #pending = new Map<number, { resolve(reply: PrimaryReply): void; reject(error: Error): void }>();

  constructor() {
    process.on('message', (message: unknown) => {
      if (!isPrimaryReply(message)) return;
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      pending?.resolve(message);
    });
    process.once('disconnect', () => {
      for (const pending of this.#pending.values()) pending.reject(new Error('the serve primary process is gone'));
      this.#pending.clear();
    });
  }

  async request<Ask extends WorkerAsk>(ask: Ask): Promise<AskResults[Ask['type']]> {
    const send = process.send?.bind(process);
    if (!send || !process.connected) throw new Error('the serve primary process is gone');
    const id = this.#next++;
    const reply = await new Promise<PrimaryReply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      send({ ...ask, id });
    });
    if (reply.error !== undefined) throw new Error(`the serve primary process failed: ${reply.error}`);
    return reply.result as AskResults[Ask['type']];
  }
}
