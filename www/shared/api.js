// One way to call the daemon's JSON API, for the manager pages and the kiosk: JSON in, JSON out,
// the contract's {"error": {"code", "message", "field"?}} turned into an ApiError.
export class ApiError extends Error {
  constructor(status, body, fallback = `Máy chủ trả lỗi ${status}.`) {
    const error = (body && body.error) || {};
    super(error.message || fallback);
    this.status = status;
    this.code = error.code || (status ? String(status) : "unknown");
    this.field = error.field || null;
    this.details = error;
  }
}

/// `offlineMessage` is the error's message when the daemon cannot be reached (status 0, code "offline").
export async function request(method, path, body, { headers = {}, contentType = "application/json", offlineMessage, fallback } = {}) {
  let payload;
  if (body !== undefined) {
    headers = { ...headers, "Content-Type": contentType };
    payload = contentType === "application/json" ? JSON.stringify(body) : body;
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: "same-origin" });
  } catch (e) {
    throw new ApiError(0, { error: { code: "offline", message: offlineMessage || "offline" } });
  }
  if (response.status === 204) return null;
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  if (!response.ok) throw new ApiError(response.status, data, fallback);
  return data;
}
