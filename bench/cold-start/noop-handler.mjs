// A handler that decides nothing (every recipient delivered), loaded by the runner like a bundle:
// its cold start is the runner's own floor (ESM loader, reading the event, writing the result).
export const handler = async () => ({ actions: [{ action: { type: 'DEFAULT' }, allRecipients: true }] });
