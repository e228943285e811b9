// Sending the records to the commune association: the settings, "export now", and every bundle
// with how it was delivered (pushed, copied to USB) or why not yet.
import { api, labels } from "./api.js";
import { dateTimeText } from "/shared/zone.js";
import { vnNumber } from "/shared/numbers.js";
import { field, reportFieldset, reportSettings } from "./report-settings.js";
import { h, show, notice, showFieldError } from "./dom.js";

const pushNames = { pending: "Chờ gửi", retrying: "Chưa gửi được, sẽ thử lại", sent: "Đã gửi" };
const columnNames = { phone: "Số điện thoại", birth_date: "Ngày sinh", notes: "Ghi chú" };

function when(iso) { return iso ? dateTimeText(iso) : ""; }
function size(bytes) { return bytes == null ? "" : bytes < 1048576 ? `${Math.ceil(bytes / 1024)} KB` : `${vnNumber(bytes / 1048576, 1)} MB`; }

export async function exportsView() {
  const [settings, list] = await Promise.all([api("GET", "/api/settings"), api("GET", "/api/exports")]);
  const form = h("form", { className: "panel", id: "export-settings" },
    h("h2", {}, "Cài đặt"),
    field("centreName", "Tên trung tâm", settings.centreName, { maxlength: 200 }),
    field("communeName", "Tên xã (in trên báo cáo)", settings.communeName, { maxlength: 200, placeholder: "xã Tân Lập" }),
    field("communeCode", "Mã xã", settings.communeCode, { maxlength: 20 }),
    field("pushUrl", "Địa chỉ máy của Hội Khuyến học (để trống nếu chỉ chép bằng USB)", settings.pushUrl,
      { placeholder: "http://hoi-khuyen-hoc.local:8090", type: "url" }),
    field("retentionDays", "Giữ các gói đã gửi trong máy (ngày)", settings.retentionDays, { type: "number", min: 7, max: 3650 }),
    h("fieldset", {}, h("legend", {}, "Thông tin cá nhân gửi thêm (mặc định không gửi)"),
      settings.optionalLearnerColumns.map((c) => h("label", { className: "check" },
        h("input", { type: "checkbox", name: "learnerColumns", value: c, checked: settings.learnerColumns.includes(c) }), columnNames[c] || c))),
    h("fieldset", {}, h("legend", {}, "Màn hình điểm danh (ngoài giờ này màn hình tối đi sau một phút, chạm để bật lại; hai giờ bằng nhau: luôn bật)"),
      field("kioskOpensAt", "Bật từ", settings.kioskOpensAt, { type: "time", required: true }),
      field("kioskClosesAt", "đến", settings.kioskClosesAt, { type: "time", required: true }),
      h("label", { className: "check" }, h("input", { type: "checkbox", name: "kioskSound", checked: settings.kioskSound !== false }),
        " Phát tiếng \"ting\" ngắn khi điểm danh xong")),
    reportFieldset(settings),
    h("p", { className: "muted" }, `Để chép bằng USB: tạo thư mục ${settings.usbMarker} trên USB rồi cắm vào máy; các gói chưa chép sẽ được chép trong vòng một phút.`),
    h("button", { type: "submit" }, "Lưu cài đặt"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await api("PATCH", "/api/settings", {
        centreName: data.get("centreName") || null, communeName: data.get("communeName") || null,
        communeCode: data.get("communeCode") || null, pushUrl: data.get("pushUrl") || null,
        retentionDays: Number(data.get("retentionDays")), learnerColumns: data.getAll("learnerColumns"),
        kioskOpensAt: data.get("kioskOpensAt"), kioskClosesAt: data.get("kioskClosesAt"), kioskSound: data.get("kioskSound") === "on",
        ...reportSettings(data),
      });
      notice("Đã lưu cài đặt.");
    } catch (error) { showFieldError(form, error); }
  });
  const run = (full) => async (event) => {
    event.target.disabled = true;
    try {
      let record = await api("POST", "/api/exports", { full });
      // A large bundle is still being written when the answer comes (202): ask again until it is done.
      while (record.status === "writing") {
        notice(`Đang ghi gói số ${record.sequence}… Gói lớn có thể mất một phút, xin đợi.`);
        await new Promise((resolve) => setTimeout(resolve, 2000));
        record = await api("GET", `/api/exports/${encodeURIComponent(record.id)}`);
      }
      if (record.status === "failed") throw new Error(`Chưa xuất được gói số ${record.sequence}: ${record.error || "lỗi không rõ"}`);
      notice(`Đã ghi gói số ${record.sequence} (${vnNumber(record.rows)} dòng).`);
      await exportsView();
    } catch (error) { notice(error.message, true); event.target.disabled = false; }
  };
  const delivery = (e) => {
    if (e.status !== "ready" && e.status !== "pruned") return "";
    const parts = [];
    if (e.push.status) parts.push(pushNames[e.push.status] + (e.push.status === "retrying" ? ` (lần ${e.push.attempts}, lần sau ${when(e.push.nextAttemptAt)})` : ""));
    if (e.usb.copiedAt) parts.push(`Đã chép vào USB ${when(e.usb.copiedAt)}`);
    return parts.join(" · ") || "Chưa gửi (chưa có địa chỉ, chưa cắm USB)";
  };
  show(
    h("div", { className: "row heading" }, h("h1", {}, "Gửi dữ liệu cho Hội Khuyến học"),
      h("button", { type: "button", id: "export-now", onclick: run(false) }, "Xuất ngay"),
      h("button", { type: "button", className: "secondary", onclick: run(true) }, "Xuất toàn bộ")),
    h("p", { className: "muted" }, "Mỗi đêm máy tự xuất những gì thay đổi trong ngày. Gói chỉ mang những gì Hội cần để công nhận và báo cáo."),
    list.items.length ? h("table", { id: "exports" },
      h("thead", {}, h("tr", {}, ["Số", "Loại", "Lúc", "Số dòng", "Dung lượng", "Tình trạng", "Gửi đi", ""].map((t) => h("th", {}, t)))),
      h("tbody", {}, list.items.map((e) => h("tr", { className: e.status === "failed" ? "failed" : "" },
        h("td", {}, String(e.sequence)), h("td", {}, e.kind === "full" ? "Toàn bộ" : "Phần thay đổi"),
        h("td", {}, when(e.startedAt)), h("td", {}, e.rows ?? ""), h("td", {}, size(e.bytes)),
        h("td", {}, labels.exportStatus[e.status] || e.status, e.error ? h("div", { className: "field-error" }, e.error) : null),
        h("td", {}, delivery(e), e.push.error && e.push.status !== "sent" ? h("div", { className: "muted" }, e.push.error) : null),
        h("td", {}, e.status === "ready" ? h("a", { href: `/api/exports/${encodeURIComponent(e.id)}/bundle.tar.gz` }, "Tải về") : "")))))
      : h("p", { className: "muted" }, "Chưa xuất gói nào."),
    form);
}
