// Talks to the daemon's JSON API. Keeps the CSRF token of the login for requests that change data.
let csrfToken = null;

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `Máy chủ trả lỗi ${status}.`);
    this.status = status;
    this.code = error.code || "unknown";
    this.field = error.field || null;
    this.details = error;
  }
}

export function setCsrf(token) { csrfToken = token; }

export async function api(method, path, body, contentType = "application/json") {
  const headers = {};
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let payload;
  if (body !== undefined) {
    headers["Content-Type"] = contentType;
    payload = contentType === "application/json" ? JSON.stringify(body) : body;
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: "same-origin" });
  } catch (e) {
    throw new ApiError(0, { error: { code: "offline", message: "Không kết nối được máy chủ của trung tâm. Hãy kiểm tra máy chủ đã bật chưa rồi thử lại." } });
  }
  if (response.status === 204) return null;
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export const labels = {
  gender: { male: "Nam", female: "Nữ", other: "Khác" },
  category: { worker: "Người lao động", official: "Cán bộ, công chức", student: "Học sinh, sinh viên", elderly: "Người cao tuổi", other: "Khác" },
  targetGroup: { farmer: "Nông dân, lao động nông thôn", worker: "Công nhân, thợ thủ công", official: "Cán bộ, trí thức", other: "Khác" },
  unitKind: { school: "Trường học", healthStation: "Trạm y tế", communeOffice: "UBND xã", other: "Khác" },
  sessionCategory: { it: "Tin học, kỹ năng số", language: "Ngoại ngữ", agriculture: "Nông nghiệp", law: "Pháp luật",
    health: "Sức khỏe", literacy: "Xóa mù chữ", culture: "Văn hóa", other: "Khác" },
  sessionStatus: { planned: "Sắp diễn ra", open: "Đang mở điểm danh", closed: "Đã kết thúc", cancelled: "Đã hủy" },
  purpose: { reading: "Đọc sách, thư viện", club: "Sinh hoạt câu lạc bộ", selfStudy: "Tự học" },
  skills: { none: "Chưa có", basic: "Cơ bản", proficient: "Thành thạo" },
};
