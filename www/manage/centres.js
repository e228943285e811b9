// The association's page: the centres it accepts bundles from, how far each has arrived, and
// each centre's figures for the year; a manager registers a new centre with its public key.
import { api } from "./api.js";
import { vnNumber } from "/shared/numbers.js";
import { dateTimeText } from "/shared/zone.js";
import { h, show, notice, showFieldError } from "./dom.js";
import { field, reportFieldset, reportSettings } from "./report-settings.js";
import { isProvince } from "./session.js";

export async function centresView() {
  const province = isProvince();
  const [list, settings] = await Promise.all([api("GET", "/api/association/centres"), api("GET", "/api/settings")]);
  // The association writes the yearly report: its commune or province, its name, the chair who
  // signs, the deadline (a commune's), the recipients.
  const reportForm = h("form", { className: "panel", id: "report-settings" },
    h("h2", {}, "Báo cáo năm"),
    province ? null : field("communeName", "Tên xã (in trên báo cáo)", settings.communeName, { maxlength: 200, placeholder: "xã Tân Lập" }),
    reportFieldset(settings, province),
    h("button", { type: "submit" }, "Lưu"));
  reportForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(reportForm);
    try {
      await api("PATCH", "/api/settings", { ...(province ? {} : { communeName: data.get("communeName") || null }), ...reportSettings(data) });
      notice("Đã lưu cài đặt của báo cáo năm.");
    } catch (error) { showFieldError(reportForm, error); }
  });
  const form = h("form", { className: "panel", id: "register-centre" },
    h("h2", {}, "Đăng ký trung tâm"),
    h("p", { className: "muted" }, "Ở trung tâm, lệnh ", h("code", {}, "learning-centre export --print-public-key"),
      " in ra mã trung tâm và khóa công khai. Chỉ nhận gói của các trung tâm đã đăng ký."),
    h("label", {}, "Tên trung tâm", h("input", { name: "name", required: true, maxlength: 200 })),
    h("label", {}, "Mã trung tâm", h("input", { name: "id", required: true, placeholder: "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" })),
    h("label", {}, "Khóa công khai", h("input", { name: "publicKey", required: true })),
    h("button", { type: "submit" }, "Đăng ký"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await api("POST", "/api/association/centres", { id: data.get("id").trim(), name: data.get("name"), publicKey: data.get("publicKey").trim() });
      notice("Đã đăng ký trung tâm.");
      await centresView();
    } catch (error) { showFieldError(form, error); }
  });
  show(
    h("h1", {}, `Các trung tâm, năm ${list.year}`),
    list.waitingInInbox ? h("p", { className: "notice warned" }, `${list.waitingInInbox} gói đang chờ gói còn thiếu trước nó.`) : null,
    list.items.length ? h("table", { id: "centres" },
      h("thead", {}, h("tr", {}, ["Trung tâm", "Đã nhập đến gói", "Lúc", "Người học", "Số giờ", "Công dân học tập", "Chỉ tiêu đạt", "Buổi học", "Lượt tham gia", "Báo cáo năm"]
        .map((t) => h("th", {}, t)))),
      h("tbody", {}, list.items.map((c) => h("tr", {},
        h("td", {}, c.name, h("div", { className: "muted" }, c.id)), h("td", {}, String(c.lastSequence)),
        h("td", {}, c.lastImportedAt ? dateTimeText(c.lastImportedAt) : "Chưa nhận gói nào"),
        h("td", {}, vnNumber(c.totals.learners)), h("td", {}, vnNumber(c.totals.hours)), h("td", {}, vnNumber(c.totals.learningCitizens)),
        targetsCell(c.targets || [], list.year),
        h("td", {}, vnNumber(c.totals.sessions)), h("td", {}, vnNumber(c.totals.checkIns)),
        h("td", {}, (c.years || []).map((y) => h("div", { title: `SHA-256 ${y.reportSha256}` },
          y.kind === "closed" ? `Năm ${y.year}: đã khóa sổ ${dateTimeText(y.at)}` : `Năm ${y.year}: đã nộp bản số ${y.number}, ${dateTimeText(y.at)}`)))))))
      : h("p", { className: "muted" }, "Chưa đăng ký trung tâm nào."),
    form, reportForm);
}

/// A centre's targets (its learners and the groups they belong to): how many reach the year's
/// mark (2025 up to 2025, 2030 after) of those it has people for; each one's percent on hover.
function targetsCell(targets, year) {
  const mark = year <= 2025 ? "target2025" : "target2030";
  const counted = targets.filter((t) => t.denominator > 0);
  const met = counted.filter((t) => t.percent >= t[mark]);
  return h("td", { className: "targets-met", title: targets.map((t) => `${t.code}: ${t.numerator}/${t.denominator} (${vnNumber(t.percent)}%)`).join("\n") },
    counted.length ? `${met.length}/${counted.length}` : "–");
}
