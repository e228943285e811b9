// The centre's time zone, as the daemon says it (settings "timeZone"), never the browser's: a
// tablet or a laptop set to another zone must show and send the centre's days and hours.
let zone = "Asia/Ho_Chi_Minh";

export function setZone(name) { if (name) zone = name; }

function parts(date) {
  const format = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
                                                    hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
}

/// "2026-12-01": the centre's today.
export function today(now = new Date()) { const p = parts(now); return `${p.year}-${p.month}-${p.day}`; }

/// The year it is at the centre.
export function currentYear(now = new Date()) { return Number(parts(now).year); }

/// Minutes since the centre's midnight.
export function minuteOfDay(now = new Date()) { const p = parts(now); return Number(p.hour) * 60 + Number(p.minute); }

/// "08:30" at the centre.
export function clockText(now = new Date()) { const p = parts(now); return `${p.hour}:${p.minute}`; }

/// "01/12/2026 08:30" at the centre, from an ISO timestamp.
export function dateTimeText(iso) {
  const p = parts(new Date(iso));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/// The zone's offset from UTC in minutes at an instant.
function offsetAt(millis) {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
    .formatToParts(new Date(millis)).find((p) => p.type === "timeZoneName")?.value || "GMT";
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/// "+07:00": the centre's offset at its wall time `clock` ("08:30") on `date` ("2026-12-01").
export function offsetText(date, clock) {
  const asUTC = Date.parse(`${date}T${clock}:00Z`);
  let offset = offsetAt(asUTC);
  offset = offsetAt(asUTC - offset * 60_000);  // the offset in force at the real instant (daylight saving edges)
  const pad = (n) => String(n).padStart(2, "0");
  return `${offset < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}
