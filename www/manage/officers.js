// Target T7: association officers who take part in the centre's activities and are trained in IT.
import { api, labels } from "./api.js";
import { currentYear } from "/shared/zone.js";
import { vnNumber } from "/shared/numbers.js";
import { h, show, select } from "./dom.js";

export async function officersView(params) {
  const year = Number(params.get("year")) || currentYear();
  const t7 = await api("GET", `/api/officers?year=${year}`);
  const years = Object.fromEntries([0, 1, 2, 3, 4].map((k) => { const y = currentYear() - k; return [y, `Năm ${y}`]; }));
  const picker = select("year", years, String(year));
  picker.setAttribute("aria-label", "Năm");
  picker.addEventListener("change", () => { location.hash = `#/officers?year=${picker.value}`; });
  const yes = (ok) => h("span", { className: ok ? "tag ok" : "tag" }, ok ? "Có" : "Chưa");
  show(
    h("div", { className: "row heading" }, h("h1", {}, `Cán bộ hội (chỉ tiêu T7), năm ${year}`), picker),
    h("div", { className: "panel", id: "t7" },
      h("p", { className: "big" }, `${t7.counted}/${t7.officers} cán bộ hội đạt (${vnNumber(t7.percent)}%)`),
      h("p", {}, `Tham gia hoạt động: ${t7.participating} · Được tập huấn CNTT: ${t7.trainedInIT}`),
      h("p", { className: "muted" }, t7.rule, " Đánh dấu cán bộ hội trong hồ sơ người học.")),
    t7.items.length ? h("table", { id: "officers" },
      h("thead", {}, h("tr", {}, h("th", {}, "Họ và tên"), h("th", {}, "Giờ học"), h("th", {}, "Giờ tin học"), h("th", {}, "Kỹ năng số"),
        h("th", {}, "Tham gia"), h("th", {}, "Tập huấn CNTT"))),
      h("tbody", {}, t7.items.map((o) => h("tr", {},
        h("td", {}, h("a", { href: `#/learners/${encodeURIComponent(o.learnerId)}` }, o.fullName)),
        h("td", {}, vnNumber(o.total)), h("td", {}, vnNumber(o.itHours)),
        h("td", {}, o.digitalSkills ? labels.skills[o.digitalSkills] : "Chưa đánh giá"),
        h("td", {}, yes(o.participates)), h("td", {}, yes(o.trainedInIT))))))
      : h("p", { className: "muted" }, "Chưa có người học nào được đánh dấu là cán bộ hội."));
}
