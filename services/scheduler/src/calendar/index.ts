export { addWorkingTime, nextOpening } from './add-working-time.js';
export type { BusinessCalendar, Shift, Weekday } from './calendar.js';
export { ALWAYS_OPEN, WEEKDAYS } from './calendar.js';
export type { ChineseCalendarDays } from './chinese-holidays.js';
export { chineseCalendarDays } from './chinese-holidays.js';
export type { BusinessCalendarInput } from './schema.js';
export { businessCalendarSchema } from './schema.js';
export { isWorkingTime, workingTimeBetween } from './working-time.js';
