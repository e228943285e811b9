// Self-registrations from the kiosk: approve (adding what the kiosk does not ask), merge into a
// learner already registered, or reject.
import { api, labels } from "./api.js";
import { h, show, notice, select } from "./dom.js";
import { loadAll } from "./groups.js";

export async function registrationsView() {
  const [page, villages] = await Promise.all([api("GET", "/api/registrations?limit=200"), loadAll("villages")]);
  const names = Object.fromEntries(villages.map((v) => [v.id, v.name]));
  const decide = async (id, action, body) => {
    try {
      await api("POST", `/api/registrations/${encodeURIComponent(id)}/${action}`, body);
      notice(action === "reject" ? "Đã từ chối." : "Đã xử lý.");
      document.dispatchEvent(new Event("registrations-changed"));
      registrationsView();
    } catch (error) { notice(error.message, true); }
  };
  show(h("h1", {}, "Đăng ký chờ duyệt"),
    page.items.length ? h("div", { id: "registrations" }, page.items.map((r) => {
      const gender = select("gender", labels.gender, "", { empty: "— giới tính —" });
      const fullName = h("input", { name: "fullName", value: r.fullName, maxlength: 100 });
      return h("div", { className: "panel", "data-registration": r.id },
        h("p", {}, h("strong", {}, r.fullName), ` — sinh năm ${r.birthYear}, ${names[r.villageId] || ""}`, r.phone ? `, điện thoại ${r.phone}` : ""),
        r.candidates.length ? h("div", { className: "warn" }, h("strong", {}, "Có thể đã đăng ký:"),
          h("ul", {}, r.candidates.map((c) => h("li", {}, `${c.fullName} — sinh năm ${c.birthYear}, ${names[c.villageId] || ""} `,
            h("button", { type: "button", className: "secondary", onclick: () => decide(r.id, "merge", { learnerId: c.id }) }, "Gộp vào người này"))))) : null,
        h("div", { className: "row" }, h("label", {}, "Họ và tên (sửa dấu nếu cần)", fullName), h("label", {}, "Giới tính", gender)),
        h("div", { className: "actions" },
          h("button", { type: "button", onclick: () => decide(r.id, "approve", { fullName: fullName.value, gender: gender.value || null }) }, "Duyệt: tạo người học mới"),
          h("button", { type: "button", className: "secondary", onclick: () => decide(r.id, "reject", {}) }, "Từ chối")));
    })) : h("p", { className: "muted" }, "Không có đăng ký nào đang chờ."));
}
