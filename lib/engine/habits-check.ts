/** The full entry's glob-habit checks (lib/engine/habits.ts), plugged into the text conditions. */
import { useHabitChecks } from './conditions/text';
import { addressPatternRegExp, attachmentNameGlobWarnings, globTextWarning } from './habits';

useHabitChecks({ text: globTextWarning, attachmentName: attachmentNameGlobWarnings, addressRegExp: addressPatternRegExp });
