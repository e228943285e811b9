// The association's and the centre's own activities: briefings of officers and members (target
// T10), training, meetings, awards, funds raised, publicity. Logged in a few taps: a kind with its
// usual title, today's date, a whole village's officers and members with one button.
import { api, labels } from "./api.js";
import { currentYear, today } from "/shared/zone.js";
import { vnNumber, vnDate } from "/shared/numbers.js";
import { h, show, select, notice, showFieldError } from "./dom.js";

// The title a kind usually gets, filled in until the manager types one.
const usualTitles = {
  briefing: "Học tập, quán triệt Kế hoạch xây dựng xã hội học tập", training: "Bồi dưỡng nghiệp vụ cho cán bộ, hội viên",
  meeting: "Họp Ban Chấp hành Hội Khuyến học", award: "Khen thưởng gia đình, dòng họ học tập tiêu biểu",
  fundraising: "Vận động ủng hộ Quỹ khuyến học", publicity: "Tuyên truyền trên loa truyền thanh", other: "",
};
const withAmount = new Set(["award", "fundraising"]);

export async function activitiesView(params, editId = null) {
  const year = Number(params.get("year")) || currentYear();
  const [list, villages, units, indicators, editing] = await Promise.all([
    api("GET", `/api/activities?year=${year}&limit=200`),
    api("GET", "/api/villages?limit=500"),
    api("GET", "/api/units?limit=500"),
    api("GET", `/api/reports/indicators?year=${year}`),
    editId ? api("GET", `/api/activities/${encodeURIComponent(editId)}`) : null,
  ]);
  const villageNames = Object.fromEntries(villages.items.map((v) => [v.id, v.name]));
  const t10 = indicators.items.find((t) => t.code === "T10");
  const years = Object.fromEntries([0, 1, 2, 3, 4].map((k) => { const y = currentYear() - k; return [y, `Năm ${y}`]; }));
  const picker = select("year", years, String(year));
  picker.setAttribute("aria-label", "Năm");
  picker.addEventListener("change", () => { location.hash = `#/activities?year=${picker.value}`; });

  const summary = h("table", { id: "activity-summary" },
    h("thead", {}, h("tr", {}, ["Loại hoạt động", "Số lần", "Số người tham gia", "Số tiền (đồng)"].map((t) => h("th", {}, t)))),
    h("tbody", {}, list.summary.filter((line) => line.count > 0).map((line) => h("tr", {},
      h("td", {}, line.label), h("td", {}, vnNumber(line.count)), h("td", {}, vnNumber(line.people)),
      h("td", {}, line.amount ? vnNumber(line.amount) : "–")))));
  const rows = list.items.map((a) => h("tr", { "data-id": a.id },
    h("td", {}, vnDate(a.date)), h("td", {}, labels.activityKind[a.kind] || a.kind), h("td", {}, a.title,
      a.villageId && villageNames[a.villageId] ? h("span", { className: "muted" }, ` · ${villageNames[a.villageId]}`) : null),
    h("td", {}, vnNumber(a.participantIds.length)), h("td", {}, a.amount ? vnNumber(a.amount) : "–"),
    h("td", {}, h("button", { type: "button", className: "secondary", "aria-label": `Sửa: ${a.title}`,
      onclick: () => activitiesView(params, a.id) }, "Sửa"))));

  show(
    h("div", { className: "row heading" }, h("h1", {}, `Hoạt động của Hội, năm ${year}`), picker),
    t10 ? h("p", { className: "big", id: "t10" },
      `Chỉ tiêu T10: ${vnNumber(t10.numerator)}/${vnNumber(t10.denominator)} cán bộ, hội viên đã được học tập, quán triệt (${vnNumber(t10.percent, 1)}%)`) : null,
    activityForm(year, villages.items, units.items, editing, () => activitiesView(params)),
    h("h2", {}, "Số liệu trong năm"),
    list.summary.some((line) => line.count > 0) ? summary : h("p", { className: "muted" }, "Chưa ghi hoạt động nào trong năm này."),
    rows.length ? h("table", { id: "activities" },
      h("thead", {}, h("tr", {}, ["Ngày", "Loại", "Tên hoạt động", "Người tham gia", "Số tiền (đồng)"].map((t) => h("th", {}, t)),
        h("th", {}, h("span", { className: "visually-hidden" }, "Thao tác")))),
      h("tbody", {}, rows)) : null);
}

function activityForm(year, villages, units, editing, done) {
  const people = new Map((editing?.participants || []).map((p) => [p.id, `${p.fullName} (${p.birthYear})`]));
  const kind = select("kind", labels.activityKind, editing?.kind || "briefing");
  const title = h("input", { name: "title", maxlength: 200, required: true, value: editing ? editing.title : usualTitles.briefing });
  let titleTyped = !!editing;
  title.addEventListener("input", () => { titleTyped = true; });
  const lastDay = year < currentYear() ? `${year}-12-31` : today();
  const date = h("input", { name: "date", type: "date", required: true, value: editing ? editing.date : lastDay });
  // The browser writes the date in its own language's order; the line under it says it ours.
  const dateWords = h("span", { className: "muted", id: "date-words" });
  const sayDate = () => { dateWords.textContent = date.value ? `Ngày ${vnDate(date.value)}` : ""; };
  date.addEventListener("input", sayDate);
  sayDate();
  const village = select("villageId", Object.fromEntries(villages.map((v) => [v.id, v.name])), editing?.villageId || "", { empty: "Cả xã" });
  const unit = select("unitId", Object.fromEntries(units.map((u) => [u.id, u.name])), editing?.unitId || "", { empty: "Không" });
  const amount = h("input", { name: "amount", type: "number", min: 0, step: 1000, inputmode: "numeric", value: editing?.amount ?? "" });
  const amountLabel = h("label", {}, "Số tiền (đồng)", amount);
  const count = h("p", { id: "participant-count", "aria-live": "polite" });
  const chosen = h("ul", { className: "people", id: "participants" });
  const redraw = () => {
    count.textContent = people.size ? `${vnNumber(people.size)} người tham gia` : "Chưa chọn người tham gia.";
    chosen.replaceChildren(...[...people].map(([id, name]) => h("li", {}, name, " ",
      h("button", { type: "button", className: "secondary", "aria-label": `Bỏ ${name}`, onclick: () => { people.delete(id); redraw(); } }, "Bỏ"))));
  };
  const showAmount = () => { amountLabel.hidden = !withAmount.has(kind.value) && !amount.value; };
  kind.addEventListener("change", () => {
    if (!titleTyped) title.value = usualTitles[kind.value] || "";
    showAmount();
  });

  // A whole village's officers and members at once (every page of them).
  const addVillage = h("button", { type: "button", className: "secondary", id: "add-village" }, "Thêm mọi cán bộ, hội viên của thôn đã chọn");
  addVillage.addEventListener("click", async () => {
    if (!village.value) { notice("Hãy chọn thôn trước (ô \"Thôn\").", true); village.focus(); return; }
    let next = null, added = 0;
    do {
      const page = await api("GET", `/api/learners?association=true&village=${encodeURIComponent(village.value)}&limit=500${next ? `&next=${next}` : ""}`);
      for (const p of page.items) { if (!people.has(p.id)) { people.set(p.id, `${p.fullName} (${p.birthYear})`); added++; } }
      next = page.next;
    } while (next);
    redraw();
    notice(added ? `Đã thêm ${vnNumber(added)} cán bộ, hội viên của ${village.selectedOptions[0].textContent}.`
      : `Thôn ${village.selectedOptions[0].textContent} không còn cán bộ, hội viên nào chưa có trong danh sách.`, added ? false : "warn");
  });
  // One person by name.
  const search = h("input", { name: "participant-search", type: "search", autocomplete: "off", placeholder: "Gõ tên để thêm một người" });
  const found = h("div", { className: "actions tight", id: "participant-results" });
  let timer = null;
  search.addEventListener("input", () => {
    clearTimeout(timer);
    if (search.value.trim().length < 2) { found.replaceChildren(); return; }
    timer = setTimeout(async () => {
      const page = await api("GET", `/api/learners?limit=8&q=${encodeURIComponent(search.value.trim())}`);
      found.replaceChildren(...page.items.map((p) => h("button", { type: "button", className: "secondary", onclick: () => {
        people.set(p.id, `${p.fullName} (${p.birthYear})`);
        redraw();
        search.value = "";
        found.replaceChildren();
        search.focus();
      } }, `${p.fullName} (${p.birthYear})`)));
      if (!page.items.length) found.replaceChildren(h("span", { className: "muted" }, "Không tìm thấy ai tên như vậy."));
    }, 200);
  });

  const form = h("form", { className: "panel", id: "activity-form" },
    h("h2", {}, editing ? "Sửa hoạt động" : "Ghi một hoạt động đã diễn ra"),
    h("div", { className: "row" }, h("label", {}, "Loại hoạt động", kind), h("label", {}, "Ngày", date, dateWords)),
    h("label", {}, "Tên hoạt động", title),
    h("div", { className: "row" }, h("label", {}, "Thôn", village), h("label", {}, "Đơn vị", unit), amountLabel),
    h("fieldset", { className: "participants" }, h("legend", {}, "Người tham gia"),
      h("div", { className: "row" }, addVillage, h("label", {}, "Thêm một người", search)), found, count, chosen),
    h("label", {}, "Ghi chú", h("textarea", { name: "notes", rows: 2, maxlength: 2000 }, editing?.notes || "")),
    h("div", { className: "actions" }, h("button", { type: "submit" }, editing ? "Lưu thay đổi" : "Lưu hoạt động"),
      editing ? h("button", { type: "button", className: "secondary", onclick: done }, "Thôi sửa") : null));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = {
      kind: kind.value, date: date.value, title: title.value, villageId: village.value || null, unitId: unit.value || null,
      participantIds: [...people.keys()], amount: amount.value === "" ? null : Number(amount.value),
      notes: (data.get("notes") || "").trim() || null,
    };
    try {
      if (editing) await api("PATCH", `/api/activities/${encodeURIComponent(editing.id)}`, body);
      else await api("POST", "/api/activities", body);
      await done();
      notice(`Đã lưu hoạt động "${body.title}" với ${vnNumber(body.participantIds.length)} người tham gia.`);
    } catch (error) { showFieldError(form, error); }
  });
  redraw();
  showAmount();
  return form;
}
