// Talks to the daemon's JSON API. Keeps the CSRF token of the login for requests that change data.
import { ApiError, request } from "/shared/api.js";

let csrfToken = null;

export { ApiError };

export function setCsrf(token) { csrfToken = token; }

// Each page drawn from the address counts one; a page's read answered after the user went on to
// another page is never answered, so a slow list cannot draw itself over the page now shown.
// Writes always answer (their outcome is said wherever one is), and so do `readAlways`'s reads
// (the menu's status, which no page owns).
let page = 0;

export function newPage() { page += 1; }

export async function api(method, path, body, contentType = "application/json") {
  const startedOn = page;
  const answer = send(method, path, body, contentType);
  if (method !== "GET") return answer;
  const left = () => startedOn !== page;
  return answer.then((value) => left() ? new Promise(() => {}) : value,
    (error) => left() ? new Promise(() => {}) : Promise.reject(error));
}

export function readAlways(path) { return send("GET", path); }

function send(method, path, body, contentType = "application/json") {
  const headers = method !== "GET" && csrfToken ? { "X-CSRF-Token": csrfToken } : {};
  return request(method, path, body, { headers, contentType,
    offlineMessage: "Không kết nối được máy chủ của trung tâm. Hãy kiểm tra máy chủ đã bật chưa rồi thử lại." });
}

// The words for every code (gender, categories, purposes, statuses…), from the daemon's one
// source (GET /api/labels), loaded once at sign-in before any page is drawn.
export const labels = {};

export async function loadLabels() { Object.assign(labels, await api("GET", "/api/labels")); }

/// A category's or a visit purpose's words (hours are kept by both).
export function hourLabel(code) { return labels.sessionCategory[code] || labels.purpose[code] || code; }
