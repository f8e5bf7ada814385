/** The full entry's runaway-pattern checker: safe-regex2 (star height and repetition limit). */
import safeRegex from 'safe-regex2';
import { useRunawayCheck } from './runaway';

useRunawayCheck((re) => safeRegex(re));
