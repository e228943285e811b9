// Today at the centre: the day's sessions, who is in now, and the visits that closed by
// themselves for staff to confirm or correct.
import { api, labels } from "./api.js";
import { vnNumber } from "/shared/numbers.js";
import { h, show, notice } from "./dom.js";
import { time, day, moment } from "./dates.js";


// A new centre's first steps, in order, until each is done (GET /api/setup).
const SETUP = {
  villages: ["Nhập các thôn của xã", "#/villages/new", "Mỗi người học thuộc một thôn; máy điểm danh cũng hỏi thôn."],
  households: ["Nhập các hộ gia đình", "#/households/new", "Để xét danh hiệu gia đình học tập."],
  units: ["Nhập các đơn vị (trường, trạm y tế, UBND xã)", "#/units/new", "Để xét danh hiệu đơn vị học tập."],
  learners: ["Đăng ký người học đầu tiên", "#/learners/new", "Hoặc nhập cả danh sách từ tệp CSV."],
  sessions: ["Lên lịch buổi học đầu tiên", "#/sessions/new", "Buổi học tự mở điểm danh 30 phút trước giờ học."],
  cards: ["In thẻ cho người học", "#/learners", "Chọn người trong danh sách rồi bấm \u201cIn thẻ\u201d: 10 thẻ một tờ A4."],
};

function setupChecklist(setup) {
  if (setup.done) return null;
  const next = setup.steps.find((s) => !s.done);
  return h("section", { className: "panel setup", id: "setup" },
    h("h2", {}, "Bắt đầu dùng trung tâm"),
    h("p", { className: "muted" }, `Đã xong ${setup.steps.filter((s) => s.done).length}/${setup.steps.length} việc. Danh sách này mất đi khi làm xong cả ${setup.steps.length}.`),
    h("ol", {}, setup.steps.map((s) => {
      const [label, href, why] = SETUP[s.code];
      return h("li", { className: s.done ? "done" : s === next ? "next" : null, "data-step": s.code },
        s.done ? label : h("a", { href }, label), s.done ? " — đã xong" : h("span", { className: "muted" }, ` — ${why}`));
    })));
}

export async function todayView() {
  const [today, help, setup] = await Promise.all([api("GET", "/api/today"), api("GET", "/api/help-requests"), api("GET", "/api/setup")]);
  const sessionRow = (s) => h("tr", { "data-session": s.id },
    h("td", {}, `${time(s.startsAt)}–${time(s.endsAt)}`),
    h("td", {}, h("a", { href: `#/sessions/${encodeURIComponent(s.id)}` }, s.title)),
    h("td", { className: "optional" }, [labels.sessionCategory[s.category], s.place].filter(Boolean).join(" · ")),
    h("td", {}, s.capacity ? `${s.attendeeCount}/${s.capacity}` : String(s.attendeeCount)),
    h("td", {}, s.awaitingClose ? h("strong", {}, "Hết giờ: cần đóng") : labels.sessionStatus[s.status] || s.status));
  const whatFor = (line) => line.sessionTitle || labels.purpose[line.checkIn.purpose] || "";
  show(
    h("div", { className: "row heading" }, h("h1", {}, `Hôm nay, ${day(today.date, true)}`),
      h("button", { type: "button", onclick: () => { location.hash = `#/sessions/new?date=${today.date}`; } }, "Lên lịch buổi học")),
    setupChecklist(setup),
    help.items.length ? h("section", { className: "panel warn", id: "help", role: "alert" },
      h("h2", {}, `Đang nhờ cán bộ giúp ở máy điểm danh (${help.items.length})`),
      h("ul", { className: "people" }, help.items.map((r) => h("li", { "data-help": r.id },
        r.fullName ? h("a", { href: `#/learners/${encodeURIComponent(r.learnerId)}` }, r.fullName) : h("span", {}, "Một người chưa chọn tên"),
        h("span", { className: "muted" }, ` nhờ lúc ${time(r.askedAt)} `),
        h("button", { type: "button", className: "secondary small", onclick: async () => {
          try { await api("POST", `/api/help-requests/${encodeURIComponent(r.id)}/answer`); todayView(); } catch (e) { notice(e.message, true); }
        } }, "Đã đến giúp"))))) : null,
    h("section", { className: "panel", id: "today" },
      h("h2", {}, "Buổi học hôm nay"),
      today.sessions.length ? h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Giờ"), h("th", {}, "Buổi học"), h("th", { className: "optional" }, "Lĩnh vực, địa điểm"), h("th", {}, "Số người"), h("th", {}, "Trạng thái"))),
        h("tbody", {}, today.sessions.map(sessionRow)))
        : h("p", { className: "muted" }, "Hôm nay không có buổi học nào.")),
    h("section", { className: "panel", id: "present" },
      h("h2", {}, `Đang ở trung tâm (${today.present.length})`),
      today.present.length ? h("ul", { className: "people" }, today.present.map((line) => h("li", {},
        h("a", { href: `#/learners/${encodeURIComponent(line.checkIn.learnerId)}` }, line.fullName),
        h("span", { className: "muted" }, ` từ ${time(line.checkIn.checkedInAt)} · ${whatFor(line)}`))))
        : h("p", { className: "muted" }, "Chưa có ai điểm danh vào lúc này.")),
    h("section", { className: "panel", id: "review" },
      h("h2", {}, `Lượt tự đóng cần xem lại (${today.toReview.length})`),
      h("p", { className: "muted" }, "Người học quên bấm \"Ra về\": máy tự đóng lượt sau giờ tối đa hoặc giờ đóng cửa. Hãy xác nhận, hoặc ghi giờ ra về thật."),
      today.toReview.length ? h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Người học"), h("th", {}, "Đến – tự đóng"), h("th", {}, "Giờ tính"), h("th", {}, "Giờ ra về thật, lý do"), h("th", {}, h("span", { className: "visually-hidden" }, "Thao tác")))),
        h("tbody", {}, today.toReview.map(reviewRow))) : h("p", { className: "muted" }, "Không có lượt nào cần xem lại.")));
}

function reviewRow(line) {
  const c = line.checkIn;
  const left = h("input", { type: "time", "aria-label": "Giờ ra về thật", value: time(c.checkedOutAt) });
  const reason = h("input", { placeholder: "Lý do sửa (bắt buộc khi sửa giờ)", "aria-label": "Lý do sửa giờ ra về", maxlength: 500 });
  const submit = async (correct) => {
    const body = {};
    if (correct) Object.assign(body, { checkedOutAt: moment(c.checkedInAt.slice(0, 10), left.value), reason: reason.value.trim() || null });
    try {
      const saved = await api("POST", `/api/check-ins/${encodeURIComponent(c.id)}/review`, body);
      notice(correct ? `Đã sửa: ${line.fullName} được tính ${vnNumber(saved.creditedHours)} giờ.` : `Đã xác nhận lượt của ${line.fullName}.`);
      todayView();
    } catch (error) { notice(error.message, true); }
  };
  return h("tr", { "data-check-in": c.id },
    h("td", {}, line.fullName, h("br"), h("span", { className: "muted" }, labels.purpose[c.purpose] || "")),
    h("td", {}, `${day(c.checkedInAt)} ${time(c.checkedInAt)} – ${time(c.checkedOutAt)}`),
    h("td", {}, `${vnNumber(c.creditedHours)} giờ`),
    h("td", {}, h("div", { className: "row" }, left, reason)),
    h("td", {}, h("div", { className: "actions tight" },
      h("button", { type: "button", className: "secondary", onclick: () => submit(false) }, "Đúng rồi"),
      h("button", { type: "button", onclick: () => submit(true) }, "Sửa giờ"))));
}
