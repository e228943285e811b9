// The yearly report's settings (the association's name, its chair who signs, the deadline, the
// recipients): on the centre's "Gửi dữ liệu" page and on the association's "Các trung tâm" page.
import { h } from "./dom.js";

export function field(name, label, value, attrs = {}) {
  return h("label", {}, label, h("input", { name, value: value ?? "", ...attrs }));
}

export function reportFieldset(settings) {
  return h("fieldset", {}, h("legend", {}, "Báo cáo năm của Hội Khuyến học"),
    field("associationName", "Tên Hội (để trống: theo tên xã)", settings.associationName,
      { maxlength: 200, placeholder: `Hội Khuyến học ${settings.communeName || "xã"}` }),
    field("associationChair", "Chủ tịch Hội Khuyến học (người ký báo cáo)", settings.associationChair, { maxlength: 100 }),
    field("reportDeadline", "Hạn nộp hằng năm (tháng-ngày)", settings.reportDeadline,
      { placeholder: "11-15", pattern: "\\d{2}-\\d{2}", inputmode: "numeric" }),
    h("label", {}, "Nơi nhận (mỗi nơi một dòng; để trống: UBND xã, Hội Khuyến học tỉnh, Lưu VT)",
      h("textarea", { name: "reportRecipients", rows: 4 }, (settings.reportRecipients || []).join("\n"))));
}

/// The fieldset's values as PATCH /api/settings takes them.
export function reportSettings(data) {
  return {
    associationName: data.get("associationName") || null, associationChair: data.get("associationChair") || null,
    reportDeadline: data.get("reportDeadline") || null,
    reportRecipients: data.get("reportRecipients").split("\n").map((line) => line.trim()).filter(Boolean),
  };
}
