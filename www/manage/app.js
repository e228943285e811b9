// The manager pages: a login, then today, the calendar and sessions, learners and their groups,
// by hash route.
import { api, readAlways, setCsrf, loadLabels, newPage } from "./api.js";
import { h, show, notice } from "./dom.js";
import { learnersView, learnerForm } from "./learners.js";
import { groupsView, groupForm, groupKinds } from "./groups.js";
import { sessionForm, attendanceView } from "./sessions.js";
import { calendarView } from "./calendar.js";
import { todayView } from "./today.js";
import { officersView } from "./officers.js";
import { activitiesView } from "./activities.js";
import { dashboardView, targetListView } from "./dashboard.js";
import { titlesView, scoresView } from "./titles.js";
import { exportsView } from "./exports.js";
import { centresView } from "./centres.js";
import { rulesetsView } from "./rulesets.js";
import { registrationsView } from "./registrations.js";
import { yearsView } from "./years.js";
import { setZone } from "/shared/zone.js";
import { setUser, setProvince, isProvince } from "./session.js";


async function start() {
  try {
    const me = await api("GET", "/api/auth/me");
    await signedIn(me);
    await loadLabels();
  } catch (error) {
    if (error.status === 401) return loginView();
    show(h("p", { className: "notice bad" }, error.message));
    return;
  }
  window.addEventListener("hashchange", route);
  route();
  if (!isProvince()) watchClock();
}

/// Warns staff when the box's clock is behind its records or jumped back (flat RTC battery),
/// and when its disk is nearly full, before writes start to fail; counts the kiosk's
/// registrations waiting on the menu.
async function watchClock() {
  await refreshStatus();
  setTimeout(watchClock, 60_000);
}

async function refreshStatus() {
  try {
    const status = await readAlways("/api/system/status");
    const warnings = [status.clockWarning, status.diskWarning].filter(Boolean);
    const banner = document.getElementById("clock-warning");
    banner.hidden = warnings.length === 0;
    banner.textContent = warnings.join(" ");
    const pending = document.getElementById("pending-count");
    pending.hidden = !status.pendingRegistrations;
    pending.textContent = String(status.pendingRegistrations || "");
    pending.setAttribute("aria-label", `${status.pendingRegistrations} người chờ duyệt`);
  } catch (e) { /* shown by the next request */ }
}
// A registration approved, merged or rejected: the count follows at once.
document.addEventListener("registrations-changed", refreshStatus);

async function signedIn(me) {
  setUser(me.user);
  setCsrf(me.csrfToken);
  setZone(me.timeZone);
  document.getElementById("menu").hidden = false;
  // The association's daemon serves the same pages: it shows its centres instead of an export.
  // On PostgreSQL (a province) it serves only the year's pages and its centres.
  try {
    const health = await api("GET", "/api/health");
    setProvince(health.store === "postgresql");
    document.querySelectorAll("#menu a").forEach((a) => {
      a.hidden = Boolean(a.dataset.role && a.dataset.role !== health.role) || (isProvince() && !("province" in a.dataset));
    });
  } catch (e) { /* the pages say what fails */ }
  document.getElementById("who").replaceChildren(
    h("span", {}, `${me.user.username} (${me.user.role === "manager" ? "quản lý" : "cán bộ"})`),
    h("button", { type: "button", onclick: logout }, "Đăng xuất"));
}

async function logout() {
  try { await api("POST", "/api/auth/logout"); } catch (e) { /* the session may already be gone */ }
  location.hash = "";
  location.reload();
}

async function loginView() {
  let setupHint = null;
  try {
    const health = await api("GET", "/api/health");
    if (health.setupNeeded) {
      setupHint = h("div", { className: "warn" },
        h("strong", {}, "Chưa có tài khoản quản lý. "),
        "Trên máy chủ, tạo tài khoản đầu tiên bằng lệnh: ",
        h("code", {}, "learning-centre user add quanly --role manager --password-stdin"));
    }
  } catch (e) { /* the login below shows the error */ }
  const form = h("form", { className: "panel login", id: "login-form" },
    h("h1", {}, "Đăng nhập"),
    setupHint,
    h("label", {}, "Tên đăng nhập", h("input", { name: "username", autocomplete: "username", required: true, autofocus: true })),
    h("label", {}, "Mật khẩu", h("input", { name: "password", type: "password", autocomplete: "current-password", required: true })),
    h("div", { className: "actions" }, h("button", { type: "submit" }, "Đăng nhập")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      const me = await api("POST", "/api/auth/login", { username: data.get("username"), password: data.get("password") });
      notice("");
      await signedIn(me);
      await loadLabels();
      window.addEventListener("hashchange", route);
      if (!location.hash) location.hash = isProvince() ? "#/dashboard" : "#/today"; else route();
      if (!isProvince()) watchClock();
    } catch (error) {
      notice(error.message, true);
    }
  });
  show(form);
}

async function route() {
  newPage();
  const [path, query] = location.hash.replace(/^#\/?/, "").split("?");
  const parts = path.split("/").filter(Boolean);
  const params = new URLSearchParams(query || "");
  document.querySelectorAll("#menu a").forEach((a) => a.classList.toggle("active", a.getAttribute("href") === `#/${parts[0] || "today"}`));
  try {
    if (isProvince() && !["dashboard", "titles", "centres", "reports"].includes(parts[0])) return await dashboardView(params);
    if (parts.length === 0 || parts[0] === "today") return await todayView();
    if (parts[0] === "officers") return await officersView(params);
    if (parts[0] === "activities") return await activitiesView(params);
    if (parts[0] === "dashboard") return await dashboardView(params);
    if (parts[0] === "reports" && parts[1]) return await targetListView(decodeURIComponent(parts[1]), params);
    if (parts[0] === "titles") return await titlesView(params);
    if (parts[0] === "years") return await yearsView();
    if (parts[0] === "scores") return await scoresView(params);
    if (parts[0] === "rulesets") return await rulesetsView();
    if (parts[0] === "exports") return await exportsView();
    if (parts[0] === "centres") return await centresView();
    if (parts[0] === "learners") {
      if (parts[1] === "new") return await learnerForm(null);
      if (parts[1]) return await learnerForm(decodeURIComponent(parts[1]));
      return await learnersView();
    }
    if (parts[0] === "sessions") {
      if (parts[1] === "new") return await sessionForm(null, params);
      if (parts[1] && parts[2] === "edit") return await sessionForm(decodeURIComponent(parts[1]));
      if (parts[1]) return await attendanceView(decodeURIComponent(parts[1]));
      return await calendarView(params);
    }
    if (parts[0] === "registrations") return await registrationsView();
    if (groupKinds[parts[0]]) {
      if (parts[1] === "new") return await groupForm(parts[0], null);
      if (parts[1]) return await groupForm(parts[0], decodeURIComponent(parts[1]));
      return await groupsView(parts[0]);
    }
    show(h("p", {}, "Không có trang này. ", h("a", { href: "#/today" }, "Về trang hôm nay")));
  } catch (error) {
    if (error.status === 401) return loginView();
    notice(error.message, true);
  }
}

start();
