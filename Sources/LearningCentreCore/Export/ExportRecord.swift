import Foundation
import GRDB

/// One export as the centre remembers it: the bundle, and how it was delivered.
public struct ExportRecord: Sendable, FetchableRecord {
    public var id: String
    public var sequence: Int
    public var kind: BundleKind
    /// A failed export is never counted: a later bundle takes its number; pruned: its files removed.
    public var status: ExportStatus
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
    /// Nil when no association address is set.
    public var pushStatus: PushStatus?
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

/// An export as the API shows it: the record, how it was pushed, and its copy to USB.
extension ExportRecord: JSONShape {
    public static let schemaName = "Export"
    public static let fields: [ShapeField<ExportRecord>] = [
        .nullableInt("bytes", \.bytes),
        .nullableString("error", \.error),
        .nullableMoment("finishedAt", \.finishedAt),
        .string("folder", \.folder),
        .string("id", \.id),
        .code("kind", \.kind),
        .string("name", \.name),
        .object("push", { ExportPush(record: $0) }),
        .string("requestedBy", \.requestedBy),
        .nullableInt("rows", \.rows),
        .int("sequence", \.sequence),
        .moment("startedAt", \.startedAt),
        .code("status", \.status),
        .object("usb", { ExportUSB(record: $0) }),
    ]
}

/// How a bundle went to the association's address (`pushUrl`).
public struct ExportPush: JSONShape, Sendable {
    let record: ExportRecord
    public static let schemaName = "ExportPush"
    public static let fields: [ShapeField<ExportPush>] = [
        .int("attempts", \.record.pushAttempts),
        .nullableString("error", \.record.pushError),
        .nullableMoment("nextAttemptAt", \.record.nextPushAt),
        .nullableMoment("sentAt", \.record.pushedAt),
        .nullableCode("status", \.record.pushStatus),
    ]
}

/// Where and when a bundle was copied to a USB stick.
public struct ExportUSB: JSONShape, Sendable {
    let record: ExportRecord
    public static let schemaName = "ExportUSB"
    public static let fields: [ShapeField<ExportUSB>] = [.nullableMoment("copiedAt", \.record.usbCopiedAt), .nullableString("path", \.record.usbPath)]
}

/// One export with its manifest's files and the optional learner columns it carried.
package struct ExportDetail: JSONShape, Sendable {
    package var record: ExportRecord
    package var manifest: BundleManifest?
    package init(record: ExportRecord, manifest: BundleManifest?) {
        self.record = record
        self.manifest = manifest
    }

    package static let schemaName = "ExportDetail"
    package static let fields: [ShapeField<ExportDetail>] = ExportRecord.fields.map { $0.lifted(\.record) } + [
        .list("files", { $0.manifest?.files ?? [] }),
        .strings("learnerColumns", { $0.manifest?.learnerColumns ?? [] }),
    ]
}

extension BundleManifest.File: JSONShape {
    package static let schemaName = "ExportFile"
    package static let fields: [ShapeField<BundleManifest.File>] = [
        .int("bytes", \.bytes), .string("name", \.name), .nullableInt("rows", \.rows), .string("sha256", \.sha256),
    ]
}
