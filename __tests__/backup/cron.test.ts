import { goDurationSeconds, longestGapSeconds, parseCron } from '../../constructs/catalog/cron';

const H = 3600;
const D = 86400;

describe('Velero schedules (robfig/cron standard parser)', () => {
  test.each([
    ['0 * * * *', H],
    ['*/15 * * * *', 15 * 60],
    ['0 2 * * *', D],
    ['30 1,13 * * *', 12 * H],
    ['0 2 * * 1-5', 3 * D], // Friday 02:00 to Monday 02:00
    ['0 2 * * MON-FRI', 3 * D],
    ['0 0 1 * *', 31 * D],
    ['0 0 1 1 *', 366 * D], // a leap year
    ['0 0 13 * 5', 7 * D], // the 13th OR a Friday

    ['0 0 29 2 *', 1461 * D], // leap days only: four years apart (the wrap-around counts)
    ['0 0 1 * 1', 7 * D], // both day fields restricted: the 1st OR a Monday
    ['0 0 * * 1', 7 * D],
    ['5/20 * * * *', 20 * 60], // 5, 25, 45: "a/n" runs from a to the maximum
    ['@hourly', H],
    ['@daily', D],
    ['@weekly', 7 * D],
    ['@every 6h', 6 * H],
    ['@every 1h30m', 5400],
  ])("'%s' runs at least every %i seconds", (cron, gap) => {
    expect(typeof parseCron(cron)).toBe('object');
    expect(longestGapSeconds(cron)).toBe(gap);
  });

  test('a schedule no date matches never runs', () => {
    expect(typeof parseCron('0 0 31 2 *')).toBe('object');
    expect(longestGapSeconds('0 0 31 2 *')).toBeUndefined();
  });

  test.each([
    ['0 2 * * * *', "'0 2 * * * *' has 6 fields; allowed: five fields (minute hour day-of-month month day-of-week) such as \"0 * * * *\", or @hourly, @daily, @weekly, @monthly, @yearly, @every 6h"],
    ['60 * * * *', "'60 * * * *': minute '60' is not allowed; allowed: *, a number from 0 to 59, a range a-b, a list a,b, a step */n"],
    ['0 5-2 * * *', "'0 5-2 * * *': hour '5-2' is a backwards range; allowed: a-b with a <= b"],
    ['0 0 * FOO *', "'0 0 * FOO *': month 'FOO' is not allowed; allowed: *, a number from 1 to 12 or a name, a range a-b, a list a,b, a step */n"],
    ['*/0 * * * *', "'*/0 * * * *': minute '*/0' is not allowed; allowed: *, a number from 0 to 59, a range a-b, a list a,b, a step */n"],
    ['@often', "'@often' is not a known descriptor; allowed: five fields (minute hour day-of-month month day-of-week) such as \"0 * * * *\", or @hourly, @daily, @weekly, @monthly, @yearly, @every 6h"],
    ['@every 30s', "'@every 30s' is not allowed; allowed: @every with a Go duration of at least 1m, such as @every 6h"],
    ['CRON_TZ=Europe/Paris 0 2 * * *', "'CRON_TZ=Europe/Paris 0 2 * * *' has a time-zone prefix; allowed: a schedule without one (every site runs in its controller's time zone)"],
  ])("'%s' is refused: %s", (cron, message) => {
    expect(parseCron(cron)).toBe(message);
    expect(longestGapSeconds(cron)).toBeUndefined();
  });

  test('Go durations', () => {
    expect(goDurationSeconds('1h30m')).toBe(5400);
    expect(goDurationSeconds('90s')).toBe(90);
    expect(goDurationSeconds('1d')).toBeUndefined();
  });
});
