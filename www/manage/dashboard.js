// The dashboard: targets T1–T9 against the 2025 and 2030 marks, overall and by village; learning
// citizens by target group; hours by category and month. Every number opens the list behind it.
import { api, labels, hourLabel } from "./api.js";
import { currentYear } from "/shared/zone.js";
import { vnNumber } from "/shared/numbers.js";
import { h, show, select } from "./dom.js";
import { isProvince } from "./session.js";


/// A year picker and a village picker (and, at a province's daemon, a commune picker before
/// it) that rewrite the hash.
export function yearAndVillage(route, params, villages, communes = null) {
  const year = Number(params.get("year")) || currentYear();
  const years = Object.fromEntries([0, 1, 2, 3, 4].map((k) => { const y = currentYear() - k; return [y, `Năm ${y}`]; }));
  const go = (changes) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) { if (v) next.set(k, v); else next.delete(k); }
    location.hash = `${route}?${next}`;
  };
  const yearPick = select("year", years, String(year));
  yearPick.setAttribute("aria-label", "Năm");
  yearPick.addEventListener("change", () => go({ year: yearPick.value }));
  const commune = communes ? params.get("commune") || "" : "";
  let communePick = null;
  if (communes) {
    communePick = select("commune", Object.fromEntries(communes.map((c) => [c.key, c.name])), commune, { empty: "Cả tỉnh" });
    communePick.setAttribute("aria-label", "Xã");
    communePick.addEventListener("change", () => go({ commune: communePick.value, village: "" }));
  }
  const villagePick = select("village", Object.fromEntries(villages.map((v) => [v.id, v.name])), params.get("village") || "", { empty: "Cả xã" });
  villagePick.setAttribute("aria-label", "Thôn");
  villagePick.addEventListener("change", () => go({ village: villagePick.value }));
  const showVillages = !communes || commune;
  return { year, commune, village: params.get("village") || "",
    controls: h("div", { className: "row toolbar" }, yearPick, communePick, showVillages ? villagePick : null) };
}

/// The pickers of a page about a place: a centre's villages; at a province's daemon its
/// communes, then the chosen commune's villages. `query` carries the choice to the API.
export async function placePicker(route, params) {
  if (!isProvince()) {
    const picked = yearAndVillage(route, params, (await api("GET", "/api/villages?limit=500")).items);
    return { ...picked, communes: null, query: new URLSearchParams({ year: picked.year, ...(picked.village ? { village: picked.village } : {}) }).toString() };
  }
  const year = Number(params.get("year")) || currentYear();
  const commune = params.get("commune") || "";
  const communes = (await api("GET", `/api/association/communes?year=${year}`)).items;
  const villages = commune && communes.some((c) => c.key === commune)
    ? (await api("GET", `/api/reports/dashboard?${new URLSearchParams({ year, commune })}`)).byVillage.map((v) => ({ id: v.villageId, name: v.name }))
    : [];
  const picked = yearAndVillage(route, params, villages, communes);
  const query = new URLSearchParams({ year, ...(picked.commune ? { commune: picked.commune } : {}), ...(picked.village ? { village: picked.village } : {}) });
  return { ...picked, communes, query: query.toString() };
}

function widths(root) {
  // Sizes go through the CSSOM: the page's policy allows no inline style attributes.
  root.querySelectorAll("[data-width]").forEach((el) => { el.style.width = `${el.dataset.width}%`; });
  root.querySelectorAll("[data-left]").forEach((el) => { el.style.left = `${el.dataset.left}%`; });
  root.querySelectorAll("[data-height]").forEach((el) => { el.style.height = `${el.dataset.height}%`; });
  return root;
}

/// A count that opens the list behind it (`href`), or plain text where the daemon has none (null).
function countLink(href, text, attrs = {}) {
  return href ? h("a", { ...attrs, href }, text) : h("span", attrs, text);
}

/// `listed`: the daemon has the list behind the number (at a province's, only a commune's).
function targetRow(t, query, listed) {
  return h("div", { className: "target", "data-code": t.code },
    h("div", { className: "target-name" }, h("strong", {}, t.code), " ", t.name),
    h("div", { className: "target-bar", role: "img", "aria-label": `${vnNumber(t.percent)}%; mục tiêu 2025: ${vnNumber(t.target2025)}%, 2030: ${vnNumber(t.target2030)}%` },
      h("span", { className: `target-fill${t.percent >= t.target2025 ? " reached" : ""}`, "data-width": String(Math.min(100, t.percent)) }),
      h("span", { className: "mark m2025", "data-left": String(t.target2025), title: `Mục tiêu 2025: ${t.target2025}%` }),
      h("span", { className: "mark m2030", "data-left": String(t.target2030), title: `Mục tiêu 2030: ${t.target2030}%` })),
    countLink(listed ? `#/reports/${t.code}?${query}` : null, `${vnNumber(t.numerator)}/${vnNumber(t.denominator)} (${vnNumber(t.percent)}%)`, { className: "target-value" }));
}

export async function dashboardView(params) {
  const { year, commune, village, communes, controls, query } = await placePicker("#/dashboard", params);
  const province = isProvince();
  const [d, deadline] = await Promise.all([api("GET", `/api/reports/dashboard?${query}`),
    province ? null : api("GET", "/api/reports/deadline").catch(() => null)]);
  // A year is judged against the 2025 mark up to 2025, the 2030 mark after (CRITERIA §5).
  const mark = Number(year) <= 2025 ? "target2025" : "target2030";
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, "0")}`);
  const categories = Object.keys(d.hoursByCategoryAndMonth).sort();
  // A province's daemon has no learners' pages, and lists a target's people only within one
  // commune (a whole province's are hundreds of thousands of names).
  const listed = !province || Boolean(commune);
  const centrePage = (href) => province ? null : href;
  const percentCell = (t, href) => h("td", { className: t.denominator && t.percent >= t[mark] ? "ok" : "" },
    t.denominator ? countLink(href, vnNumber(t.percent)) : "–");
  const place = communes ? (communes.find((c) => c.key === commune)?.name ?? "cả tỉnh") : "";
  show(widths(h("div", { id: "dashboard" },
    h("div", { className: "row heading" }, h("h1", {}, `Tổng quan năm ${year}${place ? ` — ${place}` : ""}`),
      h("a", { className: "button", href: `/api/reports/annual?year=${year}`, target: "_blank" }, province ? "Báo cáo năm của tỉnh (in)" : "Báo cáo năm (in)"),
      province ? null : h("a", { className: "button secondary", href: `/api/reports/annual?year=${year}&format=xlsx` }, "Bảng tính (.xlsx)")),
    controls,
    deadline ? h("p", { id: "report-deadline", className: `deadline ${deadline.overdue ? "warning" : deadline.state === "sent" ? "done" : ""}`,
      role: deadline.overdue ? "alert" : null }, deadline.message, " ", h("a", { href: "#/years" }, "Năm và báo cáo")) : null,
    h("p", {}, countLink(centrePage(`#/scores?${query}&recognized=true`), `${vnNumber(d.learningCitizens)} công dân học tập`), ` trên ${vnNumber(d.learners)} người học · `,
      countLink(centrePage("#/rulesets"), `bộ tiêu chí ${d.ruleset} (phiên bản ${d.rulesetVersion})`)),
    h("section", { className: "panel", id: "targets" }, h("h2", {}, "Chỉ tiêu của kế hoạch"),
      h("p", { className: "muted legend" }, h("span", { className: "mark-key m2025" }), " mục tiêu 2025 ", h("span", { className: "mark-key m2030" }), " mục tiêu 2030"),
      d.targets.map((t) => targetRow(t, query, listed))),
    communes && !commune ? h("section", { className: "panel", id: "by-commune" }, h("h2", {}, "Theo xã (%)"),
      h("div", { className: "scroll" }, h("table", {},
        h("thead", {}, h("tr", {}, h("th", {}, "Xã"), h("th", {}, "Trung tâm"), h("th", {}, "Công dân học tập"), d.targets.map((t) => h("th", { title: t.name }, t.code)))),
        h("tbody", {}, communes.map((c) => h("tr", {},
          h("td", {}, h("a", { href: `#/dashboard?${new URLSearchParams({ year, commune: c.key })}` }, c.name)),
          h("td", {}, vnNumber(c.centres)), h("td", {}, `${vnNumber(c.learningCitizens)}/${vnNumber(c.learners)}`),
          c.targets.map((t) => percentCell(t, null))))))))
    : village ? null : h("section", { className: "panel", id: "by-village" }, h("h2", {}, "Theo thôn (%)"),
      h("div", { className: "scroll" }, h("table", {},
        h("thead", {}, h("tr", {}, h("th", {}, "Thôn"), d.targets.map((t) => h("th", { title: t.name }, t.code)))),
        h("tbody", {}, d.byVillage.map((v) => {
          const here = new URLSearchParams({ year, ...(commune ? { commune } : {}), village: v.villageId });
          return h("tr", {}, h("td", {}, h("a", { href: `#/dashboard?${here}` }, v.name)),
            v.targets.map((t) => percentCell(t, listed ? `#/reports/${t.code}?${here}` : null)));
        }))))),
    h("section", { className: "panel", id: "citizens" }, h("h2", {}, "Công dân học tập theo nhóm đối tượng"),
      h("div", { className: "bars" }, d.citizensByTargetGroup.map((g) => h("div", { className: "bar-row" },
        h("span", { className: "bar-label" }, g.name),
        h("span", { className: "bar" }, h("span", { className: "bar-fill", "data-width": String(g.learners ? Math.round((g.citizens / g.learners) * 100) : 0) })),
        h("span", { className: "bar-value" }, countLink(centrePage(`#/scores?${query}&targetGroup=${g.targetGroup}&recognized=true`), `${vnNumber(g.citizens)}/${vnNumber(g.learners)}`)))))),
    h("section", { className: "panel", id: "hours-by-month" }, h("h2", {}, "Giờ học theo lĩnh vực và tháng"),
      categories.length ? hoursTable(d.hoursByCategoryAndMonth, categories, months) : h("p", { className: "muted" }, "Chưa có giờ học nào trong năm.")))));
}

/// Hours by category (rows) and month (columns), each cell a small bar.
function hoursTable(hours, categories, months) {
  const max = Math.max(1, ...categories.flatMap((c) => months.map((m) => hours[c][m] || 0)));
  // A class category's month opens that month on the calendar: the sessions behind the hours.
  const cell = (c, m, v) => h("td", { className: "spark", title: `${vnNumber(v)} giờ` },
    h("span", { className: "spark-bar", "data-height": String(Math.round((v / max) * 100)) }),
    v && labels.sessionCategory[c] && !isProvince() ? h("a", { className: "spark-value", href: `#/sessions?view=month&date=${m}-01` }, vnNumber(v, 0))
      : h("span", { className: "spark-value" }, v ? vnNumber(v, 0) : ""));
  const year = (c) => Math.round(months.reduce((sum, m) => sum + (hours[c][m] || 0), 0));
  return h("div", { className: "scroll" }, h("table", { className: "months" },
    h("thead", {}, h("tr", {}, h("th", {}, "Lĩnh vực"), months.map((m) => h("th", {}, `T${Number(m.slice(5))}`)), h("th", {}, "Cả năm"))),
    h("tbody", {}, categories.map((c) => h("tr", {}, h("td", {}, hourLabel(c)), months.map((m) => cell(c, m, hours[c][m] || 0)), h("td", {}, vnNumber(year(c))))))));
}

/// The list behind one target: who or which group is counted, who is not.
export async function targetListView(code, params) {
  const query = params.toString();
  const answer = await api("GET", `/api/reports/indicators/${encodeURIComponent(code)}?${query}`);
  const t = answer.indicator;
  // A province's daemon has no learners' pages (they are the centres'): names only, groups to their titles.
  const commune = params.get("commune");
  const link = (item) => item.kind === "learner" ? (isProvince() ? null : `#/learners/${encodeURIComponent(item.id)}`)
    : `#/titles?${new URLSearchParams({ kind: item.kind, year: answer.year, ...(commune ? { commune } : {}), focus: item.id })}`;
  const entry = (item) => h("li", {}, link(item) ? h("a", { href: link(item) }, item.name) : item.name);
  const list = (counted) => t.items.filter((i) => i.counted === counted);
  show(h("h1", {}, `${t.code}: ${t.name}`),
    h("p", {}, `Năm ${answer.year}: ${vnNumber(t.numerator)}/${vnNumber(t.denominator)} (${vnNumber(t.percent)}%). Mục tiêu 2025: ${vnNumber(t.target2025)}%, 2030: ${vnNumber(t.target2030)}%.`),
    h("p", {}, h("a", { href: `#/dashboard?${query}` }, "‹ Về trang tổng quan")),
    h("div", { className: "columns", id: "target-list" },
      h("section", { className: "panel" }, h("h2", {}, `Được tính (${list(true).length})`),
        h("ul", { className: "people" }, list(true).map(entry))),
      h("section", { className: "panel" }, h("h2", {}, `Chưa đạt (${list(false).length})`),
        h("ul", { className: "people" }, list(false).map(entry)))));
}
