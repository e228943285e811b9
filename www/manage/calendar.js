// The calendar of sessions: a week (Monday to Sunday) or a month, with the way to plan more.
import { api, labels } from "./api.js";
import { today as centreToday } from "/shared/zone.js";
import { h, show } from "./dom.js";
import { localDate, parseDate, addDays, weekStart, time, weekdays } from "./dates.js";

/// Every session overlapping [from, to], reading page after page.
export async function sessionsBetween(from, to) {
  const items = [];
  let next = null;
  do {
    const page = await api("GET", `/api/sessions?from=${from}&to=${to}&limit=500${next ? "&next=" + encodeURIComponent(next) : ""}`);
    items.push(...page.items);
    next = page.next;
  } while (next);
  return items;
}

function sessionChip(s, compact) {
  const href = `#/sessions/${encodeURIComponent(s.id)}`;
  const count = s.capacity ? `${s.attendeeCount}/${s.capacity}` : `${s.attendeeCount}`;
  return h("div", { className: `chip ${s.status} cat-${s.category}`, "data-session": s.id },
    h("span", { className: "chip-time" }, `${time(s.startsAt)}–${time(s.endsAt)}`),
    h("a", { href }, s.title),
    compact ? null : h("span", { className: "chip-meta" },
      [labels.sessionCategory[s.category], s.place, `${count} người`, s.status === "cancelled" ? labels.sessionStatus.cancelled : null].filter(Boolean).join(" · ")));
}

export async function calendarView(params) {
  const mode = params.get("view") === "month" ? "month" : "week";
  const anchor = params.get("date") ? parseDate(params.get("date")) : parseDate(centreToday());
  let first, last;
  if (mode === "week") {
    first = weekStart(anchor);
    last = addDays(first, 6);
  } else {
    const monthStart = new Date(anchor.getFullYear(), anchor.getMonth(), 1);
    first = weekStart(monthStart);
    const monthEnd = new Date(anchor.getFullYear(), anchor.getMonth() + 1, 0);
    last = addDays(weekStart(monthEnd), 6);
  }
  const sessions = await sessionsBetween(localDate(first), localDate(last));
  const byDay = new Map();
  for (const s of sessions) {
    const key = s.startsAt.slice(0, 10);
    if (!byDay.has(key)) byDay.set(key, []);
    byDay.get(key).push(s);
  }
  const go = (date, view = mode) => { location.hash = `#/sessions?view=${view}&date=${localDate(date)}`; };
  const step = (sign) => mode === "week" ? addDays(anchor, 7 * sign) : new Date(anchor.getFullYear(), anchor.getMonth() + sign, 1);
  const title = mode === "week"
    ? `Tuần ${first.getDate()}/${first.getMonth() + 1} – ${last.getDate()}/${last.getMonth() + 1}/${last.getFullYear()}`
    : `Tháng ${anchor.getMonth() + 1}/${anchor.getFullYear()}`;
  const today = centreToday();
  const days = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
  const cell = (d) => {
    const key = localDate(d);
    const list = byDay.get(key) || [];
    const outside = mode === "month" && d.getMonth() !== anchor.getMonth();
    const shown = mode === "month" ? list.slice(0, 4) : list;
    return h("div", { className: `day${key === today ? " today" : ""}${outside ? " outside" : ""}`, "data-date": key },
      h("div", { className: "day-head" }, h("span", {}, mode === "week" ? `${weekdays[(d.getDay() + 6) % 7]} ${d.getDate()}/${d.getMonth() + 1}` : String(d.getDate())),
        h("a", { href: `#/sessions/new?date=${key}`, className: "add", title: "Lên lịch buổi học ngày này", "aria-label": `Lên lịch buổi học ngày ${d.getDate()}/${d.getMonth() + 1}` }, "+")),
      shown.map((s) => sessionChip(s, mode === "month")),
      list.length > shown.length ? h("a", { className: "more", href: "#", onclick: (e) => { e.preventDefault(); go(d, "week"); } }, `và ${list.length - shown.length} buổi nữa`) : null);
  };
  show(
    h("div", { className: "row heading" }, h("h1", {}, title),
      h("button", { type: "button", id: "new-session", onclick: () => { location.hash = "#/sessions/new"; } }, "Lên lịch buổi học")),
    h("div", { className: "row toolbar" },
      h("button", { type: "button", className: "secondary", onclick: () => go(step(-1)) }, mode === "week" ? "‹ Tuần trước" : "‹ Tháng trước"),
      h("button", { type: "button", className: "secondary", onclick: () => go(parseDate(centreToday())) }, "Hôm nay"),
      h("button", { type: "button", className: "secondary", onclick: () => go(step(1)) }, mode === "week" ? "Tuần sau ›" : "Tháng sau ›"),
      h("span", { className: "spacer" }),
      h("button", { type: "button", className: mode === "week" ? "" : "secondary", "aria-pressed": String(mode === "week"), onclick: () => go(anchor, "week") }, "Tuần"),
      h("button", { type: "button", className: mode === "month" ? "" : "secondary", "aria-pressed": String(mode === "month"), id: "month-view", onclick: () => go(anchor, "month") }, "Tháng")),
    mode === "month" ? h("div", { className: "month-head" }, weekdays.map((w) => h("div", {}, w))) : null,
    h("div", { className: `calendar ${mode}`, id: "calendar" }, days.map(cell)));
}
