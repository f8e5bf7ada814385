/** Two rules whose conditions are unknown when the message cannot be read (docs/rules.md, "Unknown"). */
import { bypassSpam, defineRules, deliver, junk, not, spamVerdict } from '../lib';

export default defineRules({
  direction: 'INBOUND',
  otherwise: deliver(),
  rules: [
    // #region unknown
    { name: 'clean', when: not(spamVerdict('FAIL')), then: bypassSpam() },
    { name: 'spam', when: spamVerdict('FAIL'), then: junk() },
    // #endregion unknown
  ],
});
