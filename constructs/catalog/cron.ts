/**
 * Velero schedules: the cron dialect Velero's schedule controller accepts and the
 * longest gap between two runs of one, so a retention can be checked against it.
 *
 * Velero parses `Schedule.spec.schedule` with robfig/cron v3's standard parser
 * (vmware-tanzu/velero `pkg/controller/schedule_controller.go`, `cron.ParseStandard`):
 * five fields (minute, hour, day of month, month, day of week), `*`, `?` (in the day
 * fields), ranges, lists, steps, month and weekday names, and the descriptors
 * `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly` and
 * `@every <duration>`. As in robfig/cron, when both day fields are restricted a day
 * matches either of them. Times are the controller's time zone; a `CRON_TZ=` or
 * `TZ=` prefix is refused here, so every site's schedule means the same hours.
 */

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** A parsed schedule: the matching values of each field, or a fixed interval. */
export type ParsedCron =
  | { readonly kind: 'fields'; readonly sets: readonly (readonly number[])[]; readonly domStar: boolean; readonly dowStar: boolean }
  | { readonly kind: 'every'; readonly seconds: number };

const ALLOWED = 'allowed: five fields (minute hour day-of-month month day-of-week) such as "0 * * * *", or @hourly, @daily, @weekly, @monthly, @yearly, @every 6h';

/** Seconds of a Go duration such as `1h30m` or `90s`; undefined when not one. */
export function goDurationSeconds(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(h|m|s|ms))+$/.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)) total += Number(m[1]) * { h: 3600, m: 60, s: 1, ms: 0.001 }[m[2] as 'h' | 'm' | 's' | 'ms'];
  return total;
}

function parseField(text: string, field: Field): number[] | string {
  const values = new Set<number>();
  const value = (token: string): number => {
    const index = field.names?.indexOf(token.toUpperCase()) ?? -1;
    return index >= 0 ? index + field.min : /^\d+$/.test(token) ? Number(token) : NaN;
  };
  for (const item of text.split(',')) {
    if (item === '?' && (field.name === 'day of month' || field.name === 'day of week')) {
      for (let v = field.min; v <= field.max; v++) values.add(v);
      continue;
    }
    const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
    const problem = `${field.name} '${item}' is not allowed; allowed: *, a number from ${field.min} to ${field.max}${field.names ? ' or a name' : ''}, a range a-b, a list a,b, a step */n`;
    if (!m) return problem;
    const step = m[2] !== undefined ? Number(m[2]) : 1;
    if (step === 0) return problem;
    let low = field.min;
    let high = field.max;
    if (m[1] !== '*') {
      const bounds = m[1].split('-').map(value);
      if (bounds.some((n) => Number.isNaN(n) || n < field.min || n > field.max)) return problem;
      low = bounds[0];
      // robfig/cron: "a/n" alone means a through the maximum, every n.
      high = bounds.length === 2 ? bounds[1] : m[2] !== undefined ? field.max : bounds[0];
      if (high < low) return `${field.name} '${item}' is a backwards range; allowed: a-b with a <= b`;
    }
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

/** Parses a Velero schedule; a string says why it is not one. */
export function parseCron(expression: string): ParsedCron | string {
  const text = expression.trim();
  if (/^(CRON_)?TZ=/.test(text)) return `'${expression}' has a time-zone prefix; allowed: a schedule without one (every site runs in its controller's time zone)`;
  if (text.startsWith('@every')) {
    const duration = text.slice('@every'.length).trim();
    const seconds = goDurationSeconds(duration);
    if (seconds === undefined || seconds < 60) return `'${expression}' is not allowed; allowed: @every with a Go duration of at least 1m, such as @every 6h`;
    return { kind: 'every', seconds };
  }
  if (text.startsWith('@')) {
    const expanded = DESCRIPTORS[text];
    if (expanded === undefined) return `'${expression}' is not a known descriptor; ${ALLOWED}`;
    return parseCron(expanded);
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5) return `'${expression}' has ${fields.length} field${fields.length === 1 ? '' : 's'}; ${ALLOWED}`;
  const sets: number[][] = [];
  for (let i = 0; i < 5; i++) {
    const parsed = parseField(fields[i], FIELDS[i]);
    if (typeof parsed === 'string') return `'${expression}': ${parsed}`;
    sets.push(parsed);
  }
  // robfig/cron sets its star bit for '*' and '?' (and a step of 1), not for '*/n' with n > 1.
  const star = (s: string) => s.split(',').some((item) => ['*', '?', '*/1', '?/1'].includes(item));
  return { kind: 'fields', sets, domStar: star(fields[2]), dowStar: star(fields[4]) };
}

const GAPS = new Map<string, number | undefined>();

/**
 * The longest time in seconds between two consecutive runs of a schedule, over the
 * whole calendar (28 years, after which weekdays and leap days repeat together);
 * undefined when the schedule never runs (for example 0 0 31 2 *). Memoized per text.
 */
export function longestGapSeconds(expression: string): number | undefined {
  if (GAPS.has(expression)) return GAPS.get(expression);
  const parsed = parseCron(expression);
  let gap: number | undefined;
  if (typeof parsed !== 'string') gap = parsed.kind === 'every' ? parsed.seconds : fieldsGap(parsed);
  GAPS.set(expression, gap);
  return gap;
}

function fieldsGap(cron: Extract<ParsedCron, { kind: 'fields' }>): number | undefined {
  const [minutes, hours, doms, months, dows] = cron.sets;
  const daily: number[] = [];
  for (const h of hours) for (const m of minutes) daily.push(h * 3600 + m * 60);
  const domSet = new Set(doms);
  const dowSet = new Set(dows);
  const monthSet = new Set(months);
  const runsOn = (date: Date): boolean => {
    if (!monthSet.has(date.getUTCMonth() + 1)) return false;
    const dom = domSet.has(date.getUTCDate());
    const dow = dowSet.has(date.getUTCDay());
    // robfig/cron dayMatches: either day field unrestricted means both must match, else either.
    return cron.domStar || cron.dowStar ? dom && dow : dom || dow;
  };
  // 28 years from 2024: between 1901 and 2099 the calendar (weekdays and leap days
  // together) repeats every 28 years, so the gap across the end wraps around exactly.
  const start = Date.UTC(2024, 0, 1);
  const days = 28 * 365 + 7;
  let previous: number | undefined;
  let first: number | undefined;
  let longest = 0;
  for (let d = 0; d < days; d++) {
    const dayStart = start / 1000 + d * 86400;
    if (!runsOn(new Date(dayStart * 1000))) continue;
    for (const offset of daily) {
      const t = dayStart + offset;
      if (previous !== undefined) longest = Math.max(longest, t - previous);
      else first = t;
      previous = t;
    }
  }
  if (previous === undefined || first === undefined) return undefined;
  // The calendar repeats after 28 years: the wrap-around gap counts too.
  longest = Math.max(longest, first + days * 86400 - previous);
  return longest;
}
