import CMicroHTTPD
import Foundation
import LearningCentreCore
import Glibc
import Synchronization

/// Answers requests. Called on libmicrohttpd's pool threads, so it must be thread-safe.
public protocol HTTPResponder: AnyObject, Sendable {
    func respond(to request: HTTPRequest) -> HTTPResponse
    /// What the route of `method` and `path` (as sent) does with a body, and whether answering
    /// may block (a write waiting for fsync, a long computation), asked once at the headers.
    func plan(method: String, path: String) -> RequestPlan
}

/// How the server reads and answers one request, decided at its headers.
public struct RequestPlan: Sendable, Equatable {
    public var body: BodyPolicy
    /// Answered on a worker (the polling thread goes on serving its other connections).
    public var onWorker: Bool
}

public struct HTTPServerConfig: Sendable {
    public var bindAddress = "127.0.0.1"
    public var port: UInt16 = 8080
    /// libmicrohttpd's polling threads: they read requests and run the quick (read-only)
    /// handlers, so one per core; more only adds switching.
    public var threads: UInt32 = UInt32(max(2, ProcessInfo.processInfo.activeProcessorCount))
    /// Threads for handlers that may block on the disk (writes, logins). A write waits on its
    /// thread for the group commit, so this many writes can share one commit.
    public var workers = 32
    public var connectionTimeoutSeconds: UInt32 = 30
    /// Connections at once from addresses other than the kiosk's (see `ConnectionGuard`).
    public var connectionLimit = 4000
    public var connectionsPerAddress = 64
    /// Addresses the kiosk uses: slots kept for them when strangers fill the rest.
    public var kioskAddresses: Set<String> = ["127.0.0.1", "::1"]
    /// Seconds a client has to send a request's headers.
    public var headerDeadline: Double = 10
    /// libmicrohttpd's memory for one connection's headers and buffers (its default), which it
    /// zeroes again before each request on the connection: at 128 KiB that was 3% of the CPU a
    /// registration costs.
    public var memoryLimitPerConnection = 32 * 1024
    /// Bytes of bodies held in memory at once, all requests together (each is ≤ its route's limit).
    public var bodyBudget = 32 << 20
    /// Bodies streamed to disk at once.
    public var uploadsAtOnce = 4
    public init() {}
}

/// Owns the libmicrohttpd daemon: the only place that calls it. A body is admitted or refused
/// at the headers by its route's policy, read into memory within a budget or streamed to a
/// file; the request is answered by the responder on the pool thread that read it (or on a
/// worker when it may block), and the answer copied out.
public final class HTTPServer: @unchecked Sendable {
    public let config: HTTPServerConfig
    private let responder: HTTPResponder
    private var daemon: OpaquePointer?
    /// Requests begun and not yet completed (the stop sequence waits for these).
    let inFlight = AtomicCounter()
    private let stopping = Atomic<Bool>(false)
    public private(set) var boundPort: UInt16 = 0
    let workers: WorkerPool
    let bodyBudget: BodyBudget
    let uploadSlots: BodyBudget
    let guardian: ConnectionGuard

    public init(config: HTTPServerConfig, responder: HTTPResponder) {
        self.config = config
        self.responder = responder
        self.workers = WorkerPool(threads: config.workers, name: "http-worker")
        self.bodyBudget = BodyBudget(limit: config.bodyBudget)
        self.uploadSlots = BodyBudget(limit: config.uploadsAtOnce)
        self.guardian = ConnectionGuard(limits: .init(total: config.connectionLimit, perAddress: config.connectionsPerAddress,
                                                      headerDeadline: config.headerDeadline),
                                        kioskAddresses: config.kioskAddresses)
    }

    deinit { stop() }

    /// Binds and starts serving. Throws with the address and the OS's reason when it cannot.
    public func start() throws {
        var storage = sockaddr_storage()
        var flags = UInt32(MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_EPOLL.rawValue | MHD_USE_ITC.rawValue
                           | MHD_ALLOW_SUSPEND_RESUME.rawValue)
        let isIPv6 = config.bindAddress.contains(":")
        try withUnsafeMutableBytes(of: &storage) { raw in
            if isIPv6 {
                let sin6 = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in6.self)
                sin6.pointee.sin6_family = sa_family_t(AF_INET6)
                sin6.pointee.sin6_port = config.port.bigEndian
                guard inet_pton(AF_INET6, config.bindAddress, &sin6.pointee.sin6_addr) == 1 else {
                    throw SystemError("địa chỉ lắng nghe không hợp lệ: \(config.bindAddress)")
                }
            } else {
                let sin = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in.self)
                sin.pointee.sin_family = sa_family_t(AF_INET)
                sin.pointee.sin_port = config.port.bigEndian
                guard inet_pton(AF_INET, config.bindAddress, &sin.pointee.sin_addr) == 1 else {
                    throw SystemError("địa chỉ lắng nghe không hợp lệ: \(config.bindAddress)")
                }
            }
        }
        if isIPv6 { flags |= UInt32(MHD_USE_IPv6.rawValue) }
        let context = Unmanaged.passUnretained(self).toOpaque()
        let started: OpaquePointer? = withUnsafePointer(to: &storage) { address in
            let args: [CVarArg] = [
                MHD_OPTION.SOCK_ADDR.rawValue, OpaquePointer(address),
                MHD_OPTION.THREAD_POOL_SIZE.rawValue, config.threads,
                MHD_OPTION.CONNECTION_TIMEOUT.rawValue, config.connectionTimeoutSeconds,
                // The guard decides who gets in; this is only libmicrohttpd's own ceiling above it.
                MHD_OPTION.CONNECTION_LIMIT.rawValue, UInt32(guardian.limits.total + guardian.limits.kioskReserve + 64),
                MHD_OPTION.CONNECTION_MEMORY_LIMIT.rawValue, config.memoryLimitPerConnection,
                MHD_OPTION.LISTEN_BACKLOG_SIZE.rawValue, UInt32(1024),
                MHD_OPTION.NOTIFY_COMPLETED.rawValue, unsafeBitCast(HTTPServer.completed, to: OpaquePointer.self), OpaquePointer(context),
                MHD_OPTION.NOTIFY_CONNECTION.rawValue, unsafeBitCast(HTTPServer.connectionEvent, to: OpaquePointer.self), OpaquePointer(context),
                MHD_OPTION.UNESCAPE_CALLBACK.rawValue, unsafeBitCast(HTTPServer.keepEscaped, to: OpaquePointer.self), OpaquePointer(context),
                MHD_OPTION.END.rawValue,
            ]
            return withVaList(args) { list in
                MHD_start_daemon_va(flags, config.port, HTTPServer.acceptPolicy, context, HTTPServer.access, context, list)
            }
        }
        guard let started else {
            let code = errno
            throw SystemError("không mở được cổng \(config.bindAddress):\(config.port): \(String(cString: strerror(code))) (errno \(code)). "
                + "Có thể một chương trình khác đang dùng cổng này; hãy dừng nó hoặc chọn --port khác.")
        }
        daemon = started
        boundPort = lc_mhd_bound_port(started)
        guardian.startSweeping()
    }

    /// Stops accepting new connections; requests already read are still answered.
    public func beginStopping() {
        stopping.store(true, ordering: .relaxed)
        if let daemon { _ = MHD_quiesce_daemon(daemon) }
    }

    /// Waits up to `seconds` for requests in flight, then closes every connection.
    public func finish(within seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while inFlight.current > 0 && Date() < deadline { usleep(10_000) }
        stop()
    }

    /// Ends the worker threads once their jobs are done (each resumes its connection: libmicrohttpd
    /// must not stop with one suspended), then closes every connection and libmicrohttpd's threads.
    public func stop() {
        guardian.stop()
        workers.stop()
        if let daemon {
            self.daemon = nil
            MHD_stop_daemon(daemon)
        }
    }

    var isStopping: Bool { stopping.load(ordering: .relaxed) }

    func answer(_ request: HTTPRequest) -> HTTPResponse {
        if isStopping {
            return HTTPError(503, "stopping", "Máy chủ đang tắt hoặc khởi động lại. Hãy thử lại sau ít giây.").response
        }
        return responder.respond(to: request)
    }
}

/// One request being read: its body so far (in memory, or its file), what it holds of the
/// server's budgets, and the answer a worker made while the connection was suspended.
final class RequestState: @unchecked Sendable {
    var body: [UInt8] = []
    var limit = 0
    /// Bytes of the memory budget held.
    var reserved = 0
    var holdsUploadSlot = false
    var file: UploadFile?
    /// The answer to a body that broke a limit part-way; what follows is passed over, not kept.
    var refusal: HTTPResponse?
    var discarded = 0
    var suspended = false
    /// Answered on a worker (`RequestPlan.onWorker`).
    var onWorker = false
    /// Written by a worker before it resumes the connection; read after the resume.
    var answer: HTTPResponse?
}

extension HTTPServer {
    /// libmicrohttpd calls this once for the headers, once per body chunk, and once at the end.
    static let access: MHD_AccessHandlerCallback = { cls, connection, url, method, _, uploadData, uploadSize, conCls in
        guard let cls, let connection, let conCls, let uploadSize else { return .NO }
        let server = Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue()
        if conCls.pointee == nil {
            server.guardian.requestBegan(UInt(bitPattern: connection))
            let state = RequestState()
            conCls.pointee = Unmanaged.passRetained(state).toOpaque()
            server.inFlight.increment()
            let plan = server.responder.plan(method: method.map { String(cString: $0) } ?? "GET", path: url.map { String(cString: $0) } ?? "/")
            state.onWorker = plan.onWorker
            let declared = lookupHeader(connection, "Content-Length").flatMap { Int($0) }
            let chunked = lookupHeader(connection, "Transfer-Encoding") != nil
            if let refusal = server.admitBody(state, policy: plan.body, declared: declared, chunked: chunked) {
                return queue(connection, refusal)
            }
            return .YES
        }
        let state = Unmanaged<RequestState>.fromOpaque(conCls.pointee!).takeUnretainedValue()
        if uploadSize.pointee > 0 {
            let count = uploadSize.pointee
            uploadSize.pointee = 0
            guard let uploadData else { return .YES }
            if state.refusal != nil {
                // libmicrohttpd answers only once the body is read: a little more is passed over
                // so that an honest client gets its 413; a flood is cut off.
                state.discarded += count
                return state.discarded > max(state.limit, 1 << 20) ? .NO : .YES
            }
            if let refusal = server.takeBody(state, UnsafeRawBufferPointer(start: uploadData, count: count)) {
                server.releaseBody(state)
                state.body = []
                state.refusal = refusal
            }
            return .YES
        }
        if let refusal = state.refusal { return queue(connection, refusal) }
        if state.suspended {
            // Called again after the worker resumed the connection.
            guard let answer = state.answer else { return .YES }
            state.answer = nil
            return queue(connection, answer)
        }
        var reading = HTTPRequest(
            method: method.map { String(cString: $0) } ?? "GET",
            path: url.map { String(cString: $0) } ?? "/",
            query: values(connection, .GET_ARGUMENT_KIND, decodeQuery: true),
            headers: values(connection, .HEADER_KIND, decodeQuery: false),
            body: state.body,
            clientAddress: clientAddress(connection))
        state.body = []
        if let file = state.file {
            do { reading.bodyFile = try file.finish() } catch { return queue(connection, HTTPServer.busy) }
        }
        let request = reading
        if state.onWorker && !server.isStopping {
            // Hand the request to a worker; this polling thread goes on serving other connections.
            state.suspended = true
            MHD_suspend_connection(connection)
            let handle = UnsafeSendable(connection)
            server.workers.submit {
                state.answer = server.responder.respond(to: request)
                MHD_resume_connection(handle.value)
            }
            return .YES
        }
        return queue(connection, server.answer(request))
    }

    /// Releases the per-request state, however the request ended.
    static let completed: MHD_RequestCompletedCallback = { cls, connection, conCls, _ in
        guard let cls, let conCls, let pointer = conCls.pointee else { return }
        let server = Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue()
        if let connection { server.guardian.requestEnded(UInt(bitPattern: connection)) }
        server.releaseBody(Unmanaged<RequestState>.fromOpaque(pointer).takeUnretainedValue())
        Unmanaged<RequestState>.fromOpaque(pointer).release()
        conCls.pointee = nil
        server.inFlight.decrement()
    }

    /// Asked before a connection is taken: the guard's per-address cap and kiosk reserve.
    static let acceptPolicy: MHD_AcceptPolicyCallback = { cls, address, _ in
        guard let cls, let address else { return .NO }
        let server = Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue()
        return server.guardian.admit(addressText(address)) ? .YES : .NO
    }

    /// A connection opened or closed: the guard's records of who holds what.
    static let connectionEvent: MHD_NotifyConnectionCallback = { cls, connection, _, event in
        guard let cls, let connection else { return }
        let server = Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue()
        if event.rawValue == 0 {  // MHD_CONNECTION_NOTIFY_STARTED
            server.guardian.opened(UInt(bitPattern: connection), address: clientAddress(connection), fd: lc_mhd_connection_fd(connection))
        } else {
            server.guardian.closed(UInt(bitPattern: connection))
        }
    }

    /// Leaves the URL as sent so that the static-file guard sees "%2e%2e" and "%2f" for what they are.
    static let keepEscaped: @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, UnsafeMutablePointer<CChar>?) -> Int = { _, _, text in
        guard let text else { return 0 }
        return strlen(text)
    }

    static func queue(_ connection: OpaquePointer, _ response: HTTPResponse) -> MHD_Result {
        let handle: OpaquePointer? = response.body.withUnsafeBytes { bytes in
            MHD_create_response_from_buffer(bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress),
                                            .RESPMEM_MUST_COPY)
        }
        guard let handle else { return .NO }
        defer { MHD_destroy_response(handle) }
        for (name, value) in response.headers + HTTPResponse.securityHeaders {
            _ = MHD_add_response_header(handle, name, value)
        }
        return MHD_queue_response(connection, UInt32(response.status), handle)
    }

    static func lookupHeader(_ connection: OpaquePointer, _ name: String) -> String? {
        MHD_lookup_connection_value(connection, .HEADER_KIND, name).map { String(cString: $0) }
    }

    final class ValueBox {
        var values: [String: String] = [:]
        let decode: Bool
        init(decode: Bool) { self.decode = decode }
    }

    static func values(_ connection: OpaquePointer, _ kind: MHD_ValueKind, decodeQuery: Bool) -> [String: String] {
        let box = ValueBox(decode: decodeQuery)
        let iterator: MHD_KeyValueIterator = { cls, _, key, value in
            guard let cls, let key else { return .YES }
            let box = Unmanaged<ValueBox>.fromOpaque(cls).takeUnretainedValue()
            var name = String(cString: key)
            var text = value.map { String(cString: $0) } ?? ""
            if box.decode {
                name = QueryDecoding.decode(name)
                text = QueryDecoding.decode(text)
            } else {
                name = name.lowercased()
            }
            if box.values[name] == nil { box.values[name] = text }
            return .YES
        }
        withExtendedLifetime(box) {
            _ = MHD_get_connection_values(connection, kind, iterator, Unmanaged.passUnretained(box).toOpaque())
        }
        return box.values
    }

    static func clientAddress(_ connection: OpaquePointer) -> String {
        guard let address = lc_mhd_client_address(connection) else { return "" }
        return addressText(address)
    }

    static func addressText(_ address: UnsafePointer<sockaddr>) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                var addr = sin.pointee.sin_addr
                _ = inet_ntop(AF_INET, &addr, &buffer, socklen_t(buffer.count))
            }
        case AF_INET6:
            address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                var addr = sin6.pointee.sin6_addr
                _ = inet_ntop(AF_INET6, &addr, &buffer, socklen_t(buffer.count))
            }
        default: return ""
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Carries a C handle to the worker that resumes it; libmicrohttpd allows the resume from any thread.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

enum QueryDecoding {
    /// application/x-www-form-urlencoded: "+" is a space, then percent-decoding.
    static func decode(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) { return text }
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
