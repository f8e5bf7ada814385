// Passed to node with --import: records the URL of every module file the process loads, one per line,
// in the file named by $LOAD_LOG (the hooks run off the main thread; appendFileSync is safe there).
import { register } from 'node:module';

register(new URL('./load-log-hooks.mjs', import.meta.url), { data: process.env.LOAD_LOG });
