import Foundation

/// An OS-level failure, worded for the person at the box.
public struct SystemError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension SystemError {
    /// "<what>: <what it means, in Vietnamese> (<strerror>, errno N)" for the errno just set.
    package static func posix(_ what: String) -> SystemError {
        let code = errno
        let meaning: String
        switch code {
        case ENOSPC, EFBIG, EDQUOT: meaning = "ổ đĩa đã đầy; hãy giải phóng dung lượng rồi thử lại"
        case EACCES, EPERM: meaning = "không có quyền ghi vào đây"
        case EROFS: meaning = "ổ đĩa chỉ cho đọc (có thể do lỗi đĩa); hãy báo người phụ trách kiểm tra máy"
        case EIO: meaning = "lỗi đọc/ghi của ổ đĩa; hãy báo người phụ trách kiểm tra máy"
        case ENOENT: meaning = "không có tệp hoặc thư mục này"
        default: meaning = "lỗi hệ thống"
        }
        return SystemError("\(what): \(meaning) (\(String(cString: strerror(code))), errno \(code))")
    }
}
