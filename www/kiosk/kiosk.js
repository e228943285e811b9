// The kiosk: learners check in, check out and register themselves. Touch only (an on-screen
// keyboard), or a USB card scanner, which types the card code and Enter at any moment.
// Only a learner's name, birth year and village ever appear here.
import { setZone, minuteOfDay, clockText, currentYear } from "/shared/zone.js";
import { vnNumber } from "/shared/numbers.js";
import { h as el } from "/shared/dom.js";
import { request } from "/shared/api.js";

// A screen with something to type or choose waits long for a slow reader; the others less. The
// last ten seconds say so on the screen, and any touch gives the time back.
const IDLE_MS = { find: 45_000, register: 60_000, other: 25_000 };
const WARN_MS = 10_000;
const screen = document.getElementById("screen");
const idleWarning = document.getElementById("idle-warning");
const offline = document.getElementById("offline");
let idleTimer = null;
let countdown = null;
let flow = "in";          // "in" (check-in) or "out" (check-out)
let learnerId = null;     // who is at the kiosk, once known (for "Nhờ cán bộ giúp")
let query = "";

// ---- talking to the daemon ----------------------------------------------------------------

// The daemon's answers (ApiError: message, code; "offline" when it cannot be reached): the
// kiosk shows its offline screen for those and for a failing daemon (5xx).
async function call(method, path, body) {
  try {
    return await request(method, path, body, { offlineMessage: "offline", fallback: "Có lỗi, xin thử lại." });
  } catch (error) {
    if (error.status === 0 || error.status >= 500) showOffline();
    throw error;
  }
}

function showOffline() {
  if (!offline.hidden) return;
  offline.hidden = false;
  const retry = async () => {
    try {
      const r = await fetch("/api/health", { cache: "no-store" });
      if (r.ok) { offline.hidden = true; start(); return; }
    } catch (e) { /* still down */ }
    setTimeout(retry, 3000);
  };
  setTimeout(retry, 3000);
}

// ---- building screens (text only, never HTML from data) -----------------------------------

function show(id, ...nodes) {
  screen.dataset.screen = id;
  screen.replaceChildren(...nodes.filter(Boolean));
  settle();
  armIdle();
}

function armIdle() {
  clearTimeout(idleTimer);
  clearInterval(countdown);
  idleWarning.hidden = true;
  if (screen.dataset.screen === "start") return;
  const wait = IDLE_MS[screen.dataset.screen] || IDLE_MS.other;
  idleTimer = setTimeout(warnIdle, wait - WARN_MS);
}

function warnIdle() {
  let left = WARN_MS / 1000;
  const seconds = document.getElementById("idle-seconds");
  seconds.textContent = String(left);
  idleWarning.hidden = false;
  countdown = setInterval(() => { left -= 1; seconds.textContent = String(Math.max(left, 0)); }, 1000);
  idleTimer = setTimeout(() => { clearInterval(countdown); idleWarning.hidden = true; start(); }, WARN_MS);
}

// ---- touches that count -------------------------------------------------------------------
// Elderly fingers double-tap: the second tap lands on whatever the next screen put under the
// finger. So a screen takes no touch for half a second after it appears, and a control acts only
// when the finger is lifted on the control it went down on.

const SETTLE_MS = 500;
let settledAt = 0;
let pressed = null;

function settle() {
  settledAt = performance.now() + SETTLE_MS;
  screen.dataset.armed = "false";
  const shown = screen.dataset.screen;
  setTimeout(() => { if (screen.dataset.screen === shown) screen.dataset.armed = "true"; }, SETTLE_MS);
}

function control(target) { return target instanceof Element ? target.closest("button, input, label, .query") : null; }

document.addEventListener("pointerdown", (event) => {
  pressed = performance.now() < settledAt ? null : control(event.target);
}, true);
document.addEventListener("click", (event) => {
  const target = control(event.target);
  const counts = target !== null && target === pressed && performance.now() >= settledAt;
  pressed = null;
  if (target && !counts) { event.preventDefault(); event.stopImmediatePropagation(); }
}, true);

/// The action of a next step, without the indicator's number: "cần thêm 4 lượt đọc sách."
function plain(step) {
  const action = step.includes(": ") ? step.slice(step.indexOf(": ") + 2) : step;
  return action.charAt(0).toUpperCase() + action.slice(1);
}

function hours(value) {
  return `${vnNumber(value)} giờ`;
}

function time(iso) { return iso ? iso.slice(11, 16) : ""; }

// ---- icons: every action has a picture, for those who do not read -------------------------

const ICONS = {
  in: "M10 17l5-5-5-5M15 12H3M14 3h5a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-5",
  out: "M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4M16 17l5-5-5-5M21 12H9",
  register: "M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8M20 8v6M23 11h-6",
  reading: "M2 4h7a3 3 0 0 1 3 3v14a2 2 0 0 0-2-2H2zM22 4h-7a3 3 0 0 0-3 3v14a2 2 0 0 1 2-2h8z",
  club: "M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8M23 21v-2a4 4 0 0 0-3-3.9M16 3.1a4 4 0 0 1 0 7.8",
  selfStudy: "M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z",
  session: "M3 4h18v12H3zM8 20h8M12 16v4",
  back: "M19 12H5M12 19l-7-7 7-7",
  tick: "M20 6L9 17l-5-5",
};

/// An inline SVG icon (decorative: the button's words say the same).
function icon(name) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", `icon icon-${name}`);
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}

/// A short rising chime after a check-in or check-out, unless the manager turned it off.
let soundOn = true;
function chime() {
  if (!soundOn) return;
  try {
    const audio = new AudioContext();
    [660, 880].forEach((frequency, k) => {
      const tone = audio.createOscillator(), gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, audio.currentTime + k * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.3, audio.currentTime + k * 0.18 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + k * 0.18 + 0.3);
      tone.connect(gain).connect(audio.destination);
      tone.start(audio.currentTime + k * 0.18);
      tone.stop(audio.currentTime + k * 0.18 + 0.32);
    });
    document.body.dataset.chimed = String(Number(document.body.dataset.chimed || 0) + 1);
  } catch (e) { /* no sound device: the tick and the colour say it */ }
}

// ---- screens ------------------------------------------------------------------------------

let ready = false;

function start() {
  flow = "in";
  query = "";
  learnerId = null;
  if (!ready) { ready = true; requestAnimationFrame(() => performance.mark("kiosk-ready")); }
  show("start",
    el("h1", {}, "Xin chào! Xin mời điểm danh"),
    el("p", { className: "big hint" }, "Đưa thẻ vào máy quét, hoặc chạm vào một nút bên dưới."),
    el("div", { className: "choices start-choices" },
      el("button", { className: "primary", id: "start-in", onclick: () => { flow = "in"; findScreen(); } },
        icon("in"), "Điểm danh vào", el("small", {}, "Đến học hoặc đọc sách")),
      el("button", { id: "start-out", onclick: () => { flow = "out"; findScreen(); } },
        icon("out"), "Ra về", el("small", {}, "Kết thúc buổi hôm nay")),
      el("button", { id: "start-register", onclick: registerScreen },
        icon("register"), "Đăng ký mới", el("small", {}, "Lần đầu đến trung tâm"))));
}

function keyboard(onKey) {
  // A to Z in order: easier to find for someone who has never used a computer keyboard.
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".split("");
  return el("div", { className: "keyboard", role: "group", "aria-label": "Bàn phím" },
    letters.map((letter) => el("button", { type: "button", "data-key": letter, onclick: () => onKey(letter) }, letter)),
    el("button", { type: "button", className: "wide", "data-key": "space", onclick: () => onKey(" ") }, "Dấu cách"),
    el("button", { type: "button", className: "wide", "data-key": "back", onclick: () => onKey("back") }, "Xóa 1 chữ"),
    el("button", { type: "button", className: "wide", "data-key": "clear", onclick: () => onKey("clear") }, "Xóa hết"));
}

/// Names found, a few at a time (three on a screen under 900 px tall), with big arrows for the others.
function showPeople(results, pager, people) {
  const size = window.innerHeight < 900 ? 3 : 5;
  let first = 0;
  const draw = () => {
    results.replaceChildren(...people.slice(first, first + size).map((p) =>
      el("button", { type: "button", className: "person", "data-id": p.id, onclick: () => chosen({ learnerId: p.id }, p.displayName) },
        el("span", { className: "who" }, p.displayName), el("br"),
        el("span", { className: "where" }, `Sinh năm ${p.birthYear} · ${p.village}`))));
    pager.replaceChildren(...(people.length > size ? [
      el("button", { type: "button", id: "results-up", disabled: first === 0, "aria-label": "Những tên trước",
                     onclick: () => { first = Math.max(0, first - size); draw(); } }, "▲ Trước"),
      el("button", { type: "button", id: "results-down", disabled: first + size >= people.length, "aria-label": "Những tên sau",
                     onclick: () => { first += size; draw(); } }, "▼ Sau"),
    ] : []));
  };
  draw();
}

function findScreen() {
  query = "";
  const output = el("output", { id: "query" }, "");
  const results = el("div", { className: "results", id: "results" });
  const pager = el("div", { className: "pager" });
  const update = async () => {
    output.textContent = query;
    armIdle();
    const typed = query.trim();
    if (typed.length < 2) {
      results.dataset.key = "";
      pager.replaceChildren();
      results.replaceChildren(el("p", { className: "hint" }, "Gõ ít nhất 2 chữ cái của tên, không cần dấu."));
      return;
    }
    const asked = query;
    let data;
    try { data = await call("GET", `/api/kiosk/search?q=${encodeURIComponent(typed)}`); } catch (e) { return; }
    if (asked !== query) return;  // a newer letter is on its way
    const key = data.items.map((p) => p.id).join(",") || "none";
    if (results.dataset.key === key) return;  // the same people: no flicker under the finger
    results.dataset.key = key;
    if (data.items.length) return showPeople(results, pager, data.items);
    pager.replaceChildren();
    results.replaceChildren(el("p", { className: "hint" }, "Không thấy tên này. Thử gõ tên khác, hoặc chọn Đăng ký mới."));
  };
  show("find",
    el("h1", {}, flow === "in" ? "Gõ tên, rồi chạm vào tên mình" : "Gõ tên, rồi chạm vào tên mình để ra về"),
    el("div", { className: "find" },
      el("div", {},
        el("div", { className: "query" }, output),
        keyboard((key) => {
          if (key === "back") query = query.slice(0, -1);
          else if (key === "clear") query = "";
          else if (query.length < 40) query += key.toLowerCase();
          update();
        }),
      ),
      el("div", { className: "side" }, results, pager,
        el("div", { className: "nav" }, el("button", { type: "button", id: "back", onclick: start }, "Quay lại")))));
  update();
}

/// A learner is known (picked from the list or scanned): check out, or choose what to check in to.
async function chosen(who, name) {
  learnerId = who.learnerId || learnerId;
  if (flow === "out") return checkOut(who);
  let today;
  try { today = await call("GET", "/api/kiosk/today"); } catch (e) { return problem(e); }
  const sessionButtons = today.sessions.map((s) =>
    el("button", { type: "button", className: "primary", "data-session": s.id, onclick: () => checkIn(who, { sessionId: s.id }, s.title) },
      icon("session"), s.title, el("small", {}, `${time(s.startsAt)}–${time(s.endsAt)}${s.place ? " · " + s.place : ""}`)));
  const purposeButtons = today.purposes.map((p) =>
    el("button", { type: "button", "data-purpose": p.code, onclick: () => checkIn(who, { purpose: p.code }, p.label) },
      ICONS[p.code] ? icon(p.code) : null, p.label));
  show("choose",
    el("h1", {}, name ? `Chào ${name}! Hôm nay đến trung tâm để:` : "Hôm nay đến trung tâm để:"),
    sessionButtons.length ? el("div", { className: "choices" }, sessionButtons) : later(today.later || []),
    el("div", { className: "choices" }, purposeButtons),
    el("div", { className: "nav" }, el("button", { type: "button", id: "back", onclick: start }, "Quay lại")));
  requestAnimationFrame(() => performance.mark("kiosk-choose"));
}

/// No class open yet: say when the next of today opens, so someone early knows to wait.
function later(sessions) {
  if (!sessions.length) return el("p", { className: "hint", id: "no-session" }, "Hôm nay chưa có buổi học nào đang mở.");
  const next = sessions[0];
  return el("p", { className: "hint later", id: "next-session" },
    `Buổi "${next.title}" (${time(next.startsAt)}–${time(next.endsAt)}) mở điểm danh lúc ${time(next.opensAt)}. Xin chờ đến giờ đó, hoặc chọn việc khác bên dưới.`);
}

async function checkIn(who, target, label) {
  let answer;
  try { answer = await call("POST", "/api/kiosk/check-ins", { ...who, ...target }); } catch (e) { return problem(e); }
  done("in", answer, label);
}

async function checkOut(who) {
  let answer;
  try { answer = await call("POST", "/api/kiosk/check-outs", who); } catch (e) { return problem(e); }
  done("out", answer);
}

function done(kind, answer, label) {
  chime();
  show("done", el("div", { className: `done ${kind === "in" ? "done-in" : "done-out"}`, id: "done" },
    el("div", { className: "tick", id: "done-tick" }, icon("tick")),
    el("h1", { className: "big" }, kind === "in" ? "Điểm danh thành công" : "Đã ghi nhận ra về"),
    el("p", { className: "name", id: "done-name" }, answer.learner.displayName),
    kind === "in" ? el("p", { className: "big", id: "done-what" }, label) : el("p", { className: "big" }, "Hẹn gặp lại!"),
    el("p", { className: "hours", id: "done-hours" }, `Giờ học năm nay: ${hours(answer.learner.hoursThisYear)}`),
    answer.learner.pointsThisYear === null || answer.learner.pointsThisYear === undefined ? null
      : el("p", { className: "progress", id: "done-progress" }, answer.learner.recognized
        ? `Đã đạt "Công dân học tập" năm nay với ${vnNumber(answer.learner.pointsThisYear)} điểm.`
        : `Điểm "Công dân học tập" năm nay: ${vnNumber(answer.learner.pointsThisYear)}/100.`),
    answer.learner.nextStep && !answer.learner.recognized ? el("p", { className: "next", id: "done-next" }, plain(answer.learner.nextStep)) : null,
    el("button", { type: "button", className: "primary", onclick: start }, "Xong")));
}

function problem(error) {
  if (error.code === "offline") return;
  show("problem", el("h1", {}, "Chưa làm được"), el("p", { className: "message", id: "problem" }, error.message),
    el("div", { className: "nav" }, el("button", { type: "button", className: "primary", onclick: start }, "Về màn hình đầu")));
}

// ---- self-registration: one question a screen, big choices ------------------------------
// Name (the keyboard), birth year (a number pad: the fourth digit goes on by itself), gender and
// village (one tap each goes on), phone (may be skipped), then a summary to agree and send: ten
// taps plus the name. Every step has "Quay lại" to the one before.

const REG_STEPS = ["name", "year", "gender", "village", "phone", "consent"];
const GENDERS = [["male", "Nam"], ["female", "Nữ"], ["other", "Khác"]];

function registerScreen() {
  const form = { fullName: "", birthYear: "", gender: "", villageId: "", villageName: "", phone: "" };
  let villages = null;

  const frame = (step, title, body, { next, problem, action } = {}) => {
    const number = REG_STEPS.indexOf(step) + 1;
    show("register",
      el("h1", {}, el("span", { className: "step" }, `Bước ${number}/${REG_STEPS.length}`), " ", title),
      body,
      problem ? el("p", { className: "message", id: "reg-problem", role: "alert" }, problem) : null,
      el("div", { className: "nav" },
        next ? el("button", { type: "button", className: "primary", id: "reg-next", onclick: next }, "Tiếp", icon("in")) : action,
        el("button", { type: "button", id: "back", onclick: () => (number === 1 ? start() : steps[REG_STEPS[number - 2]]()) },
          icon("back"), "Quay lại")));
    screen.dataset.step = step;
  };

  const digits = (field, max, onFull) => {
    const output = el("output", { id: `reg-${field}` }, form[field]);
    const press = (key) => {
      if (key === "back") form[field] = form[field].slice(0, -1);
      else if (form[field].length < max) form[field] += key;
      output.textContent = form[field];
      armIdle();
      if (onFull && form[field].length === max) onFull();
    };
    return el("div", { className: "digits" }, el("div", { className: "query" }, output),
      el("div", { className: "numpad", role: "group", "aria-label": "Bàn phím số" },
        ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"].map((d) => el("button", { type: "button", "data-key": d, onclick: () => press(d) }, d)),
        el("button", { type: "button", className: "wide", "data-key": "back", onclick: () => press("back") }, "Xóa 1 số")));
  };

  const steps = {
    name(problem) {
      const output = el("output", { id: "reg-name" }, form.fullName);
      frame("name", "Họ và tên là gì?", el("div", { className: "find" },
        el("div", {}, el("div", { className: "query" }, output), keyboard((key) => {
          if (key === "back") form.fullName = form.fullName.slice(0, -1);
          else if (key === "clear") form.fullName = "";
          else if (form.fullName.length < 60) form.fullName += key;
          output.textContent = form.fullName;
          armIdle();
        })),
        el("p", { className: "hint" }, "Gõ không cần dấu. Cán bộ sẽ sửa lại dấu cho đúng.")),
      { problem, next: () => form.fullName.trim().length >= 2 ? steps.year() : steps.name("Xin gõ họ và tên (ít nhất 2 chữ cái).") });
    },
    year(problem) {
      const thisYear = currentYear();
      const check = () => {
        const year = Number(form.birthYear);
        if (year >= 1900 && year <= thisYear) return steps.gender();
        form.birthYear = "";
        steps.year(`Năm sinh ${year} chưa đúng. Xin gõ đủ 4 số, ví dụ 1958.`);
      };
      frame("year", "Sinh năm nào?", el("div", { className: "find" },
        digits("birthYear", 4, check),
        el("p", { className: "hint" }, "Gõ đủ 4 số của năm sinh, ví dụ 1 9 5 8.")), { problem });
    },
    gender() {
      frame("gender", "Là nam hay nữ?", el("div", { className: "choices big-choices" },
        GENDERS.map(([code, label]) => el("button", { type: "button", "data-gender": code, className: form.gender === code ? "primary" : null,
                                                       onclick: () => { form.gender = code; steps.village(); } }, label))));
    },
    async village(problem) {
      if (villages === null) {
        try { villages = (await call("GET", "/api/kiosk/villages")).items; } catch (e) { return problem(e); }
        villages.sort((a, b) => a.name.localeCompare(b.name, "vi", { numeric: true }));
      }
      if (!villages.length) {
        return frame("village", "Ở thôn nào?", el("p", { className: "message", id: "reg-no-villages" },
          "Trung tâm chưa nhập danh sách thôn nên máy chưa đăng ký được. Xin bấm \u201cNhờ cán bộ giúp\u201d ở trên: cán bộ sẽ ghi tên giúp."));
      }
      const results = el("div", { className: "choices villages", id: "villages" });
      const pager = el("div", { className: "pager" });
      const size = window.innerHeight < 600 ? 6 : window.innerHeight < 900 ? 9 : 12;
      let first = Math.max(0, Math.floor(villages.findIndex((v) => v.id === form.villageId) / size) * size);
      const draw = () => {
        results.replaceChildren(...villages.slice(first, first + size).map((v) =>
          el("button", { type: "button", "data-village": v.id, className: form.villageId === v.id ? "primary" : null,
                         onclick: () => { form.villageId = v.id; form.villageName = v.name; steps.phone(); } }, v.name)));
        pager.replaceChildren(...(villages.length > size ? [
          el("button", { type: "button", id: "villages-up", disabled: first === 0, onclick: () => { first -= size; draw(); } }, "▲ Trước"),
          el("button", { type: "button", id: "villages-down", disabled: first + size >= villages.length, onclick: () => { first += size; draw(); } }, "▼ Sau"),
        ] : []));
      };
      draw();
      frame("village", "Ở thôn nào?", el("div", {}, results, pager), { problem });
    },
    phone(problem) {
      frame("phone", "Số điện thoại (nếu có)", el("div", { className: "find" },
        digits("phone", 11),
        el("div", { className: "side" },
          el("p", { className: "hint" }, "Không có thì bấm \u201cBỏ qua\u201d."),
          el("button", { type: "button", id: "reg-skip", onclick: () => { form.phone = ""; steps.consent(); } }, "Bỏ qua"))),
      { problem, next: () => form.phone.length === 0 || form.phone.length >= 9 ? steps.consent()
        : steps.phone("Số điện thoại có 10 số, ví dụ 0912345678. Không có thì bấm \u201cBỏ qua\u201d.") });
    },
    consent(problem) {
      const line = (label, value, step) => el("button", { type: "button", className: "summary-line", "data-edit": step, onclick: () => steps[step]() },
        el("span", {}, label), el("strong", {}, value || "—"));
      frame("consent", "Xem lại rồi gửi", el("div", { className: "summary" },
        line("Họ tên", form.fullName.trim(), "name"), line("Năm sinh", form.birthYear, "year"),
        line("Giới tính", (GENDERS.find(([c]) => c === form.gender) || [])[1], "gender"), line("Thôn", form.villageName, "village"),
        line("Điện thoại", form.phone, "phone"),
        el("p", { className: "hint" }, "Chạm vào một dòng để sửa. Bấm \u201cĐồng ý và gửi\u201d là đồng ý cho trung tâm lưu các thông tin này để ghi việc học (Nghị định 13/2023/NĐ-CP).")),
      { problem, action: el("button", { type: "button", className: "primary", id: "reg-send", onclick: send }, icon("tick"), "Đồng ý và gửi") });
    },
  };

  async function send() {
    try {
      await call("POST", "/api/kiosk/registrations", {
        fullName: form.fullName.trim(), birthYear: Number(form.birthYear) || null, gender: form.gender || null,
        villageId: form.villageId || null, phone: form.phone || null, consent: true,
      });
    } catch (e) {
      if (e.code === "offline") return;
      // Back to the first question the daemon found wrong, its words on the screen.
      const step = { fullName: "name", birthYear: "year", gender: "gender", villageId: "village", phone: "phone" }[e.field] || "consent";
      return steps[step](e.message);
    }
    chime();
    show("done", el("div", { className: "done done-in", id: "done" },
      el("div", { className: "tick" }, icon("tick")),
      el("h1", { className: "big" }, "Đã gửi đăng ký"),
      el("p", { className: "name" }, form.fullName.trim()),
      el("p", { className: "big" }, "Cán bộ trung tâm sẽ xác nhận và cấp thẻ."),
      el("button", { type: "button", className: "primary", onclick: start }, "Xong")));
  }

  steps.name();
}

// ---- the card scanner: keystrokes then Enter, on any screen -------------------------------

let scan = "";
let scanTimer = null;
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter") {
    const code = scan.trim();
    scan = "";
    if (code.length >= 4) {
      event.preventDefault();
      scanned(code);
    }
    return;
  }
  if (event.key.length === 1 && /[A-Za-z0-9-]/.test(event.key)) {
    scan += event.key;
    clearTimeout(scanTimer);
    scanTimer = setTimeout(() => { scan = ""; }, 1000);  // a scanner types a whole code well within a second
  }
});

/// A card was scanned: check out when the learner is on the check-out screen, otherwise greet
/// them by name and let them choose what they came for.
async function scanned(code) {
  performance.mark("kiosk-scanned");
  if (flow === "out" && screen.dataset.screen === "find") return checkOut({ cardCode: code });
  flow = "in";
  let person;
  try { person = await call("GET", `/api/kiosk/card?code=${encodeURIComponent(code)}`); } catch (e) { return problem(e); }
  if (person.inside) return insideScreen(person);
  chosen({ learnerId: person.id }, person.displayName);
}

/// Scanned while already in: leaving is what they most likely came to the kiosk for.
function insideScreen(person) {
  learnerId = person.id;
  show("inside",
    el("h1", {}, `Chào ${person.displayName}!`),
    el("p", { className: "inside", id: "inside-what" }, `Đang ở trung tâm: ${person.inside.label}, từ ${time(person.inside.since)}.`),
    el("div", { className: "choices" },
      el("button", { type: "button", className: "primary", id: "inside-out", onclick: () => checkOut({ learnerId: person.id }) },
        icon("out"), "Ra về", el("small", {}, "Kết thúc buổi hôm nay")),
      el("button", { type: "button", id: "inside-other", onclick: () => chosen({ learnerId: person.id }, person.displayName) },
        "Chuyển sang việc khác", el("small", {}, "Vẫn ở lại trung tâm"))),
    el("div", { className: "nav" }, el("button", { type: "button", id: "back", onclick: start }, "Quay lại")));
}

// ---- "Nhờ cán bộ giúp", on every screen: for someone who cannot read or forgot the card -------

const helpSaid = document.getElementById("help-said");
document.getElementById("help").addEventListener("click", async () => {
  try {
    await call("POST", "/api/kiosk/help", { learnerId, screen: screen.dataset.screen || "" });
  } catch (e) { return; }
  helpSaid.hidden = false;
  setTimeout(() => { helpSaid.hidden = true; }, 8000);
});
helpSaid.addEventListener("pointerdown", () => { helpSaid.hidden = true; });

// Any touch keeps the current screen longer and takes the warning away.
document.addEventListener("pointerdown", armIdle);

// ---- the screen outside opening hours -----------------------------------------------------
// Outside the hours a manager sets (Gửi dữ liệu → giờ bật màn hình) the screen goes dark after a
// minute without a touch; a touch or a scanned card wakes it. The touch that wakes it does
// nothing else.

const SLEEP_AFTER_MS = 60_000;
const sleep = document.getElementById("sleep");
let screenHours = { opensAt: "06:00", closesAt: "21:30" };
let lastTouch = 0;

async function loadScreenHours() {
  try {
    screenHours = await call("GET", "/api/kiosk/screen");
    setZone(screenHours.timeZone);
    soundOn = screenHours.sound !== false;
  } catch (e) { /* keep the last known hours */ }
  document.getElementById("sleep-hours").textContent = `${screenHours.opensAt}–${screenHours.closesAt}`;
  checkSleep();
}

function isOpen(now) {
  const minute = (text) => { const [h, m] = text.split(":").map(Number); return h * 60 + m; };
  const opens = minute(screenHours.opensAt), closes = minute(screenHours.closesAt);
  const m = minuteOfDay(now);
  if (opens === closes) return true;
  return opens < closes ? m >= opens && m < closes : m >= opens || m < closes;
}

function checkSleep() {
  const asleep = !isOpen(new Date()) && Date.now() - lastTouch >= SLEEP_AFTER_MS;
  if (asleep && sleep.hidden) { sleep.hidden = false; start(); }
  if (!asleep && !sleep.hidden) sleep.hidden = true;
}

function wake() { lastTouch = Date.now(); sleep.hidden = true; }
sleep.addEventListener("pointerdown", (event) => { event.preventDefault(); event.stopPropagation(); wake(); }, true);
document.addEventListener("pointerdown", () => { lastTouch = Date.now(); });
document.addEventListener("keydown", () => { if (!sleep.hidden) wake(); else lastTouch = Date.now(); }, true);
setInterval(loadScreenHours, 600_000);
setInterval(checkSleep, 5_000);

// The time, large enough to read from a distance.
const clock = document.getElementById("clock");
const tick = () => { clock.textContent = clockText(); };
tick();
setInterval(tick, 15_000);

start();
loadScreenHours();
