/**
 * The workflow's public surface: the SOP as pure data and one pure transition. No I/O, no
 * clock of its own. See each module's header:
 *   ./calendar  business calendar (working hours, holidays, time zone) and working-time math
 *   ./calendar-coverage  which years the holiday files cover, and which a day needs
 *   ./sop       the SOP tables: steps and time standards, states, tag commands
 *   ./case      the Case and Clock shapes and derived facts (met, breached, missing items)
 *   ./decide    decide(case, event, now, sop, calendar, opts) -> { case, actions, events }
 *   ./redact    masking of labelled passwords in free text
 */

export * from './calendar';
export * from './calendar-coverage';
export * from './case';
export * from './decide';
export * from './redact';
export * from './sop';
