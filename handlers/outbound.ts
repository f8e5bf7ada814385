/** Outbound synchronous Run-Lambda rule: decides per recipient with rules/outbound.ts. */
import { syncHandler } from '../lib';
import rules from '../rules/outbound';

export const handler = syncHandler({ rules });
