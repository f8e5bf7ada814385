/** Wire tests: the emulator `replay` starts on demand is stopped after each test file. */
import { stopSharedLocalWorkMail } from '../../lib/local/shared';

afterAll(() => stopSharedLocalWorkMail());
