// Learners: search and list, register and edit (with the duplicate warning), archive.
import { api, labels } from "./api.js";
import { currentYear, today } from "/shared/zone.js";
import { h, show, notice, select, showFieldError } from "./dom.js";
import { loadAll } from "./groups.js";
import { learnerYear } from "./progress.js";
import { user } from "./session.js";

/// A whole list from a CSV file (UTF-8, a header row: Họ và tên, Giới tính, Năm sinh, Thôn …):
/// every bad line and likely duplicate named with its line number.
function importPanel(reload) {
  const file = h("input", { type: "file", name: "file", accept: ".csv,text/csv" });
  const skip = h("input", { type: "checkbox", name: "skipBad" });
  const result = h("div", { id: "import-result", "aria-live": "polite" });
  const tell = (report, message) => result.replaceChildren(
    h("p", { className: report.committed ? "" : "warn" }, message),
    report.rejected.length || report.duplicates.length ? h("ul", {},
      report.rejected.map((r) => h("li", {}, `Dòng ${r.line}${r.field ? ` (cột ${r.field})` : ""}: ${r.message}`)),
      report.duplicates.map((d) => h("li", {}, `Dòng ${d.line}: ${d.fullName} có thể đã có trong danh sách; không thêm.`))) : null);
  const send = async () => {
    if (!file.files.length) { notice("Hãy chọn tệp CSV trước.", true); return; }
    try {
      const text = await file.files[0].text();
      let report = await api("POST", `/api/learners/import${skip.checked ? "?skipBad=true" : ""}`, text, "text/csv");
      // A big list is still at work after a few seconds (202): ask again every two seconds.
      while (report && report.status === "running") {
        result.replaceChildren(h("p", { className: "muted" }, report.message));
        await new Promise((resolve) => setTimeout(resolve, 2000));
        report = await api("GET", `/api/learners/import/${encodeURIComponent(report.id)}`);
      }
      tell(report, `Đã thêm ${report.created} người học.`);
      reload();
    } catch (error) {
      if (error.details && error.details.report) tell(error.details.report, error.message);
      else notice(error.message, true);
    }
  };
  return h("details", { className: "panel", id: "import" },
    h("summary", {}, "Nhập danh sách từ tệp CSV"),
    h("p", { className: "muted" }, "Tệp UTF-8 có dòng tiêu đề: Họ và tên, Giới tính, Năm sinh, Thôn (và nếu có: Hộ, Dòng họ, Đơn vị, Điện thoại, Ghi chú). Tệp có dòng lỗi thì không thêm ai, trừ khi chọn bỏ qua các dòng lỗi."),
    h("div", { className: "row" }, h("label", {}, "Tệp", file), h("label", { className: "check" }, skip, " Bỏ qua các dòng lỗi"),
      h("button", { type: "button", id: "import-send", onclick: send }, "Nhập")),
    result);
}

export async function learnersView() {
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const villages = await loadAll("villages");
  const villageNames = Object.fromEntries(villages.map((v) => [v.id, v.name]));
  const q = h("input", { name: "q", type: "search", placeholder: "Gõ vài chữ của tên, không cần dấu", value: params.get("q") || "", autocomplete: "off" });
  const village = select("village", villageNames, params.get("village") || "", { empty: "Tất cả các thôn" });
  const archived = h("input", { type: "checkbox", name: "archived", checked: params.get("archived") === "true" });
  const body = h("tbody");
  const pager = h("div", { className: "pager" });
  const count = h("span", { className: "muted" });
  // Cards for the learners ticked (new ones, lost cards): one A4 sheet of ten a page.
  const chosen = new Set();
  const printChosen = h("a", { className: "button", id: "print-chosen", target: "_blank", hidden: true }, "");
  const updateChosen = () => {
    printChosen.hidden = chosen.size === 0;
    printChosen.textContent = `In thẻ ${chosen.size} người đã chọn`;
    printChosen.href = `/api/cards?ids=${[...chosen].map(encodeURIComponent).join(",")}`;
  };
  const tick = (learner) => h("td", { className: "pick", onclick: (e) => e.stopPropagation() },
    h("input", { type: "checkbox", "data-pick": learner.id, "aria-label": `Chọn ${learner.fullName} để in thẻ`, checked: chosen.has(learner.id),
                 onchange: (e) => { if (e.target.checked) chosen.add(learner.id); else chosen.delete(learner.id); updateChosen(); } }));

  async function load(next = null) {
    const query = new URLSearchParams({ limit: "50" });
    if (q.value.trim()) query.set("q", q.value.trim());
    if (village.value) query.set("village", village.value);
    if (archived.checked) query.set("archived", "true");
    if (next) query.set("next", next);
    const page = await api("GET", `/api/learners?${query}`);
    if (!next) body.replaceChildren();
    for (const learner of page.items) {
      body.append(h("tr", { className: "clickable", "data-id": learner.id, onclick: () => { location.hash = `#/learners/${encodeURIComponent(learner.id)}`; } },
        tick(learner),
        h("td", {}, h("a", { href: `#/learners/${encodeURIComponent(learner.id)}` }, learner.fullName)),
        h("td", {}, learner.birthYear),
        h("td", {}, villageNames[learner.villageId] || ""),
        h("td", { className: "optional" }, labels.category[learner.category] || learner.category),
        h("td", { className: "optional muted" }, learner.cardCode)));
    }
    count.textContent = body.children.length ? `${body.children.length} người${page.next ? " (còn nữa)" : ""}` : "Không tìm thấy ai.";
    pager.replaceChildren(page.next ? h("button", { type: "button", className: "secondary", onclick: () => load(page.next) }, "Xem thêm") : "");
  }

  let timer = null;
  const reload = () => { clearTimeout(timer); timer = setTimeout(() => load().catch((e) => notice(e.message, true)), 200); };
  q.addEventListener("input", reload);
  village.addEventListener("change", reload);
  archived.addEventListener("change", reload);

  show(
    h("div", { className: "row heading" }, h("h1", {}, "Người học"),
      h("button", { type: "button", id: "new-learner", onclick: () => { location.hash = "#/learners/new"; } }, "Đăng ký người học")),
    h("div", { className: "panel row" },
      h("label", {}, "Tìm theo tên", q),
      h("label", {}, "Thôn", village),
      h("label", { className: "check" }, archived, " Đã lưu trữ")),
    user()?.role === "manager" ? importPanel(() => load().catch((e) => notice(e.message, true))) : null,
    villages.length ? null : h("p", { className: "warn", id: "no-villages" }, "Chưa có thôn nào. Mỗi người học thuộc một thôn: ",
      h("a", { href: "#/villages/new" }, "nhập các thôn trước"), "."),
    h("div", { className: "row heading" }, count, printChosen),
    h("table", { id: "learners" },
      h("thead", {}, h("tr", {}, h("th", {}, h("span", { className: "visually-hidden" }, "Chọn để in thẻ")), h("th", {}, "Họ và tên"), h("th", {}, "Năm sinh"), h("th", {}, "Thôn"),
        h("th", { className: "optional" }, "Nhóm"), h("th", { className: "optional" }, "Mã thẻ"))),
      body),
    pager);
  q.focus();
  await load();
}

export async function learnerForm(id) {
  const [villages, households, clans, units] = await Promise.all(["villages", "households", "clans", "units"].map(loadAll));
  const learner = id ? await api("GET", `/api/learners/${encodeURIComponent(id)}`) : {};
  const byId = (list) => Object.fromEntries(list.map((x) => [x.id, x.name]));
  const householdSelect = select("householdId", {}, "", { empty: "— không chọn —" });
  const villageSelect = select("villageId", byId(villages), learner.villageId || "", { empty: "— chọn thôn —" });
  const fillHouseholds = () => {
    householdSelect.replaceChildren(h("option", { value: "" }, "— không chọn —"));
    for (const hh of households.filter((x) => x.villageId === villageSelect.value)) {
      householdSelect.append(h("option", { value: hh.id, selected: hh.id === learner.householdId }, hh.name));
    }
  };
  villageSelect.addEventListener("change", fillHouseholds);
  fillHouseholds();
  const warning = h("div");
  // When groups or flags change, the manager says how: a move from a day, or an entry typed wrong.
  const change = h("div");
  const form = h("form", { className: "panel", id: "learner-form", novalidate: true },
    h("div", { className: "row" },
      h("label", {}, "Họ và tên", h("input", { name: "fullName", value: learner.fullName || "", required: true, maxlength: 100, autocomplete: "off" })),
      h("label", {}, "Giới tính", select("gender", labels.gender, learner.gender || "", { empty: "— chọn —" })),
      h("label", {}, "Năm sinh", h("input", { name: "birthYear", type: "number", inputmode: "numeric", min: 1900, max: currentYear(), value: learner.birthYear || "" }))),
    h("div", { className: "row" },
      h("label", {}, "Thôn", villageSelect),
      h("label", {}, "Hộ gia đình", householdSelect),
      h("label", {}, "Dòng họ", select("clanId", byId(clans), learner.clanId || "", { empty: "— không chọn —" })),
      h("label", {}, "Đơn vị", select("unitId", byId(units), learner.unitId || "", { empty: "— không chọn —" }))),
    h("div", { className: "row" },
      h("label", {}, "Nhóm người học", select("category", labels.category, learner.category || "other")),
      h("label", {}, "Nhóm đánh giá", select("targetGroup", labels.targetGroup, learner.targetGroup || "", { empty: "— chưa xếp —" })),
      h("label", {}, "Điện thoại", h("input", { name: "phone", type: "tel", value: learner.phone || "", autocomplete: "off" })),
      h("label", {}, "Ngày đăng ký", h("input", { name: "registeredOn", type: "date", max: today(), value: learner.registeredOn || today() }))),
    h("div", { className: "row" },
      h("label", { className: "check" }, h("input", { type: "checkbox", name: "isAssociationOfficer", checked: !!learner.isAssociationOfficer }), " Cán bộ khuyến học"),
      h("label", { className: "check" }, h("input", { type: "checkbox", name: "isAssociationMember", checked: !!learner.isAssociationMember }), " Hội viên khuyến học"),
      h("label", { className: "check" }, h("input", { type: "checkbox", name: "consent", checked: !!learner.consentAt }), " Đồng ý cho lưu thông tin (Nghị định 13/2023/NĐ-CP)")),
    h("label", {}, "Ghi chú", h("textarea", { name: "notes", rows: 2 }, learner.notes || "")),
    warning,
    change,
    h("div", { className: "actions" },
      h("button", { type: "submit" }, id ? "Lưu thay đổi" : "Đăng ký"),
      h("button", { type: "button", className: "secondary", onclick: () => history.back() }, "Quay lại"),
      id ? h("button", { type: "button", className: "secondary", id: "archive", onclick: () => toggleArchive(learner) },
        learner.archived ? "Đưa trở lại danh sách" : "Lưu trữ (không xóa)") : null,
      id ? h("a", { href: `/api/learners/${encodeURIComponent(id)}/card.svg`, target: "_blank", id: "card" }, "In thẻ") : null,
      id ? h("button", { type: "button", className: "secondary", id: "reissue", onclick: () => reissue(learner) }, "Cấp lại thẻ") : null));

  async function save(confirmDistinct, how = null) {
    const data = new FormData(form);
    const body = {
      fullName: data.get("fullName"), gender: data.get("gender") || null,
      birthYear: data.get("birthYear") ? Number(data.get("birthYear")) : null,
      villageId: data.get("villageId") || null, householdId: data.get("householdId") || null,
      clanId: data.get("clanId") || null, unitId: data.get("unitId") || null,
      category: data.get("category"), targetGroup: data.get("targetGroup") || null, phone: data.get("phone") || null,
      isAssociationOfficer: data.get("isAssociationOfficer") === "on", isAssociationMember: data.get("isAssociationMember") === "on",
      notes: data.get("notes") || null, registeredOn: data.get("registeredOn") || null,
    };
    if (id && body.registeredOn === learner.registeredOn) delete body.registeredOn;
    if (id) {
      const changed = membershipFields.filter((key) => (body[key] ?? null) !== (learner[key] ?? (typeof body[key] === "boolean" ? false : null)));
      if (changed.length > 0 && !how) return askHow(confirmDistinct);
      if (changed.length === 0) for (const key of membershipFields) delete body[key];
      if (how?.correction) body.correction = true;
      if (how?.from) body.effectiveFrom = how.from;
    }
    if ((data.get("consent") === "on") !== !!learner.consentAt) body.consent = data.get("consent") === "on";
    if (!id) { for (const key of ["gender", "birthYear", "villageId"]) if (body[key] === null) delete body[key]; }
    if (confirmDistinct) body.confirmDistinct = true;
    try {
      const saved = id ? await api("PATCH", `/api/learners/${encodeURIComponent(id)}`, body) : await api("POST", "/api/learners", body);
      notice(id ? "Đã lưu." : `Đã đăng ký ${saved.fullName}. Mã thẻ: ${saved.cardCode}.`);
      location.hash = `#/learners/${encodeURIComponent(saved.id)}`;
      if (id) learnerForm(id);
    } catch (error) {
      if (error.code === "possible_duplicate") return showDuplicates(error.details.candidates || [], villages);
      showFieldError(form, error);
    }
  }

  function askHow(confirmDistinct) {
    const from = h("input", { type: "date", name: "effectiveFrom", value: today(), max: today(), min: learner.registeredOn || undefined });
    change.replaceChildren(h("fieldset", { className: "warn", id: "change-how", role: "group" },
      h("legend", {}, "Thôn, hộ, dòng họ, đơn vị, nhóm hoặc vai trò đã thay đổi. Đây là:"),
      h("div", { className: "row" },
        h("label", {}, "Chuyển đi (hoặc đổi) từ ngày", from),
        h("button", { type: "button", id: "change-move", onclick: () => save(confirmDistinct, { from: from.value || today() }) }, "Lưu: chuyển từ ngày này")),
      h("p", { className: "muted" }, "Các năm trước ngày này vẫn tính theo thôn, hộ, nhóm cũ."),
      h("button", { type: "button", className: "secondary", id: "change-correction", onclick: () => save(confirmDistinct, { correction: true }) },
        "Lúc trước nhập sai — sửa lại từ đầu giai đoạn hiện tại")));
    change.scrollIntoView({ block: "center" });
  }

  function showDuplicates(candidates, villages) {
    const names = byId(villages);
    warning.replaceChildren(h("div", { className: "warn", id: "duplicate-warning", role: "alert" },
      h("strong", {}, "Có thể người này đã được đăng ký:"),
      h("ul", {}, candidates.map((c) => h("li", {},
        h("a", { href: `#/learners/${encodeURIComponent(c.id)}` }, c.fullName), ` — sinh năm ${c.birthYear}, ${names[c.villageId] || ""}`,
        c.phone ? `, điện thoại ${c.phone}` : ""))),
      h("p", {}, "Nếu đúng là một trong những người trên, hãy mở hồ sơ của họ thay vì đăng ký mới."),
      h("button", { type: "button", id: "confirm-distinct", onclick: () => save(true) }, "Đây là người khác — vẫn lưu")));
    warning.scrollIntoView({ block: "center" });
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); warning.replaceChildren(); change.replaceChildren(); save(false); });
  show(h("h1", {}, id ? learner.fullName : "Đăng ký người học"),
    villages.length ? null : h("p", { className: "warn", id: "no-villages" }, "Chưa có thôn nào nên chưa đăng ký được. ",
      h("a", { href: "#/villages/new" }, "Nhập các thôn của xã trước"), ", rồi quay lại đây."),
    id ? h("p", { className: "muted" }, `Mã thẻ ${learner.cardCode}`, learner.archived ? " · đã lưu trữ" : "") : null,
    form,
    id ? await membershipHistory(id, { villages: byId(villages), households: byId(households), clans: byId(clans), units: byId(units) }) : null,
    id ? await learnerYear(id) : null);
}

const membershipFields = ["villageId", "householdId", "clanId", "unitId", "category", "targetGroup", "isAssociationOfficer", "isAssociationMember"];

/// The learner's periods: where they belonged, from when to when (CRITERIA §4 counts each year by them).
async function membershipHistory(id, names) {
  const { items } = await api("GET", `/api/learners/${encodeURIComponent(id)}/memberships`);
  const vn = (d) => d ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : "nay";
  const roles = (p) => [p.isAssociationOfficer ? "cán bộ hội" : null, p.isAssociationMember ? "hội viên" : null, p.archived ? "đã lưu trữ" : null]
    .filter(Boolean).join(", ");
  return h("section", { className: "panel", id: "memberships" },
    h("h2", {}, "Lịch sử thôn, hộ, nhóm"),
    h("table", {},
      h("thead", {}, h("tr", {}, ["Từ ngày", "Đến ngày", "Thôn", "Hộ", "Dòng họ", "Đơn vị", "Nhóm", "Vai trò"].map((t) => h("th", {}, t)))),
      h("tbody", {}, items.map((p) => h("tr", { className: p.archived ? "muted" : null },
        h("td", {}, vn(p.from)), h("td", {}, vn(p.to)), h("td", {}, names.villages[p.villageId] || ""),
        h("td", {}, names.households[p.householdId] || "—"), h("td", {}, names.clans[p.clanId] || "—"),
        h("td", {}, names.units[p.unitId] || "—"), h("td", {}, labels.category[p.category] || p.category), h("td", {}, roles(p)))))));
}

async function reissue(learner) {
  if (!confirm(`Cấp thẻ mới cho ${learner.fullName}? Thẻ cũ (${learner.cardCode}) sẽ không dùng được nữa.`)) return;
  try {
    const saved = await api("POST", `/api/learners/${encodeURIComponent(learner.id)}/card/reissue`);
    notice(`Mã thẻ mới: ${saved.cardCode}. Hãy in thẻ mới.`);
    learnerForm(learner.id);
  } catch (error) { notice(error.message, true); }
}

async function toggleArchive(learner) {
  const action = learner.archived ? "unarchive" : "archive";
  if (!learner.archived && !confirm(`Lưu trữ ${learner.fullName} từ hôm nay? Người này không còn trong danh sách và thống kê từ nay; những năm trước vẫn tính (không bị xóa).`)) return;
  try {
    await api("POST", `/api/learners/${encodeURIComponent(learner.id)}/${action}`);
    notice(learner.archived ? "Đã đưa trở lại danh sách." : "Đã lưu trữ.");
    learnerForm(learner.id);
  } catch (error) { notice(error.message, true); }
}
