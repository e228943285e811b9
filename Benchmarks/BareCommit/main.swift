// The benchmark's baseline: libmicrohttpd with the same pool and options as the daemon, and a
// handler that commits one row per POST in WAL + synchronous=FULL and answers 201. No routing,
// no JSON, no auth: what registration costs beyond this is our own overhead.
import CMicroHTTPD
import Foundation
import GRDB

final class Baseline: @unchecked Sendable {
    let pool: DatabasePool
    init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        pool = try DatabasePool(path: path, configuration: config)
        try pool.write { db in try db.execute(sql: "CREATE TABLE IF NOT EXISTS rows(id INTEGER PRIMARY KEY, body BLOB NOT NULL)") }
    }
}

final class Body { var bytes: [UInt8] = [] }

let access: MHD_AccessHandlerCallback = { cls, connection, _, _, _, data, size, conCls in
    guard let cls, let connection, let conCls, let size else { return .NO }
    if conCls.pointee == nil { conCls.pointee = Unmanaged.passRetained(Body()).toOpaque(); return .YES }
    let body = Unmanaged<Body>.fromOpaque(conCls.pointee!).takeUnretainedValue()
    if size.pointee > 0, let data {
        data.withMemoryRebound(to: UInt8.self, capacity: size.pointee) { body.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: size.pointee)) }
        size.pointee = 0
        return .YES
    }
    let baseline = Unmanaged<Baseline>.fromOpaque(cls).takeUnretainedValue()
    let ok = (try? baseline.pool.write { db in try db.execute(sql: "INSERT INTO rows(body) VALUES (?)", arguments: [Data(body.bytes)]) }) != nil
    let text = Array(ok ? "{\"ok\":true}".utf8 : "{\"ok\":false}".utf8)
    let response = text.withUnsafeBytes { MHD_create_response_from_buffer($0.count, UnsafeMutableRawPointer(mutating: $0.baseAddress), .RESPMEM_MUST_COPY) }
    defer { MHD_destroy_response(response) }
    return MHD_queue_response(connection, ok ? 201 : 500, response)
}

let completed: MHD_RequestCompletedCallback = { _, _, conCls, _ in
    guard let conCls, let p = conCls.pointee else { return }
    Unmanaged<Body>.fromOpaque(p).release()
    conCls.pointee = nil
}

let args = CommandLine.arguments
guard args.count == 3, let port = UInt16(args[2]) else {
    FileHandle.standardError.write(Data("usage: lc-bare-commit DATABASE PORT\n".utf8))
    exit(64)
}
let baseline = try Baseline(path: args[1])
let context = Unmanaged.passRetained(baseline).toOpaque()
let flags = UInt32(MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_EPOLL.rawValue)
let options: [CVarArg] = [
    MHD_OPTION.THREAD_POOL_SIZE.rawValue, UInt32(8),
    MHD_OPTION.CONNECTION_TIMEOUT.rawValue, UInt32(30),
    MHD_OPTION.NOTIFY_COMPLETED.rawValue, unsafeBitCast(completed, to: OpaquePointer.self), OpaquePointer(context),
    MHD_OPTION.END.rawValue,
]
guard withVaList(options, { MHD_start_daemon_va(flags, port, nil, nil, access, context, $0) }) != nil else {
    FileHandle.standardError.write(Data("lc-bare-commit: cannot bind port \(port)\n".utf8))
    exit(1)
}
print("ready"); fflush(stdout)
while true { sleep(60) }
