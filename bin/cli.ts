#!/usr/bin/env node
/** The `workmail-rules` command: a thin dispatcher to one module per sub-command. */
const commands: Record<string, () => Promise<{ run(argv: string[]): Promise<number> }>> = {
  replay: () => import('./commands/replay'),
  checklist: () => import('./commands/checklist'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? commands[name] : undefined;
  if (!load) {
    process.stderr.write(`usage: workmail-rules <${Object.keys(commands).join('|')}> [options]\n`);
    return name === '--help' || name === '-h' ? 0 : 2;
  }
  return (await load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`workmail-rules: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
