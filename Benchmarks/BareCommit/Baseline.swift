// (callbacks live here, not in main.swift: see NOTES-interop.md, trap 1)
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

enum Callbacks {
static let access: MHD_AccessHandlerCallback = { cls, connection, _, _, _, data, size, conCls in
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

static let completed: MHD_RequestCompletedCallback = { _, _, conCls, _ in
    guard let conCls, let p = conCls.pointee else { return }
    Unmanaged<Body>.fromOpaque(p).release()
    conCls.pointee = nil
}
}
