/**
 * The local WorkMail (Message Flow API + S3 on 127.0.0.1) in its own process, so the cold-start runs
 * can be spawned synchronously while it serves them. Usage: `tsx emulator.ts <message.eml> <id>...`
 * stores the message under each id, prints one JSON line `{ "env": {...} }`, and serves until stdin closes.
 */
import * as fs from 'node:fs';
import { startLocalWorkMail } from '../../lib/local';

async function main(): Promise<void> {
  const [messageFile, ...ids] = process.argv.slice(2);
  if (!messageFile || ids.length === 0) throw new Error('usage: emulator.ts <message.eml> <messageId>...');
  const raw = fs.readFileSync(messageFile);
  const wm = await startLocalWorkMail();
  for (const id of ids) wm.putMessage(id, raw);
  process.stdout.write(JSON.stringify({ env: wm.env }) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => {
    const rewritten = ids.filter((id) => !wm.getMessage(id)?.equals(raw)).length;
    process.stderr.write(JSON.stringify({ rewritten }) + '\n');
    void wm.stop().then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`emulator: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
