// Local dates and times as the manager pages show and send them (the box and the browser share a zone).
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

/// An ISO timestamp with the browser's offset, from "2026-11-29" and "08:30".
export function moment(date, clock) {
  const d = new Date(`${date}T${clock}`);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return `${date}T${clock}:00${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

export const weekdays = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"];
