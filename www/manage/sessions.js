// Sessions (first cut for the kiosk): this week's lessons and a form to plan one.
import { api } from "./api.js";
import { h, show, notice, select, showFieldError } from "./dom.js";

export const categoryLabels = { it: "Tin học, kỹ năng số", language: "Ngoại ngữ", agriculture: "Nông nghiệp", law: "Pháp luật",
  health: "Sức khỏe", literacy: "Xóa mù chữ", culture: "Văn hóa", other: "Khác" };
const statusLabels = { planned: "Sắp diễn ra", open: "Đang mở điểm danh", closed: "Đã kết thúc", cancelled: "Đã hủy" };

function localDate(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function when(iso) { return `${iso.slice(8, 10)}/${iso.slice(5, 7)} ${iso.slice(11, 16)}`; }

export async function sessionsView() {
  const today = new Date();
  const end = new Date(today.getTime() + 6 * 86400000);
  const page = await api("GET", `/api/sessions?from=${localDate(today)}&to=${localDate(end)}&limit=200`);
  show(
    h("div", { className: "row heading" }, h("h1", {}, "Buổi học 7 ngày tới"),
      h("button", { type: "button", id: "new-session", onclick: () => { location.hash = "#/sessions/new"; } }, "Lên lịch buổi học")),
    page.items.length ? h("table", { id: "sessions" },
      h("thead", {}, h("tr", {}, h("th", {}, "Thời gian"), h("th", {}, "Buổi học"), h("th", {}, "Lĩnh vực"), h("th", { className: "optional" }, "Địa điểm"), h("th", {}, "Trạng thái"))),
      h("tbody", {}, page.items.map((s) => h("tr", { className: "clickable", onclick: () => { location.hash = `#/sessions/${encodeURIComponent(s.id)}`; } },
        h("td", {}, `${when(s.startsAt)}–${s.endsAt.slice(11, 16)}`), h("td", {}, h("a", { href: `#/sessions/${encodeURIComponent(s.id)}` }, s.title)), h("td", {}, categoryLabels[s.category] || s.category),
        h("td", { className: "optional" }, s.place || ""), h("td", {}, statusLabels[s.status] || s.status)))))
      : h("p", { className: "muted" }, "Chưa có buổi học nào trong 7 ngày tới."));
}

export async function sessionForm() {
  const today = localDate(new Date());
  const form = h("form", { className: "panel", id: "session-form", novalidate: true },
    h("div", { className: "row" },
      h("label", {}, "Tên buổi học", h("input", { name: "title", required: true, maxlength: 150 })),
      h("label", {}, "Lĩnh vực", select("category", categoryLabels, "it"))),
    h("div", { className: "row" },
      h("label", {}, "Ngày", h("input", { name: "date", type: "date", value: today })),
      h("label", {}, "Bắt đầu", h("input", { name: "start", type: "time", value: "08:00" })),
      h("label", {}, "Kết thúc", h("input", { name: "end", type: "time", value: "10:00" }))),
    h("div", { className: "row" },
      h("label", {}, "Địa điểm", h("input", { name: "place" })),
      h("label", {}, "Người dạy", h("input", { name: "instructor" })),
      h("label", {}, "Số giờ được tính (để trống: bằng độ dài)", h("input", { name: "creditedHours", type: "number", step: "0.25", min: "0" }))),
    h("div", { className: "actions" },
      h("button", { type: "submit" }, "Lên lịch"),
      h("button", { type: "button", className: "secondary", onclick: () => { location.hash = "#/sessions"; } }, "Quay lại")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const moment = (time) => new Date(`${data.get("date")}T${time}`).toISOString();
    const body = { title: data.get("title"), category: data.get("category"), place: data.get("place") || null,
      instructor: data.get("instructor") || null, startsAt: moment(data.get("start")), endsAt: moment(data.get("end")) };
    if (data.get("creditedHours")) body.creditedHours = Number(data.get("creditedHours"));
    try {
      const saved = await api("POST", "/api/sessions", body);
      notice(`Đã lên lịch "${saved.title}".`);
      location.hash = "#/sessions";
    } catch (error) { showFieldError(form, error); }
  });
  show(h("h1", {}, "Lên lịch buổi học"), form);
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
  const reason = h("input", { name: "reason", placeholder: "Lý do thêm hoặc bớt (không bắt buộc)" });
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
    if (!(await save())) return;
    try {
      await api("POST", `/api/sessions/${encodeURIComponent(id)}/close`);
      notice("Đã đóng buổi học và tính giờ.");
      attendanceView(id);
    } catch (error) { notice(error.message, true); }
  };
  render();
  show(h("h1", {}, session.title),
    h("p", { className: "muted", id: "session-status" }, `${when(session.startsAt)}–${session.endsAt.slice(11, 16)} · ${categoryLabels[session.category] || ""} · ${statusLabels[session.status] || session.status} · ${session.creditedHours} giờ`),
    h("div", { className: "panel" }, h("label", {}, "Thêm người học", search), found),
    h("table", { id: "attendance" }, h("thead", {}, h("tr", {}, h("th", {}, "Họ và tên"), h("th", {}, "Số giờ"), h("th", {}, "Lý do sửa giờ"), h("th", {}, ""))), body),
    h("div", { className: "panel" }, reason),
    h("div", { className: "actions" },
      h("button", { type: "button", id: "save-attendance", onclick: save }, "Lưu danh sách"),
      session.status !== "closed" && session.status !== "cancelled" ? h("button", { type: "button", id: "close-session", onclick: close }, "Đóng buổi học") : null,
      h("a", { href: `/api/sessions/${encodeURIComponent(id)}/sheet`, target: "_blank" }, "In danh sách (A4)")));
}
