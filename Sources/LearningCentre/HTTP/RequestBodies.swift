import Foundation
import LearningCentreCore
import Glibc
import Synchronization

/// What a route does with a request body, decided from the request's first line before any
/// of the body is read.
public enum BodyPolicy: Sendable, Equatable {
    /// Takes none: a body is refused at the headers (413).
    case none
    /// Read into memory, up to `limit` bytes, within the server's budget for all bodies at once.
    case memory(limit: Int)
    /// Streamed into a new file in `directory` (never into memory), up to `limit` bytes.
    case file(limit: Int, directory: String)
}

/// Bytes a server may hold in memory for all the bodies it is reading at once: a stranger
/// opening many requests and never finishing them gets 503, not the box's memory.
final class BodyBudget: Sendable {
    let limit: Int
    private let used = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    /// Takes `bytes` from the budget, or nothing when there is not that much left.
    func reserve(_ bytes: Int) -> Bool {
        guard bytes > 0 else { return true }
        var current = used.load(ordering: .relaxed)
        while true {
            guard current + bytes <= limit else { return false }
            let (exchanged, original) = used.compareExchange(expected: current, desired: current + bytes, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
    }

    func release(_ bytes: Int) { if bytes > 0 { used.subtract(bytes, ordering: .relaxed) } }

    var inUse: Int { used.load(ordering: .relaxed) }
}

/// A body being written to disk: the only owner of its descriptor. The file is hidden (its
/// name starts with a dot) until a handler takes it; one nobody took is removed.
final class UploadFile {
    let path: String
    private var fd: Int32
    private(set) var bytes = 0

    init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = (directory as NSString).appendingPathComponent(".upload-" + RecordID.new())
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError.posix("không tạo được tệp nhận dữ liệu") }
    }

    deinit {
        if fd >= 0 { close(fd) }
        unlink(path)  // harmless once a handler has moved it away
    }

    func write(_ data: UnsafeRawBufferPointer) throws {
        try FileSync.writeAll(fd, data, what: "dữ liệu nhận")
        bytes += data.count
    }

    /// Syncs and closes the file for a handler to move.
    func finish() throws -> String {
        guard fsync(fd) == 0 else { throw SystemError.posix("không ghi được dữ liệu nhận xuống đĩa") }
        close(fd)
        fd = -1
        return path
    }
}

extension HTTPServer {
    static func tooLarge(_ limit: Int) -> HTTPResponse {
        let size = limit >= 1 << 20 ? "\(limit >> 20) MiB" : "\(max(limit >> 10, 1)) KiB"
        return HTTPError(413, "body_too_large", "Dữ liệu gửi lên quá lớn (giới hạn \(size)). Hãy chia nhỏ tệp rồi gửi lại.").response
    }

    static let bodyNotTaken = HTTPError(413, "body_not_expected",
                                        "Địa chỉ này không nhận dữ liệu gửi kèm. Hãy gửi lại yêu cầu mà không kèm dữ liệu.").response

    static var busy: HTTPResponse {
        var response = HTTPError(503, "busy", "Máy đang nhận quá nhiều dữ liệu cùng lúc. Hãy thử lại sau ít giây.").response
        response.setHeader("Retry-After", "5")
        return response
    }

    /// Decides at the headers what happens to the body: nil to go on reading, or the answer
    /// that refuses it now (too large, not taken, no memory or disk to spare).
    func admitBody(_ state: RequestState, policy: BodyPolicy, declared: Int?, chunked: Bool) -> HTTPResponse? {
        let hasBody = (declared ?? 0) > 0 || chunked
        switch policy {
        case .none:
            return hasBody ? HTTPServer.bodyNotTaken : nil
        case .memory(let limit):
            state.limit = limit
            if let declared, declared > limit { return HTTPServer.tooLarge(limit) }
            if let declared, declared > 0 {
                guard bodyBudget.reserve(declared) else { return HTTPServer.busy }
                state.reserved = declared
            }
            return nil
        case .file(let limit, let directory):
            state.limit = limit
            if let declared, declared > limit { return HTTPServer.tooLarge(limit) }
            guard hasBody else { return nil }
            guard uploadSlots.reserve(1) else { return HTTPServer.busy }
            state.holdsUploadSlot = true
            guard let file = try? UploadFile(directory: directory) else { return HTTPServer.busy }
            state.file = file
            return nil
        }
    }

    /// Takes one piece of the body: into its file or into memory within the budget; an answer
    /// when the piece breaks a limit (sent at once: the rest is never read).
    func takeBody(_ state: RequestState, _ piece: UnsafeRawBufferPointer) -> HTTPResponse? {
        if let file = state.file {
            guard file.bytes + piece.count <= state.limit else { return HTTPServer.tooLarge(state.limit) }
            do { try file.write(piece) } catch { return HTTPServer.busy }
            return nil
        }
        guard state.body.count + piece.count <= state.limit else { return HTTPServer.tooLarge(state.limit) }
        let needed = state.body.count + piece.count - state.reserved
        if needed > 0 {
            guard bodyBudget.reserve(needed) else { return HTTPServer.busy }
            state.reserved += needed
        }
        state.body.append(contentsOf: piece.bindMemory(to: UInt8.self))
        return nil
    }

    /// Gives back what a finished request held.
    func releaseBody(_ state: RequestState) {
        bodyBudget.release(state.reserved)
        state.reserved = 0
        if state.holdsUploadSlot { uploadSlots.release(1); state.holdsUploadSlot = false }
        state.file = nil
    }
}
