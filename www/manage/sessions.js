// A session: the editor (one, a weekly series, or the whole series at once; cancelling) and the
// attendance sheet with search-and-add, hours with reasons, closing, and the printable copy.
import { api, labels } from "./api.js";
import { today } from "/shared/zone.js";
import { vnNumber } from "/shared/numbers.js";
import { h, show, notice, select, showFieldError } from "./dom.js";
import { localDate, moment, time, day } from "./dates.js";
import { user } from "./session.js";


/// Shows the overlap warnings of a saved session or series, which never stop the save.
function warn(saved) {
  const warnings = saved.warnings || [];
  if (warnings.length) notice(`Đã lưu. Lưu ý: ${[...new Set(warnings.map((w) => w.message))].join(" ")}`, "warn");
  return warnings.length > 0;
}

/// The editor: new (`id` null; a date from the calendar, and weekly repetition) or an existing
/// session (only this one, or every session of its series still to come).
export async function sessionForm(id, params = new URLSearchParams()) {
  const session = id ? await api("GET", `/api/sessions/${encodeURIComponent(id)}`) : null;
  const v = (key, fallback = "") => (session && session[key] !== null && session[key] !== undefined ? session[key] : fallback);
  const date = session ? session.startsAt.slice(0, 10) : (params.get("date") || today());
  const locked = session && (session.status === "closed" && !session.awaitingClose || session.status === "cancelled") && user()?.role !== "manager";
  const form = h("form", { className: "panel", id: "session-form", novalidate: true },
    h("div", { className: "row" },
      h("label", {}, "Tên buổi học", h("input", { name: "title", required: true, maxlength: 150, value: v("title") })),
      h("label", {}, "Lĩnh vực", select("category", labels.sessionCategory, v("category", "it")))),
    h("div", { className: "row" },
      h("label", {}, "Chủ đề", h("input", { name: "topic", maxlength: 200, value: v("topic") })),
      h("label", {}, "Người dạy (gõ tên để chọn người học, hoặc ghi tên khách mời)", instructorInput(session))),
    h("div", { className: "row" },
      h("label", {}, "Ngày", h("input", { name: "date", type: "date", value: date })),
      h("label", {}, "Bắt đầu", h("input", { name: "startsAt", type: "time", value: session ? time(session.startsAt) : "08:00" })),
      h("label", {}, "Kết thúc", h("input", { name: "endsAt", type: "time", value: session ? time(session.endsAt) : "10:00" }))),
    h("div", { className: "row" },
      h("label", {}, "Địa điểm", h("input", { name: "place", maxlength: 200, value: v("place") })),
      h("label", {}, "Sức chứa (người)", h("input", { name: "capacity", type: "number", min: "1", step: "1", value: v("capacity") })),
      h("label", {}, "Số giờ được tính (để trống: bằng độ dài)", h("input", { name: "creditedHours", type: "number", step: "0.25", min: "0",
        value: session ? session.creditedHours : "" }))),
    h("label", {}, "Ghi chú", h("textarea", { name: "notes", rows: 2, maxlength: 2000 }, v("notes"))),
    h("label", {}, "Lý do (ghi vào nhật ký; cần khi số giờ được tính lớn hơn độ dài buổi học)", h("input", { name: "reason", maxlength: 500 })),
    session ? null : h("div", { className: "row" },
      h("label", {}, "Lặp lại hằng tuần: tổng số buổi (1 = chỉ một buổi)", h("input", { name: "count", type: "number", min: "1", max: "52", value: "1" }))),
    session?.seriesId ? h("fieldset", { className: "scope" }, h("legend", {}, "Áp dụng cho"),
      h("label", { className: "check" }, h("input", { type: "radio", name: "scope", value: "one", checked: true }), "Chỉ buổi này"),
      h("label", { className: "check" }, h("input", { type: "radio", name: "scope", value: "series" }), "Cả loạt: mọi buổi chưa diễn ra (giữ nguyên ngày của từng buổi)")) : null,
    h("div", { className: "actions" },
      h("button", { type: "submit", disabled: locked }, session ? "Lưu thay đổi" : "Lên lịch"),
      h("button", { type: "button", className: "secondary", onclick: () => history.back() }, "Quay lại")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const text = (key) => (data.get(key) || "").trim() || null;
    const body = { title: data.get("title"), category: data.get("category"), topic: text("topic"), ...instructorOf(form),
      place: text("place"), notes: text("notes"), reason: text("reason"), capacity: data.get("capacity") ? Number(data.get("capacity")) : null };
    if (data.get("creditedHours") !== "" && (!session || Number(data.get("creditedHours")) !== session.creditedHours)) {
      body.creditedHours = Number(data.get("creditedHours"));
    }
    const count = Number(data.get("count") || 1);
    try {
      let saved, target;
      if (data.get("scope") === "series") {
        saved = await api("PATCH", `/api/session-series/${encodeURIComponent(session.seriesId)}`,
          { ...body, startTime: data.get("startsAt"), endTime: data.get("endsAt") });
        notice(`Đã sửa ${saved.changed} buổi chưa diễn ra của loạt.`);
        target = `#/sessions/${encodeURIComponent(id)}`;
      } else {
        Object.assign(body, { startsAt: moment(data.get("date"), data.get("startsAt")), endsAt: moment(data.get("date"), data.get("endsAt")) });
        if (session) {
          saved = await api("PATCH", `/api/sessions/${encodeURIComponent(id)}`, body);
          notice(`Đã lưu "${saved.title}".`);
          target = `#/sessions/${encodeURIComponent(id)}`;
        } else if (count > 1) {
          saved = await api("POST", "/api/session-series", { ...body, count });
          notice(`Đã lên lịch ${saved.items.length} buổi "${body.title}", mỗi tuần một buổi.`);
          target = `#/sessions?view=month&date=${data.get("date")}`;
        } else {
          saved = await api("POST", "/api/sessions", body);
          notice(`Đã lên lịch "${saved.title}".`);
          target = `#/sessions?date=${data.get("date")}`;
        }
      }
      warn(saved);
      location.hash = target;
    } catch (error) { showFieldError(form, error); }
  });
  show(h("h1", {}, session ? `Sửa buổi học: ${session.title}` : "Lên lịch buổi học"),
    locked ? h("p", { className: "warn" }, "Buổi học đã đóng hoặc đã hủy; chỉ người quản lý mới sửa được.") : null,
    form, session ? statusPanel(session) : null);
}

/// The instructor: a free-text name, or one of the centre's learners found by name (then the
/// session records who taught it).
function instructorInput(session) {
  const known = new Map(session?.instructorId ? [[session.instructor, session.instructorId]] : []);
  const list = h("datalist", { id: "instructor-choices" });
  const input = h("input", { name: "instructor", maxlength: 200, list: "instructor-choices", autocomplete: "off", value: session?.instructor || "" });
  input.known = known;
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    if (known.has(input.value) || input.value.trim().length < 2) return;
    timer = setTimeout(async () => {
      const page = await api("GET", `/api/learners?limit=8&q=${encodeURIComponent(input.value.trim())}`);
      list.replaceChildren(...page.items.map((p) => {
        const label = `${p.fullName} (${p.birthYear})`;
        known.set(label, p.id);
        return h("option", { value: label });
      }));
    }, 200);
  });
  return h("span", { className: "combo" }, input, list);
}

function instructorOf(form) {
  const input = form.querySelector('[name="instructor"]');
  const text = input.value.trim();
  const id = input.known.get(input.value) || null;
  return { instructor: text ? (id ? text.replace(/ \(\d{4}\)$/, "") : text) : null, instructorId: id };
}

/// Cancelling (with a reason) or, for a manager, bringing a cancelled session back.
function statusPanel(session) {
  const url = `/api/sessions/${encodeURIComponent(session.id)}`;
  const reason = h("input", { name: "reason", placeholder: "Lý do (ví dụ: mất điện, người dạy ốm)", maxlength: 500 });
  const change = async (status) => {
    try {
      await api("PATCH", url, { status, reason: reason.value.trim() || null });
      notice(status === "cancelled" ? "Đã hủy buổi học. Các lượt điểm danh được giữ lại nhưng không tính giờ." : "Đã khôi phục buổi học.");
      location.hash = `#/sessions/${encodeURIComponent(session.id)}`;
    } catch (error) { notice(error.message, true); }
  };
  if (session.status === "cancelled") {
    return user()?.role === "manager" ? h("div", { className: "panel" }, h("h2", {}, "Khôi phục buổi học"), reason,
      h("div", { className: "actions" }, h("button", { type: "button", id: "restore-session", onclick: () => change("planned") }, "Khôi phục"))) : null;
  }
  if (session.status === "closed" && !session.awaitingClose) return null;
  return h("div", { className: "panel" }, h("h2", {}, "Hủy buổi học"),
    h("p", { className: "muted" }, "Người đã điểm danh vẫn được lưu, nhưng buổi đã hủy không tính giờ."), reason,
    h("div", { className: "actions" }, h("button", { type: "button", className: "danger", id: "cancel-session", onclick: () => change("cancelled") }, "Hủy buổi học")));
}

/// The attendance sheet: who came (kiosk and staff), add by searching, take off, set hours with a
/// reason, save; then close the session. A printable A4 copy for signatures.
export async function attendanceView(id) {
  const [session, sheet] = await Promise.all([api("GET", `/api/sessions/${encodeURIComponent(id)}`),
    api("GET", `/api/sessions/${encodeURIComponent(id)}/attendance`)]);
  const lines = new Map(sheet.items.map((line) => [line.learnerId, {
    learnerId: line.learnerId, fullName: line.fullName, source: line.checkIn.checkedInAt, hours: line.creditedHours,
    override: line.overrideReason ? { hours: line.creditedHours, reason: line.overrideReason } : null }]));
  const body = h("tbody");
  const reason = h("input", { name: "reason", placeholder: "Lý do thêm, bớt hoặc mở lại", "aria-label": "Lý do" });
  const render = () => {
    body.replaceChildren(...[...lines.values()].map((line) => {
      const hours = h("input", { type: "number", step: "0.25", min: "0", value: line.override ? line.override.hours : "", placeholder: String(line.hours),
        className: "hours", "aria-label": "Số giờ", oninput: (e) => { line.override = e.target.value === "" ? null : { hours: Number(e.target.value), reason: line.override?.reason || "" }; } });
      const why = h("input", { value: line.override?.reason || "", placeholder: "Lý do sửa giờ", "aria-label": "Lý do sửa giờ",
        oninput: (e) => { if (line.override) line.override.reason = e.target.value; } });
      return h("tr", { "data-learner": line.learnerId }, h("td", {}, line.fullName), h("td", {}, hours), h("td", {}, why),
        h("td", {}, h("button", { type: "button", className: "secondary", onclick: () => { lines.delete(line.learnerId); render(); } }, "Bỏ khỏi danh sách")));
    }));
  };
  const search = h("input", { type: "search", id: "attendance-search", placeholder: "Gõ tên để thêm người học", autocomplete: "off" });
  const found = h("div", { id: "attendance-found" });
  let timer = null;
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (search.value.trim().length < 2) { found.replaceChildren(); return; }
      const page = await api("GET", `/api/learners?limit=8&q=${encodeURIComponent(search.value.trim())}`);
      found.replaceChildren(...page.items.map((p) => h("button", { type: "button", className: "secondary", "data-add": p.id, onclick: () => {
        if (!lines.has(p.id)) lines.set(p.id, { learnerId: p.id, fullName: p.fullName, hours: session.creditedHours, override: null });
        search.value = ""; found.replaceChildren(); render();
      } }, `${p.fullName} (${p.birthYear})`)));
    }, 200);
  });
  const save = async () => {
    const overrides = [...lines.values()].filter((l) => l.override).map((l) => ({ learnerId: l.learnerId, creditedHours: l.override.hours, reason: l.override.reason }));
    try {
      await api("PUT", `/api/sessions/${encodeURIComponent(id)}/attendance`, { learnerIds: [...lines.keys()], overrides, reason: reason.value || null });
      notice("Đã lưu danh sách điểm danh.");
      return true;
    } catch (error) { notice(error.message, true); return false; }
  };
  const close = async () => {
    // Closing credits the hours and ends every open check-in: before the end, ask first.
    if (Date.parse(session.endsAt) > Date.now()) {
      const left = Math.ceil((Date.parse(session.endsAt) - Date.now()) / 60000);
      if (!confirm(`Buổi học còn ${left} phút nữa mới hết giờ (${time(session.endsAt)}). Đóng bây giờ thì những người đang học được tính giờ đến lúc này, và không ai điểm danh vào được nữa. Vẫn đóng?`)) return;
    }
    if (!(await save())) return;
    try {
      await api("POST", `/api/sessions/${encodeURIComponent(id)}/close`);
      notice("Đã đóng buổi học và tính giờ.");
      attendanceView(id);
    } catch (error) { notice(error.message, true); }
  };
  const reopen = async () => {
    if (!reason.value.trim()) { notice("Hãy ghi lý do mở lại vào ô lý do bên dưới danh sách.", true); reason.focus(); return; }
    try {
      await api("POST", `/api/sessions/${encodeURIComponent(id)}/reopen`, { reason: reason.value.trim() });
      notice("Đã mở lại buổi học.");
      attendanceView(id);
    } catch (error) { notice(error.message, true); }
  };
  render();
  const facts = [`${day(session.startsAt, true)} ${time(session.startsAt)}–${time(session.endsAt)}`, labels.sessionCategory[session.category],
    session.place, session.instructor && `Người dạy: ${session.instructor}`, session.awaitingClose ? "Đã hết giờ, chưa đóng" : labels.sessionStatus[session.status] || session.status,
    `${vnNumber(session.creditedHours)} giờ`, session.capacity && `Sức chứa ${session.capacity}`].filter(Boolean);
  show(h("h1", {}, session.title),
    h("p", { className: "muted", id: "session-status" }, facts.join(" · ")),
    session.notes ? h("p", {}, session.notes) : null,
    h("div", { className: "panel" }, h("label", {}, "Thêm người học", search), found),
    h("table", { id: "attendance" }, h("thead", {}, h("tr", {}, h("th", {}, "Họ và tên"), h("th", {}, "Số giờ"), h("th", {}, "Lý do sửa giờ"), h("th", {}, h("span", { className: "visually-hidden" }, "Thao tác")))), body),
    h("div", { className: "panel" }, reason),
    h("div", { className: "actions" },
      h("button", { type: "button", id: "save-attendance", onclick: save }, "Lưu danh sách"),
      session.status !== "closed" && session.status !== "cancelled" || session.awaitingClose ? h("button", { type: "button", id: "close-session", onclick: close }, "Đóng buổi học") : null,
      session.status === "closed" && !session.awaitingClose && user()?.role === "manager" ? h("button", { type: "button", className: "secondary", id: "reopen-session", onclick: reopen }, "Mở lại (cần lý do)") : null,
      h("a", { href: `#/sessions/${encodeURIComponent(id)}/edit`, className: "button secondary" }, "Sửa buổi học"),
      h("a", { href: `/api/sessions/${encodeURIComponent(id)}/sheet`, target: "_blank" }, "In danh sách (A4)")));
}
