import Foundation
import GRDB

extension Store {
    /// One write, atomic on its own (a savepoint inside a BEGIN IMMEDIATE transaction), durable
    /// when this returns; concurrent writes share the commit (see `GroupCommit`). Failures of
    /// the disk become answers a person can act on; anything else becomes a logged 500.
    /// `urgent` (a check-in at the kiosk) goes first into the next commit when many writes wait.
    public func write<T>(urgent: Bool = false, _ body: (Database) throws -> T) throws -> T {
        do {
            return try guarded { try groupCommit.run(urgent: urgent, body) }
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_FULL:
                throw DomainError(.unavailable, "disk_full", "Ổ đĩa của máy trung tâm đã đầy nên chưa lưu được. Hãy báo người phụ trách giải phóng dung lượng; dữ liệu cũ vẫn an toàn.")
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                throw DomainError(.unavailable, "busy", "Máy đang bận ghi dữ liệu khác. Hãy thử lại sau vài giây.")
            case .SQLITE_READONLY, .SQLITE_IOERR:
                throw DomainError(.unavailable, "storage_unavailable", "Không ghi được vào ổ đĩa (chỉ đọc hoặc lỗi đĩa). Hãy báo người phụ trách kiểm tra máy.")
            default:
                throw error
            }
        }
    }

    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try guarded { try pool.read(body) }
    }
}
