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
      h("tbody", {}, page.items.map((s) => h("tr", {},
        h("td", {}, `${when(s.startsAt)}–${s.endsAt.slice(11, 16)}`), h("td", {}, s.title), h("td", {}, categoryLabels[s.category] || s.category),
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
