#!/usr/bin/env node
/**
 * The `workmail-rules` command: `--help`, `--version`, and a thin dispatcher to one module per
 * sub-command. User handler and rule files are TypeScript: the tsx loader is registered first.
 */
import { ownPackage } from './own-package';

interface Command {
  summary: string;
  load(): Promise<{ run(argv: string[]): Promise<number> }>;
}

const commands: Record<string, Command> = {
  init: { summary: 'create a new rules project (handlers, rules, events, tests, cdk.json)', load: () => import('./commands/init') },
  replay: { summary: 'replay sample events through the handlers against a local WorkMail', load: () => import('./commands/replay') },
  serve: {
    summary: 'local mail sandbox: SMTP in, the handlers decide, Maildirs on disk, a web page',
    load: () => import('./commands/serve'),
  },
  checklist: { summary: 'print the WorkMail console steps for each deployed flow rule', load: () => import('./commands/checklist') },
  export: {
    summary: 'compile the rule sets to Sieve scripts or Amazon SES Mail Manager rule sets',
    load: () => import('./commands/export'),
  },
};

function help(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: workmail-rules <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'options:',
    "  -h, --help     print this help (or `workmail-rules <command> --help` for a command's options)",
    '  -v, --version  print the version of workmail-rules',
    '',
  ].join('\n');
}

/** Lets `replay` load the user's `.ts` handlers and rules with no build step and no extra install. */
function registerTypeScript(): void {
  if (require.extensions['.ts']) return; // already running under tsx (inside this repository)
  (require('tsx/cjs/api') as { register(): unknown }).register();
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help') {
    process.stdout.write(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '-v' || name === '--version') {
    process.stdout.write(`${ownPackage().version}\n`);
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    const what = name.startsWith('-') ? `unknown option ${name}` : `unknown command "${name}"`;
    process.stderr.write(`workmail-rules: ${what}\n\n${help()}`);
    return 2;
  }
  registerTypeScript();
  return (await command.load()).run(rest);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`workmail-rules: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
