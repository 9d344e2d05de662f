/**
 * Is an instant inside a time window (weekdays and daily hours in a time zone, plus an absolute range)?
 * Used by freeze windows, business hours and the `time` condition of user rules.
 */
import type { TimeWindow } from '../core/config/policy.js';

const WEEKDAY_INDEX: Record<string, number> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The last answer per time zone: every call in the same minute reuses it (Intl formatting costs µs). */
const lastAnswer = new Map<string, { minute: number; value: { weekday: number; minute: number } }>();

/** Weekday (0 = Monday) and minute of the day of `at` in `timeZone`. */
export function localTime(at: number, timeZone: string): { weekday: number; minute: number } {
  const minute = Math.floor(at / 60_000);
  const cached = lastAnswer.get(timeZone);
  if (cached?.minute === minute) return cached.value;
  const value = computeLocalTime(at, timeZone);
  // Bounded by the time zones in config and rules; IANA has a few hundred.
  if (lastAnswer.size < 1_000 || lastAnswer.has(timeZone)) lastAnswer.set(timeZone, { minute, value });
  return value;
}

function computeLocalTime(at: number, timeZone: string): { weekday: number; minute: number } {
  if (timeZone === 'UTC') {
    const d = new Date(at);
    return { weekday: (d.getUTCDay() + 6) % 7, minute: d.getUTCHours() * 60 + d.getUTCMinutes() };
  }
  let weekday = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type === 'weekday') weekday = WEEKDAY_INDEX[part.value.slice(0, 3).toLowerCase()] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { weekday, minute: hour * 60 + minute };
}

/** Parse "HH:MM-HH:MM" into minutes of the day. */
function parseRange(between: string): [number, number] {
  const [a = '00:00', b = '00:00'] = between.split('-');
  const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return [toMinutes(a), toMinutes(b)];
}

/**
 * True when `at` (epoch ms) is inside `window`. With `between` wrapping midnight ("22:00-06:00"), `days` names
 * the day the local clock shows at `at`.
 * @example inWindow({ timezone: 'Europe/Berlin', days: ['fri'], between: '12:00-23:59' }, clock.now())
 */
export function inWindow(window: TimeWindow, at: number): boolean {
  if (window.from !== undefined && at < Date.parse(window.from)) return false;
  if (window.until !== undefined && at >= Date.parse(window.until)) return false;
  if (!window.days && !window.between) return true;
  const local = localTime(at, window.timezone);
  if (window.days && !window.days.some((d) => WEEKDAY_INDEX[d] === local.weekday)) return false;
  if (window.between) {
    const [start, end] = parseRange(window.between);
    const inside = start <= end ? local.minute >= start && local.minute < end : local.minute >= start || local.minute < end;
    if (!inside) return false;
  }
  return true;
}
