// A learner's year: hours by category and by month as bars, the digital-skills level, and the
// personal learning plan with progress towards its target hours.
import { api, labels, hourLabel } from "./api.js";
import { currentYear } from "/shared/zone.js";
import { vnNumber } from "/shared/numbers.js";
import { h, notice, select, showFieldError } from "./dom.js";
import { day } from "./dates.js";
import { user } from "./session.js";


export async function learnerYear(id, year = currentYear()) {
  const box = h("div", { id: "learner-year" });
  const render = async (chosen) => {
    const base = `/api/learners/${encodeURIComponent(id)}`;
    const optional = (path) => api("GET", path).catch((e) => { if (e.status === 404) return null; throw e; });
    const [ledger, skills, plan, score] = await Promise.all([api("GET", `${base}/hours?year=${chosen}`),
      optional(`${base}/digital-skills/${chosen}`), optional(`${base}/plan/${chosen}`), optional(`${base}/score?year=${chosen}`)]);
    const years = Object.fromEntries([0, 1, 2, 3, 4].map((k) => { const y = currentYear() - k; return [y, `Năm ${y}`]; }));
    const picker = select("year", years, String(chosen));
    picker.setAttribute("aria-label", "Năm");
    picker.addEventListener("change", () => render(Number(picker.value)));
    box.replaceChildren(h("div", { className: "row heading" }, h("h2", {}, "Kết quả học tập"), picker),
      score ? scorePanel(base, chosen, score, () => render(chosen)) : null, hoursPanel(ledger, plan), skillsPanel(base, chosen, skills, () => render(chosen)), planPanel(base, chosen, plan, () => render(chosen)));
  };
  await render(year);
  return box;
}

function bars(entries, unit = "giờ") {
  const max = Math.max(1, ...entries.map(([, v]) => v));
  const el = h("div", { className: "bars" }, entries.map(([label, value]) => h("div", { className: "bar-row" },
    h("span", { className: "bar-label" }, label),
    h("span", { className: "bar" }, h("span", { className: "bar-fill", "data-width": String(Math.round((value / max) * 100)) })),
    h("span", { className: "bar-value" }, `${value} ${unit}`))));
  // Widths are set through the CSSOM: the page's policy allows no inline style attributes.
  el.querySelectorAll(".bar-fill").forEach((fill) => { fill.style.width = `${fill.dataset.width}%`; });
  return el;
}

function hoursPanel(ledger, plan) {
  const months = [];
  for (let m = 1; m <= 12; m++) {
    const key = `${ledger.year}-${String(m).padStart(2, "0")}`;
    months.push([`Tháng ${m}`, ledger.byMonth[key] || 0]);
  }
  const target = plan && plan.targetHours > 0
    ? h("p", {}, `Kế hoạch: ${vnNumber(plan.targetHours)} giờ; đã học ${vnNumber(ledger.total)} giờ (${Math.min(100, Math.round((ledger.total / plan.targetHours) * 100))}%).`)
    : null;
  return h("div", { className: "panel", id: "hours" },
    h("h2", {}, `Giờ học năm ${ledger.year}: ${vnNumber(ledger.total)} giờ (tin học: ${vnNumber(ledger.itHours)} giờ)`), target,
    Object.keys(ledger.byCategory).length
      ? [h("h3", {}, "Theo lĩnh vực"), bars(Object.entries(ledger.byCategory).map(([k, v]) => [hourLabel(k), v])),
        h("h3", {}, "Theo tháng"), bars(months)]
      : h("p", { className: "muted" }, "Chưa có giờ học nào trong năm."));
}

/// The learning-citizen score: each indicator with its points and evidence, the next step, and
/// for a manager the assessment of any indicator (points and a note).
function scorePanel(base, year, score, done) {
  const manager = user()?.role === "manager";
  const rows = score.indicators.map((i) => {
    const points = h("input", { type: "number", min: "0", max: String(i.max), step: "1", value: i.fromAssessment ?? "", className: "hours",
      "aria-label": `Điểm đánh giá chỉ số ${i.code}`, "data-code": i.code });
    const note = h("input", { maxlength: 500, placeholder: "Ghi chú đánh giá", "aria-label": `Ghi chú chỉ số ${i.code}`, "data-note": i.code });
    return h("tr", { "data-indicator": i.code, className: i.points < 5 ? "weak" : "" },
      h("td", {}, h("strong", {}, i.code), " ", i.name),
      h("td", {}, `${vnNumber(i.points)}/${vnNumber(i.max)}`),
      h("td", {}, i.evidence.length ? h("details", {}, h("summary", {}, `${i.evidence.length} bằng chứng`),
        h("ul", {}, i.evidence.map((e) => h("li", {}, e.at ? `${day(e.at, true)}: ` : "", e.text, e.hours ? ` (${vnNumber(e.hours)} giờ)` : ""))))
        : h("span", { className: "muted" }, "chưa có")),
      manager ? h("td", {}, points, note) : null);
  });
  const form = h("form", { className: "panel", id: "score" },
    h("h2", {}, `Công dân học tập năm ${year}: ${vnNumber(score.total)} điểm — ${score.recognized ? "đạt" : "chưa đạt"}`),
    score.nextStep ? h("p", { className: score.recognized ? "muted" : "warn", id: "next-step" }, score.nextStep) : null,
    h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Chỉ số"), h("th", {}, "Điểm"), h("th", {}, "Bằng chứng"), manager ? h("th", {}, "Đánh giá của chi hội") : null)),
      h("tbody", {}, rows)),
    manager ? h("div", { className: "actions" }, h("button", { type: "submit", id: "save-assessment" }, "Lưu đánh giá")) : null);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const indicators = score.indicators.map((i) => {
      const value = form.querySelector(`[data-code="${i.code}"]`).value;
      const note = form.querySelector(`[data-note="${i.code}"]`).value.trim();
      return { code: i.code, points: value === "" ? null : Number(value), note: note || null };
    }).filter((i) => i.points !== null || score.indicators.find((s) => s.code === i.code).fromAssessment !== null);
    if (!indicators.length) { notice("Chưa nhập điểm đánh giá nào."); return; }
    try {
      await api("PUT", `${base}/assessments/${year}`, { indicators });
      notice("Đã lưu đánh giá.");
      done();
    } catch (error) { notice(error.message, true); }
  });
  return form;
}

function skillsPanel(base, year, skills, done) {
  const form = h("form", { className: "panel", id: "skills-form" },
    h("h2", {}, `Kỹ năng số năm ${year}`),
    skills ? h("p", { className: "muted" }, `Đánh giá: ${labels.skills[skills.level]}, bởi ${skills.assessedBy} ngày ${day(skills.assessedAt, true)}.`)
      : h("p", { className: "muted" }, "Chưa đánh giá."),
    h("div", { className: "row" },
      h("label", {}, "Trình độ", select("level", labels.skills, skills?.level || "none")),
      h("label", {}, "Ghi chú (ví dụ: dùng được Zalo, dịch vụ công)", h("input", { name: "note", maxlength: 500, value: skills?.note || "" }))),
    h("div", { className: "actions" }, h("button", { type: "submit" }, "Ghi đánh giá")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await api("PUT", `${base}/digital-skills/${year}`, { level: data.get("level"), note: data.get("note").trim() || null });
      notice("Đã ghi trình độ kỹ năng số.");
      done();
    } catch (error) { showFieldError(form, error); }
  });
  return form;
}

function planPanel(base, year, plan, done) {
  const chosen = new Set(plan?.categories || []);
  const form = h("form", { className: "panel", id: "plan-form" },
    h("h2", {}, `Kế hoạch học tập năm ${year}`),
    plan ? h("p", { className: "muted" }, `Cập nhật bởi ${plan.updatedBy} ngày ${day(plan.updatedAt, true)}.`) : h("p", { className: "muted" }, "Chưa có kế hoạch."),
    h("label", {}, "Mục tiêu", h("textarea", { name: "goals", rows: 2, maxlength: 2000, required: true }, plan?.goals || "")),
    h("fieldset", { className: "choices" }, h("legend", {}, "Lĩnh vực muốn học"),
      Object.entries(labels.sessionCategory).map(([code, text]) => h("label", { className: "check" },
        h("input", { type: "checkbox", name: "categories", value: code, checked: chosen.has(code) }), text))),
    h("label", {}, "Số giờ dự kiến trong năm", h("input", { name: "targetHours", type: "number", min: "0", max: "2000", step: "1", value: plan?.targetHours ?? "" })),
    h("div", { className: "actions" }, h("button", { type: "submit" }, "Lưu kế hoạch")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await api("PUT", `${base}/plan/${year}`, { goals: data.get("goals").trim(), categories: data.getAll("categories"),
        targetHours: data.get("targetHours") === "" ? null : Number(data.get("targetHours")) });
      notice("Đã lưu kế hoạch học tập.");
      done();
    } catch (error) { showFieldError(form, error); }
  });
  return form;
}
