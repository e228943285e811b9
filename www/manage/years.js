// Years and their reports: submit the yearly report before the deadline (a numbered copy that
// never changes), record that it went out, close a year once it is over, reopen it with a reason.
import { api } from "./api.js";
import { h, show, notice, showFieldError } from "./dom.js";
import { dateTimeText, currentYear } from "/shared/zone.js";
import { user } from "./session.js";

export async function yearsView() {
  const { items } = await api("GET", "/api/years");
  const manager = user()?.role === "manager";
  const act = async (method, path, body, done) => {
    try {
      await api(method, path, body);
      notice(done);
      yearsView();
    } catch (error) { notice(error.message, true); }
  };
  const rows = items.map((y) => {
    const closed = y.status === "closed";
    const report = (query) => h("a", { href: `/api/reports/annual?year=${y.year}${query}`, target: "_blank" }, "xem");
    const copies = y.submissions.length === 0 ? h("span", { className: "muted" }, "chưa nộp")
      : h("ul", {}, y.submissions.map((s) => h("li", {},
        `Bản số ${s.number}, nộp ${dateTimeText(s.submittedAt)} (${s.submittedBy}) `, report(`&submission=${s.number}`), " ",
        s.sent ? h("span", {}, `· đã gửi ${s.sent.how === "paper" ? "bản giấy" : "qua gói dữ liệu"}${s.sent.to ? " cho " + s.sent.to : ""}`)
          : manager ? h("button", { type: "button", className: "secondary small", onclick: () => {
            const to = prompt("Gửi bản giấy cho ai? (ví dụ: UBND xã, Hội Khuyến học tỉnh)");
            if (to !== null) act("POST", `/api/years/${y.year}/submissions/${s.number}/sent`, { how: "paper", to: to.trim() || null }, "Đã ghi nhận.");
          } }, "Ghi đã gửi bản giấy") : null)));
    const actions = !manager ? null : closed
      ? h("button", { type: "button", className: "secondary", onclick: () => {
        const reason = prompt(`Vì sao mở lại năm ${y.year}? (bắt buộc, được ghi lại)`);
        if (reason !== null) act("POST", `/api/years/${y.year}/reopen`, { reason: reason.trim() }, `Đã mở lại năm ${y.year}.`);
      } }, "Mở lại năm")
      : [h("button", { type: "button", className: "secondary", onclick: () => narrativeForm(y.year) }, "Viết các phần của Hội"),
        h("button", { type: "button", onclick: () => act("POST", `/api/years/${y.year}/submit`, undefined, `Đã lưu bản nộp báo cáo năm ${y.year}.`) },
        y.submissions.length ? "Nộp bản sửa đổi" : "Nộp báo cáo"),
        y.year < currentYear() ? h("button", { type: "button", className: "secondary", onclick: () => {
          if (confirm(`Khóa sổ năm ${y.year}? Số liệu và báo cáo năm này sẽ giữ nguyên; muốn sửa phải mở lại năm, có ghi lý do.`)) {
            act("POST", `/api/years/${y.year}/close`, undefined, `Đã khóa sổ năm ${y.year}.`);
          }
        } }, "Khóa sổ") : null];
    return h("tr", { "data-year": y.year },
      h("td", {}, String(y.year)),
      h("td", {}, closed ? `Đã khóa sổ ${dateTimeText(y.closedAt)} (${y.closedBy})` : "Đang mở", " ", report("")),
      h("td", {}, copies),
      h("td", { className: "actions" }, actions));
  });
  show(h("h1", {}, "Năm và báo cáo"),
    h("p", { className: "muted" }, "Trước hạn báo cáo, bấm \"Nộp báo cáo\" để giữ đúng bản đã gửi (in lại được y nguyên). "
      + "Hết năm, bấm \"Khóa sổ\": số liệu năm đó không đổi nữa."),
    h("table", { id: "years" }, h("thead", {}, h("tr", {}, ["Năm", "Tình trạng", "Các bản đã nộp"].map((t) => h("th", {}, t)), h("th", {}, h("span", { className: "visually-hidden" }, "Thao tác")))),
      h("tbody", {}, rows)),
    h("div", { id: "narrative-place" }));
}

const sections = [["publicity", "1. Công tác tuyên truyền"], ["training", "2. Quán triệt, bồi dưỡng cán bộ, hội viên"],
  ["awards", "3. Khen thưởng"], ["funds", "4. Vận động quỹ khuyến học"], ["difficulties", "Khó khăn, hạn chế"],
  ["proposals", "Kiến nghị, đề xuất"]];

// The sections the association writes in its yearly report; a section left empty prints dotted lines.
async function narrativeForm(year) {
  const narrative = await api("GET", `/api/reports/annual/${year}/narrative`);
  const form = h("form", { className: "panel", id: "narrative" },
    h("h2", {}, `Các phần Hội Khuyến học viết trong báo cáo năm ${year}`),
    h("p", { className: "muted" }, "Để trống phần nào thì bản in có dòng chấm để viết tay."),
    sections.map(([name, label]) => h("label", {}, label, h("textarea", { name, rows: 3, maxlength: 4000 }, narrative[name] || ""))),
    h("button", { type: "submit" }, "Lưu"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await api("PUT", `/api/reports/annual/${year}/narrative`, Object.fromEntries(sections.map(([name]) => [name, data.get(name) || null])));
      notice(`Đã lưu các phần của báo cáo năm ${year}.`);
    } catch (error) { showFieldError(form, error); }
  });
  document.getElementById("narrative-place").replaceChildren(form);
  form.querySelector("textarea").focus();
}
