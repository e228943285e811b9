// Titles of a year (learning family, clan, community, unit) with every condition, the yes/no
// facts staff record for them, the list of learners by score, and the printable recognition list.
import { api, labels } from "./api.js";
import { vnNumber } from "/shared/numbers.js";
import { h, show, notice } from "./dom.js";
import { yearAndVillage, placePicker } from "./dashboard.js";
import { isProvince } from "./session.js";

const factOf = { family: ["households", "childrenAtSchool", "Trẻ trong độ tuổi đều đi học"],
  clan: ["clans", "studyFund", "Có quỹ khuyến học"], community: ["villages", "promotionBranch", "Có chi hội khuyến học"] };

export async function titlesView(params) {
  const kinds = labels.titleKind;  // family, clan, community, unit: their names from the API
  const kind = kinds[params.get("kind")] ? params.get("kind") : "family";
  const { year, village, commune, controls, query } = await placePicker("#/titles", params);
  // A province's families are hundreds of thousands: its daemon lists one commune's at a time.
  const province = isProvince();
  if (province && !commune) {
    return show(h("h1", {}, `Danh hiệu năm ${year}`), controls, h("p", { className: "notice" }, "Hãy chọn một xã để xem danh hiệu của các gia đình, dòng họ, thôn và đơn vị."));
  }
  const answer = await api("GET", `/api/titles?${query}&kind=${kind}`);
  const recognized = answer.items.filter((t) => t.recognized).length;
  const tabs = h("div", { className: "row toolbar", role: "tablist" }, Object.entries(kinds).map(([k, name]) => {
    const next = new URLSearchParams(params); next.set("kind", k); next.delete("focus");
    return h("a", { className: `button${k === kind ? "" : " secondary"}`, role: "tab", "aria-selected": String(k === kind), href: `#/titles?${next}` }, name);
  }));
  const factCell = (t) => {
    // The facts are recorded at the centres; a province's daemon shows them as they came.
    if (!factOf[kind]) return h("td", {}, "");
    if (province) return h("td", {}, t.facts[factOf[kind][1]] === true ? `✓ ${factOf[kind][2]}` : "");
    const [path, fact, label] = factOf[kind];
    const box = h("input", { type: "checkbox", checked: t.facts[fact] === true, "aria-label": `${label}: ${t.name}` });
    box.addEventListener("change", async () => {
      try {
        await api("PUT", `/api/${path}/${encodeURIComponent(t.id)}/facts/${year}`, { [fact]: box.checked });
        notice(`Đã ghi: ${t.name}.`);
        titlesView(params);
      } catch (error) { notice(error.message, true); box.checked = !box.checked; }
    });
    return h("td", {}, h("label", { className: "check" }, box, label));
  };
  show(h("div", { className: "row heading" }, h("h1", {}, `Danh hiệu năm ${year}`),
      province ? null : h("a", { className: "button", target: "_blank", href: `/api/reports/recognition?year=${year}${village ? "&village=" + encodeURIComponent(village) : ""}` },
        "In danh sách đề nghị công nhận")),
    controls, tabs,
    h("p", {}, `${kinds[kind]}: ${recognized}/${answer.items.length} đạt.`),
    h("table", { id: "titles" },
      h("thead", {}, h("tr", {}, h("th", {}, "Tên"), h("th", {}, "Kết quả"), h("th", {}, "Điều kiện"), h("th", {}, factOf[kind] ? "Ghi nhận" : ""))),
      h("tbody", {}, answer.items.map((t) => h("tr", { id: `title-${t.id}`, className: params.get("focus") === t.id ? "focus" : "" },
        h("td", {}, t.name),
        h("td", {}, h("span", { className: t.recognized ? "tag ok" : "tag" }, t.recognized ? (t.level ? `Đạt (mức ${t.level})` : "Đạt") : "Chưa đạt")),
        h("td", {}, h("ul", { className: "reasons" }, t.reasons.map((r) => h("li", { className: r.met ? "met" : "unmet" }, r.met ? "✓ " : "✗ ", r.text)))),
        factCell(t))))));
  document.getElementById(`title-${params.get("focus")}`)?.scrollIntoView({ block: "center" });
}

/// Learners by their score this year, filtered as the dashboard's numbers are.
export async function scoresView(params) {
  const villages = (await api("GET", "/api/villages?limit=500")).items;
  const { year, controls } = yearAndVillage("#/scores", params, villages);
  const query = new URLSearchParams(params);
  query.set("year", year); query.set("limit", "500");
  const page = await api("GET", `/api/scores?${query}`);
  const which = params.get("recognized") === "true" ? "Công dân học tập" : params.get("recognized") === "false" ? "Chưa đạt" : "Điểm của người học";
  show(h("h1", {}, `${which} năm ${year}`), controls,
    h("table", { id: "scores" }, h("thead", {}, h("tr", {}, h("th", {}, "Họ và tên"), h("th", {}, "Điểm"), h("th", {}, "Bước tiếp theo"))),
      h("tbody", {}, page.items.map((s) => h("tr", {},
        h("td", {}, h("a", { href: `#/learners/${encodeURIComponent(s.learnerId)}` }, s.fullName)),
        h("td", {}, `${vnNumber(s.total)}${s.recognized ? " ✓" : ""}`), h("td", { className: "muted" }, s.nextStep || ""))))),
    page.next ? h("p", { className: "muted" }, "Chỉ hiện 500 người đầu; hãy chọn một thôn để xem hết.") : null);
}
