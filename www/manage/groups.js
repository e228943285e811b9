// Villages, households, clans and units: one list-and-form for the four kinds.
import { api, labels } from "./api.js";
import { h, show, notice, select, showFieldError } from "./dom.js";
import { today } from "/shared/zone.js";

export const groupKinds = {
  villages: { title: "Thôn", one: "thôn", fields: [] },
  households: { title: "Hộ gia đình", one: "hộ gia đình", fields: [{ name: "villageId", label: "Thôn", ref: "villages", required: true }, { name: "address", label: "Địa chỉ" }] },
  clans: { title: "Dòng họ", one: "dòng họ", fields: [] },
  units: { title: "Đơn vị", one: "đơn vị", fields: [{ name: "kind", label: "Loại", options: labels.unitKind, required: true }] },
};

/// Every item of a kind, following `next` (groups are few: tens to a few thousand).
export async function loadAll(kind) {
  let items = [], next = null;
  do {
    const page = await api("GET", `/api/${kind}?limit=500${next ? `&next=${encodeURIComponent(next)}` : ""}`);
    items = items.concat(page.items);
    next = page.next;
  } while (next);
  return items;
}

export async function groupsView(kind) {
  const spec = groupKinds[kind];
  const refs = {};
  for (const field of spec.fields.filter((f) => f.ref)) refs[field.name] = Object.fromEntries((await loadAll(field.ref)).map((x) => [x.id, x.name]));
  const items = await loadAll(kind);
  const filter = h("input", { type: "search", placeholder: "Lọc theo tên", autocomplete: "off" });
  const body = h("tbody");
  const render = () => {
    const words = fold(filter.value);
    body.replaceChildren(...items.filter((x) => fold(x.name).includes(words)).map((item) => h("tr", { className: "clickable", onclick: () => { location.hash = `#/${kind}/${encodeURIComponent(item.id)}`; } },
      h("td", {}, h("a", { href: `#/${kind}/${encodeURIComponent(item.id)}` }, item.name)),
      spec.fields.map((f) => h("td", {}, f.ref ? refs[f.name][item[f.name]] || "" : f.options ? f.options[item[f.name]] || "" : item[f.name] || "")))));
  };
  filter.addEventListener("input", render);
  render();
  show(
    h("div", { className: "row heading" }, h("h1", {}, spec.title),
      h("button", { type: "button", id: "new-group", onclick: () => { location.hash = `#/${kind}/new`; } }, `Thêm ${spec.one}`)),
    h("div", { className: "panel row" }, h("label", {}, "Tìm", filter)),
    items.length ? h("table", { id: "groups" }, h("thead", {}, h("tr", {}, h("th", {}, "Tên"), spec.fields.map((f) => h("th", {}, f.label)))), body)
      : h("p", { className: "muted" }, `Chưa có ${spec.one} nào.`));
}

export async function groupForm(kind, id) {
  const spec = groupKinds[kind];
  const item = id ? await api("GET", `/api/${kind}/${encodeURIComponent(id)}`) : {};
  const inputs = [];
  for (const field of spec.fields) {
    if (field.ref) {
      const options = Object.fromEntries((await loadAll(field.ref)).map((x) => [x.id, x.name]));
      inputs.push(h("label", {}, field.label, select(field.name, options, item[field.name] || "", { empty: "— chọn —" })));
    } else if (field.options) {
      inputs.push(h("label", {}, field.label, select(field.name, field.options, item[field.name] || "", { empty: "— chọn —" })));
    } else {
      inputs.push(h("label", {}, field.label, h("input", { name: field.name, value: item[field.name] || "" })));
    }
  }
  // The day a group stopped (a household split, a unit closed): it still counts in the years before.
  const closedOn = id ? h("label", {}, "Thôi hoạt động từ ngày (nếu có)",
    h("input", { name: "closedOn", type: "date", max: today(), value: item.closedOn || "" })) : null;
  const form = h("form", { className: "panel", id: "group-form", novalidate: true },
    h("div", { className: "row" }, h("label", {}, "Tên", h("input", { name: "name", value: item.name || "", required: true, maxlength: 150 })), inputs, closedOn),
    h("div", { className: "actions" },
      h("button", { type: "submit" }, id ? "Lưu thay đổi" : `Thêm ${spec.one}`),
      h("button", { type: "button", className: "secondary", onclick: () => { location.hash = `#/${kind}`; } }, "Quay lại"),
      id && kind !== "units" && kind !== "clans" ? h("a", { href: `#/learners?${kind === "villages" ? "village" : "household"}=${encodeURIComponent(id)}` }, "Xem người học") : null,
      id && kind === "villages" ? h("a", { href: `/api/cards?village=${encodeURIComponent(id)}`, target: "_blank" }, "In thẻ cả thôn") : null));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = { name: data.get("name") };
    for (const field of spec.fields) body[field.name] = data.get(field.name) || null;
    if (id && (data.get("closedOn") || null) !== (item.closedOn || null)) body.closedOn = data.get("closedOn") || null;
    try {
      const saved = id ? await api("PATCH", `/api/${kind}/${encodeURIComponent(id)}`, body) : await api("POST", `/api/${kind}`, body);
      notice(`Đã lưu ${spec.one} ${saved.name}.`);
      location.hash = `#/${kind}`;
    } catch (error) { showFieldError(form, error); }
  });
  show(h("h1", {}, id ? item.name : `Thêm ${spec.one}`), form);
}

function fold(text) {
  return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase().trim();
}
