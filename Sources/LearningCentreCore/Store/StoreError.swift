import Foundation
import GRDB

/// Store failures, each telling the person at the box what happened and what to do.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case cannotOpen(path: String, reason: String)
    case damaged(path: String, detail: String)
    case foreignFile(path: String)
    case newerVersion(path: String)
    case backupFailed(target: String, reason: String)
    case restoreRefused(path: String, reason: String)
    /// The nightly full check of the backup just made found damage (the database had it then).
    case nightlyCheckFailed(path: String, detail: String, kept: String)
    /// The daemon is stopping: the database takes no new work.
    case closing
    /// An upgrade of the file found records it could not carry over; the file is left as it was.
    case migrationRefused(reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "không mở được cơ sở dữ liệu \(path): \(reason)"
        case .damaged(let path, let detail):
            return "cơ sở dữ liệu \(path) bị hỏng (\(detail)). Để tránh mất thêm dữ liệu, tệp này không được dùng tiếp "
                + "(máy chủ không chạy với nó, không sao lưu hay xuất từ nó). "
                + "Hãy khôi phục bản sao lưu gần nhất: dừng dịch vụ rồi chạy "
                + "`learning-centre restore TỆP-SAO-LƯU --data THƯ-MỤC-DỮ-LIỆU`, sau đó khởi động lại."
        case .foreignFile(let path):
            return "tệp \(path) không phải cơ sở dữ liệu của learning-centre. Hãy chọn thư mục dữ liệu khác bằng --data."
        case .newerVersion(let path):
            return "cơ sở dữ liệu \(path) được tạo bởi phiên bản learning-centre mới hơn. Hãy cài phiên bản mới hơn."
        case .backupFailed(let target, let reason):
            return "không sao lưu được vào \(target): \(reason)"
        case .restoreRefused(let path, let reason):
            return "không khôi phục từ \(path): \(reason)"
        case .nightlyCheckFailed(let path, let detail, let kept):
            return "kiểm tra đầy đủ đêm nay thấy cơ sở dữ liệu \(path) có lỗi (\(detail)). Bản sao lưu vừa chép được để riêng ở \(kept); "
                + "các bản sao lưu cũ được giữ nguyên, không xóa bản nào. Hãy dừng dịch vụ rồi khôi phục bản sao lưu gần nhất còn tốt: "
                + "`learning-centre restore TỆP-SAO-LƯU --data THƯ-MỤC-DỮ-LIỆU` (lệnh này kiểm tra tệp trước khi thay)."
        case .closing:
            return "máy chủ đang dừng nên không nhận thêm việc; hãy thử lại khi máy chủ chạy lại."
        case .migrationRefused(let reason):
            return "không nâng cấp được cơ sở dữ liệu: \(reason) Tệp được giữ nguyên như trước. "
                + "Hãy cài lại phiên bản trước để máy chạy tiếp, rồi gửi tệp cho người hỗ trợ kỹ thuật."
        }
    }

    /// SQLite's words for an error, with its code, never the bound values.
    package static func describe(_ error: Error) -> String {
        if let db = error as? DatabaseError {
            switch db.resultCode {
            case .SQLITE_FULL: return "ổ đĩa đã đầy (SQLITE_FULL). Hãy giải phóng dung lượng."
            case .SQLITE_READONLY: return "thư mục dữ liệu chỉ cho đọc (SQLITE_READONLY). Hãy kiểm tra quyền ghi."
            case .SQLITE_CANTOPEN: return "không mở được tệp (SQLITE_CANTOPEN). Hãy kiểm tra thư mục và quyền truy cập."
            case .SQLITE_NOTADB: return "tệp không phải cơ sở dữ liệu SQLite (SQLITE_NOTADB)."
            default: return "\(db.message ?? "lỗi SQLite") (mã \(db.extendedResultCode.rawValue))"
            }
        }
        if let system = error as? SystemError { return system.description }
        if let store = error as? StoreError { return store.description }
        if let domain = error as? DomainError { return domain.message }
        if let refused = error as? BundleRefused { return refused.description }
        return "\(error)"
    }
}
