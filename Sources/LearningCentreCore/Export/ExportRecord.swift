import Foundation
import GRDB

/// One export as the centre remembers it: the bundle, and how it was delivered.
public struct ExportRecord: Sendable, FetchableRecord {
    public var id: String
    public var sequence: Int
    public var kind: String
    /// writing, ready, failed (never counted: a later bundle takes its number), pruned (files removed).
    public var status: String
    public var name: String
    public var folder: String
    public var fromWatermark: Int64
    public var toWatermark: Int64?
    public var rows: Int?
    public var bytes: Int?
    public var startedAt: Int64
    public var finishedAt: Int64?
    public var error: String?
    public var requestedBy: String
    /// pending, retrying, sent; nil when no association address is set.
    public var pushStatus: String?
    public var pushAttempts: Int
    public var nextPushAt: Int64?
    public var pushedAt: Int64?
    public var pushError: String?
    public var usbCopiedAt: Int64?
    public var usbPath: String?

    public var tarballPath: String { folder + ".tar.gz" }

    static let columns = """
        id, sequence, kind, status, name, folder, from_watermark, to_watermark, rows, bytes, started_at, finished_at, error,
        requested_by, push_status, push_attempts, next_push_at, pushed_at, push_error, usb_copied_at, usb_path
        """

    public init(row: Row) {
        id = row["id"]; sequence = row["sequence"]; kind = row["kind"]; status = row["status"]; name = row["name"]
        folder = row["folder"]; fromWatermark = row["from_watermark"]; toWatermark = row["to_watermark"]; rows = row["rows"]
        bytes = row["bytes"]; startedAt = row["started_at"]; finishedAt = row["finished_at"]; error = row["error"]
        requestedBy = row["requested_by"]; pushStatus = row["push_status"]; pushAttempts = row["push_attempts"]
        nextPushAt = row["next_push_at"]; pushedAt = row["pushed_at"]; pushError = row["push_error"]
        usbCopiedAt = row["usb_copied_at"]; usbPath = row["usb_path"]
    }

    package var json: JSONValue {
        func time(_ millis: Int64?) -> JSONValue { millis.map { .string(Timestamps.iso(millis: $0)) } ?? .null }
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        func number(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        return .object([
            "id": .string(id), "sequence": .number(Double(sequence)), "kind": .string(kind), "status": .string(status),
            "name": .string(name), "folder": .string(folder), "rows": number(rows), "bytes": number(bytes),
            "startedAt": time(startedAt), "finishedAt": time(finishedAt), "error": text(error), "requestedBy": .string(requestedBy),
            "push": .object(["status": text(pushStatus), "attempts": .number(Double(pushAttempts)), "nextAttemptAt": time(nextPushAt),
                             "sentAt": time(pushedAt), "error": text(pushError)]),
            "usb": .object(["copiedAt": time(usbCopiedAt), "path": text(usbPath)]),
        ])
    }
}

extension Store {
    public func exports(limit: Int = 100) throws -> [ExportRecord] {
        try read { db in
            try ExportRecord.fetchAll(db, sql: "SELECT \(ExportRecord.columns) FROM exports ORDER BY seq DESC LIMIT ?", arguments: [limit])
        }
    }

    public func export(id: String) throws -> ExportRecord? {
        try read { db in
            try ExportRecord.fetchOne(db, sql: "SELECT \(ExportRecord.columns) FROM exports WHERE id = ?", arguments: [id])
        }
    }
}
