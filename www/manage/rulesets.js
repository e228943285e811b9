// Criteria sets: which are loaded, which one each year uses; a manager loads a new file or
// chooses another set for a year. A bad file is refused with the field named.
import { api } from "./api.js";
import { currentYear } from "/shared/zone.js";
import { h, show, notice } from "./dom.js";
import { user } from "./session.js";

export async function rulesetsView() {
  const list = (await api("GET", "/api/rulesets")).items;
  const year = currentYear();
  const current = await api("GET", `/api/ruleset-years/${year}`).catch(() => null);
  const manager = user()?.role === "manager";
  const file = h("input", { type: "file", accept: ".json,application/json", id: "ruleset-file", "aria-label": "Tệp bộ tiêu chí" });
  const upload = async () => {
    if (!file.files.length) { notice("Hãy chọn một tệp .json.", true); return; }
    try {
      const saved = await api("POST", "/api/rulesets", await file.files[0].text(), "application/json; charset=utf-8");
      notice(`Đã nạp "${saved.name}" (phiên bản ${saved.version}). Chọn nó cho một năm để dùng.`);
      rulesetsView();
    } catch (error) {
      notice(error.field ? `Tệp chưa đúng ở "${error.field}": ${error.message}` : error.message, true);
    }
  };
  const choose = async (r, forYear) => {
    try {
      await api("PUT", `/api/ruleset-years/${forYear}`, { id: r.id, version: r.version });
      notice(`Năm ${forYear} dùng "${r.name}" (phiên bản ${r.version}).`);
      rulesetsView();
    } catch (error) { notice(error.message, true); }
  };
  show(h("h1", {}, "Bộ tiêu chí"),
    current ? h("p", {}, `Năm ${year} đang dùng: `, h("strong", {}, `${current.name} (${current.id}, phiên bản ${current.version})`)) : null,
    h("table", { id: "rulesets" },
      h("thead", {}, h("tr", {}, h("th", {}, "Bộ tiêu chí"), h("th", {}, "Phiên bản"), h("th", {}, "Nạp bởi"), h("th", {}, "Các năm đã chọn"), manager ? h("th", {}, h("span", { className: "visually-hidden" }, "Thao tác")) : null)),
      h("tbody", {}, list.map((r) => h("tr", {},
        h("td", {}, h("a", { href: `/api/rulesets/${encodeURIComponent(r.id)}/${r.version}`, target: "_blank" }, r.name), h("br"), h("span", { className: "muted" }, r.id)),
        h("td", {}, String(r.version)), h("td", {}, `${r.loadedBy}, ${r.loadedAt.slice(8, 10)}/${r.loadedAt.slice(5, 7)}/${r.loadedAt.slice(0, 4)}`),
        h("td", {}, r.years.join(", ") || "–"),
        manager ? h("td", {}, h("button", { type: "button", className: "secondary", onclick: () => choose(r, year) }, `Dùng cho năm ${year}`)) : null)))),
    manager ? h("div", { className: "panel" }, h("h2", {}, "Nạp bộ tiêu chí mới"),
      h("p", { className: "muted" }, "Tệp JSON theo mẫu rulesets/cdht-2024.json; muốn sửa một bộ đã nạp thì tăng \"version\"."),
      h("div", { className: "row" }, file, h("button", { type: "button", id: "upload-ruleset", onclick: upload }, "Nạp tệp"))) : null);
}
