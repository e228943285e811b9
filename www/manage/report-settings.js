// The yearly report's settings (the association's name, its chair who signs, the deadline, the
// recipients): on the centre's "Gửi dữ liệu" page and on the association's "Các trung tâm" page;
// a province's daemon keeps its province's name, and no deadline (it reports to the national one).
import { h } from "./dom.js";

export function field(name, label, value, attrs = {}) {
  return h("label", {}, label, h("input", { name, value: value ?? "", ...attrs }));
}

export function reportFieldset(settings, province = false) {
  const place = province ? settings.provinceName || "tỉnh" : settings.communeName || "xã";
  return h("fieldset", {}, h("legend", {}, province ? "Báo cáo năm của Hội Khuyến học tỉnh" : "Báo cáo năm của Hội Khuyến học"),
    province ? field("provinceName", "Tên tỉnh hoặc thành phố (in trên báo cáo)", settings.provinceName,
      { maxlength: 200, placeholder: "tỉnh Quảng Trị" }) : null,
    field("associationName", `Tên Hội (để trống: theo tên ${province ? "tỉnh" : "xã"})`, settings.associationName,
      { maxlength: 200, placeholder: `Hội Khuyến học ${place}` }),
    field("associationChair", "Chủ tịch Hội Khuyến học (người ký báo cáo)", settings.associationChair, { maxlength: 100 }),
    province ? null : field("reportDeadline", "Hạn nộp hằng năm (tháng-ngày)", settings.reportDeadline,
      { placeholder: "11-15", pattern: "\\d{2}-\\d{2}", inputmode: "numeric" }),
    h("label", {}, province ? "Nơi nhận (mỗi nơi một dòng; để trống: Trung ương Hội, UBND tỉnh, Lưu VP Hội)"
      : "Nơi nhận (mỗi nơi một dòng; để trống: UBND xã, Hội Khuyến học tỉnh, Lưu VT)",
      h("textarea", { name: "reportRecipients", rows: 4 }, (settings.reportRecipients || []).join("\n"))));
}

/// The fieldset's values as PATCH /api/settings takes them.
export function reportSettings(data) {
  const province = data.has("provinceName");
  return {
    ...(province ? { provinceName: data.get("provinceName") || null } : { reportDeadline: data.get("reportDeadline") || null }),
    associationName: data.get("associationName") || null, associationChair: data.get("associationChair") || null,
    reportRecipients: data.get("reportRecipients").split("\n").map((line) => line.trim()).filter(Boolean),
  };
}
