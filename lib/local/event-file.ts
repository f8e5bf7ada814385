/** The one reader of event files (JSON, a UTF-8 byte-order mark allowed): replay, the CLI and `loadEvent` use it. */
import * as fs from 'node:fs';
import { LocalWorkMailError } from './errors';

/** An event file that cannot be read or is not JSON; `reason` says which, without the file name. */
export class EventFileError extends LocalWorkMailError {
  override readonly name = 'EventFileError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super('REPLAY_EVENT', `event file ${file}: ${reason}`);
  }
}

/** Read and parse an event file; a missing file or bad JSON is an `EventFileError` naming it. */
export function readEventFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new EventFileError(file, `cannot read: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new EventFileError(file, `not valid JSON: ${(err as Error).message}`);
  }
}
