/** `useLocalWorkMail()`: start a local WorkMail before a jest suite and stop it after. */
import { LocalWorkMailError } from './errors';
import { setDefaultLocalWorkMail } from './shared';
import { startLocalWorkMail, type LocalWorkMail, type LocalWorkMailOptions } from './workmail';

// jest's globals, declared here so the package's types do not require @types/jest.
declare function beforeAll(fn: () => Promise<void>, timeout?: number): void;
declare function afterAll(fn: () => Promise<void>, timeout?: number): void;

/**
 * Call at the top of a `describe` (or file). Registers beforeAll/afterAll hooks; inside tests the
 * returned accessor gives the running instance, and `replay` uses it by default.
 */
export function useLocalWorkMail(options?: LocalWorkMailOptions): () => LocalWorkMail {
  let wm: LocalWorkMail | undefined;
  beforeAll(async () => {
    wm = await startLocalWorkMail(options);
    setDefaultLocalWorkMail(wm);
  });
  afterAll(async () => {
    setDefaultLocalWorkMail(undefined);
    await wm?.stop();
    wm = undefined;
  });
  return () => {
    if (!wm) {
      throw new LocalWorkMailError(
        'LOCAL_WORKMAIL',
        'useLocalWorkMail(): the instance exists only inside tests and hooks of the suite that called it (it starts in beforeAll)',
      );
    }
    return wm;
  };
}
