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
