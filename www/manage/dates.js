// Dates and times as the manager pages show and send them: the centre's (see /shared/zone.js).
// A Date here only carries a calendar day for the calendar's arithmetic.
import { offsetText } from "/shared/zone.js";

const pad = (n) => String(n).padStart(2, "0");

/// "2026-11-29" for a Date, in local time.
export function localDate(date) { return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`; }

/// A Date at local midnight from "2026-11-29".
export function parseDate(text) {
  const [y, m, d] = text.split("-").map(Number);
  return new Date(y, m - 1, d);
}

export function addDays(date, days) { return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days); }

/// The Monday of the week that holds `date`.
export function weekStart(date) { return addDays(date, -((date.getDay() + 6) % 7)); }

/// "08:30" of an ISO timestamp with an offset (the box writes its local time).
export function time(iso) { return iso.slice(11, 16); }

/// "29/11" of an ISO timestamp, or "29/11/2026" with the year.
export function day(iso, withYear = false) { return `${iso.slice(8, 10)}/${iso.slice(5, 7)}${withYear ? "/" + iso.slice(0, 4) : ""}`; }

export function when(iso) { return `${day(iso)} ${time(iso)}`; }

/// An ISO timestamp with the centre's offset, from "2026-11-29" and "08:30" at the centre.
export function moment(date, clock) { return `${date}T${clock}:00${offsetText(date, clock)}`; }

export const weekdays = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"];
