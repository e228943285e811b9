// Talks to the daemon's JSON API. Keeps the CSRF token of the login for requests that change data.
import { ApiError, request } from "/shared/api.js";

let csrfToken = null;

export { ApiError };

export function setCsrf(token) { csrfToken = token; }

export async function api(method, path, body, contentType = "application/json") {
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
