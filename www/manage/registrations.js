// Self-registrations from the kiosk: approve (adding what the kiosk does not ask), merge into a
// learner already registered, or reject.
import { api, labels } from "./api.js";
import { h, show, notice, select } from "./dom.js";
import { loadAll } from "./groups.js";

export async function registrationsView(justApproved = null) {
  const [page, villages] = await Promise.all([api("GET", "/api/registrations?limit=200"), loadAll("villages")]);
  const names = Object.fromEntries(villages.map((v) => [v.id, v.name]));
  const decide = async (id, action, body) => {
    try {
      const decided = await api("POST", `/api/registrations/${encodeURIComponent(id)}/${action}`, body);
      notice(action === "reject" ? "Đã từ chối." : action === "merge" ? "Đã gộp vào hồ sơ có sẵn." : "Đã tạo người học mới.");
      document.dispatchEvent(new Event("registrations-changed"));
      registrationsView(action === "reject" ? null : decided.learnerId);
    } catch (error) { notice(error.message, true); }
  };
  const approved = justApproved ? await api("GET", `/api/learners/${encodeURIComponent(justApproved)}`).catch(() => null) : null;
  const order = Object.fromEntries(page.items.map((r, k) => [r.id, k + 1]));
  show(h("h1", {}, "Đăng ký chờ duyệt"),
    approved ? h("div", { className: "panel done", id: "approved" },
      h("p", {}, h("strong", {}, approved.fullName), ` đã có trong danh sách người học. Mã thẻ: ${approved.cardCode}.`),
      h("div", { className: "actions" },
        h("a", { className: "button", href: `/api/cards?ids=${encodeURIComponent(approved.id)}`, target: "_blank", id: "approved-card" }, "In thẻ ngay"),
        h("a", { href: `#/learners/${encodeURIComponent(approved.id)}` }, "Mở hồ sơ để bổ sung"))) : null,
    page.items.length ? h("div", { id: "registrations" }, page.items.map((r) => {
      const gender = select("gender", labels.gender, r.gender || "", { empty: "— giới tính —" });
      const fullName = h("input", { name: "fullName", value: r.fullName, maxlength: 100 });
      const twins = (r.samePending || []).filter((other) => order[other]);
      return h("div", { className: "panel", "data-registration": r.id },
        h("p", {}, h("strong", {}, `${order[r.id]}. ${r.fullName}`), ` — sinh năm ${r.birthYear}, ${names[r.villageId] || ""}`, r.phone ? `, điện thoại ${r.phone}` : ""),
        twins.length ? h("p", { className: "warn same-pending" },
          `Trùng với đăng ký số ${twins.map((other) => order[other]).join(", ")} ở dưới đây (cùng tên, cùng năm sinh): có thể người này bấm gửi hai lần. Chỉ duyệt một, từ chối các đăng ký còn lại.`) : null,
        r.candidates.length ? h("div", { className: "warn" }, h("strong", {}, "Có thể đã đăng ký:"),
          h("ul", {}, r.candidates.map((c) => h("li", {}, `${c.fullName} — sinh năm ${c.birthYear}, ${names[c.villageId] || ""} `,
            h("button", { type: "button", className: "secondary", onclick: () => decide(r.id, "merge", { learnerId: c.id }) }, "Gộp vào người này"))))) : null,
        h("div", { className: "row" }, h("label", {}, "Họ và tên (sửa dấu nếu cần)", fullName), h("label", {}, "Giới tính", gender)),
        h("div", { className: "actions" },
          h("button", { type: "button", onclick: () => decide(r.id, "approve", { fullName: fullName.value, gender: gender.value || null }) }, "Duyệt: tạo người học mới"),
          h("button", { type: "button", className: "secondary", onclick: () => decide(r.id, "reject", {}) }, "Từ chối")));
    })) : h("p", { className: "muted" }, "Không có đăng ký nào đang chờ."));
}
