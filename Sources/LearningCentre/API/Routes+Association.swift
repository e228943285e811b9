import Foundation
import LearningCentreCore
import Logging

extension Handlers {
    func registerAssociationRoutes(_ router: inout Router) {
        AssociationRoutes.register(&router, AssociationRoutes.Records(
            inbox: store.bundleInbox, logger: logger, importInbox: { [unowned self] in try store.importInbox() },
            centres: { [unowned self] year in
                AssociationRoutes.CentreFigures(centres: try store.registeredCentres(), totals: try store.centreTotals(year: year),
                                                targets: try store.centreTargets(year: year), years: try store.centreYears())
            },
            register: { [unowned self] id, name, key in try store.registerCentre(id: id, name: name, publicKey: key) }))
    }
}

/// The association's own routes, whichever store keeps its records (`Records`): a centre's
/// pushed bundle, the registered centres and their figures, a centre registered.
enum AssociationRoutes {
    struct Records: Sendable {
        let inbox: BundleInbox
        let logger: Logger
        /// Imports everything in the inbox (and scores what changed).
        let importInbox: @Sendable () throws -> [ImportOutcome]
        let centres: @Sendable (_ year: Int) throws -> CentreFigures
        let register: @Sendable (_ id: String, _ name: String, _ publicKey: String) throws -> Void
    }

    /// The registered centres, and by centre: the year's totals and T1–T10, the closed and submitted years.
    struct CentreFigures {
        var centres: [RegisteredCentre]
        var totals: [String: CentreTotals]
        var targets: [String: [TargetResult]]
        var years: [String: [JSONValue]]
    }

    static func register(_ router: inout Router, _ records: Records) {
        router.add("POST", "/api/association/bundles", .anyone,
                   RouteDoc("Nhận một gói (.tar.gz) do trung tâm gửi; chữ ký của trung tâm đã đăng ký thay cho đăng nhập",
                            request: "binary", response: "ImportOutcome", alsoStatus: [202])) { ctx in
            let inbox = records.inbox.folder
            try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
            let path = (inbox as NSString).appendingPathComponent(RecordID.new() + ".tar.gz")
            if let received = ctx.request.bodyFile {
                // Streamed to the inbox as it came (hidden until now): moved under its name.
                guard BundleVerifier.regularFileSize(received) ?? 0 > 0 else { throw HTTPError(400, "empty_body", "Không có gói nào trong yêu cầu.") }
                try FileSync.rename(received, to: path)
            } else {
                guard !ctx.request.body.isEmpty else { throw HTTPError(400, "empty_body", "Không có gói nào trong yêu cầu.") }
                let hidden = (inbox as NSString).appendingPathComponent(".upload-" + RecordID.new())
                try FileSync.writeSynced(ctx.request.body, to: hidden)
                try FileSync.rename(hidden, to: path)
            }
            let outcomes = try records.importInbox()
            for outcome in outcomes where outcome.kind != .waiting && outcome.kind != .failed {
                if outcome.kind == .refused { records.logger.warning("gói bị từ chối: \(outcome.message)") } else { records.logger.info("\(outcome.message)") }
            }
            guard let mine = outcomes.first(where: { $0.path == path }) else {
                return .json(BundleAnswer(status: "duplicate", bundle: nil, message: "gói này đã được nhận"))
            }
            let answer = BundleAnswer(status: mine.kind.rawValue, bundle: mine.name, message: mine.message)
            switch mine.kind {
            case .applied, .duplicate: return .json(answer)
            case .waiting: return .json(answer, status: 202)
            case .refused: throw HTTPError(422, "bundle_refused", mine.message)
            case .failed:
                // The reason (a full disk, a path) is for the association's log, not for whoever sent it.
                records.logger.warning("chưa nhập được gói: \(mine.message)")
                throw HTTPError(503, "import_failed", "Máy của Hội Khuyến học chưa nhập được gói lúc này. Gói được giữ lại; trung tâm sẽ tự gửi lại sau.")
            }
        }
        router.add("GET", "/api/association/centres", .staff,
                   RouteDoc("Các trung tâm đã đăng ký: gói mới nhất đã nhập và số liệu của năm", query: ["year"],
                            response: "AssociationCentreList")) { ctx in
            let year = try ctx.request.query["year"].map(Handlers.year) ?? Timestamps.currentYear()
            let figures = try records.centres(year)
            return .json(JSONValue.object([
                "year": .number(Double(year)), "waitingInInbox": .number(Double(records.inbox.waiting())),
                "items": .array(figures.centres.map { centre in
                    .object(["id": .string(centre.id), "name": .string(centre.name), "publicKey": .string(centre.publicKey),
                             "lastSequence": .number(Double(centre.lastSequence)),
                             "lastImportedAt": centre.lastImportedAt.map { .string(Timestamps.iso(millis: $0)) } ?? .null,
                             "totals": (figures.totals[centre.id] ?? CentreTotals()).json, "years": .array(figures.years[centre.id] ?? []),
                             "targets": .array((figures.targets[centre.id] ?? []).map(\.jsonValue))])
                }),
            ]))
        }
        router.add("POST", "/api/association/centres", .manager,
                   RouteDoc("Đăng ký một trung tâm với khóa công khai của nó (export --print-public-key)", request: "CentreRegistration",
                            response: "CentreRegistered", status: 201)) { ctx in
            let body = try ctx.body(allowed: ["id", "name", "publicKey"])
            let name = try TextRules.name("name", try body.requiredString("name"), max: 200)
            let id = try body.requiredString("id").trimmingCharacters(in: .whitespaces).lowercased()
            let key = try body.requiredString("publicKey").trimmingCharacters(in: .whitespaces)
            guard UUID(uuidString: id) != nil else {
                throw HTTPError.invalid("id", "Mã trung tâm phải có dạng xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, như lệnh export --print-public-key in ra.")
            }
            guard Data(base64Encoded: key)?.count == 32 else {
                throw HTTPError.invalid("publicKey", "Khóa công khai phải là chuỗi base64 của 32 byte, như lệnh export --print-public-key in ra.")
            }
            do {
                try records.register(id, name, key)
            } catch let error as SystemError {
                throw HTTPError(409, "centre_conflict", error.description)
            }
            return .json(CentreRegistered(id: id, name: name), status: 201)
        }
    }
}

/// What the association answers a centre that sent a bundle.
struct BundleAnswer: JSONShape {
    var status: String
    var bundle: String?
    var message: String
    static let schemaName = "ImportOutcome"
    static let fields: [ShapeField<BundleAnswer>] = [
        .nullableString("bundle", \.bundle), .string("message", \.message),
        .string("status", \.status, schema: ValueSchema.oneOf(["applied", "duplicate", "waiting"])),
    ]
}

/// A centre just registered with the association.
struct CentreRegistered: JSONShape {
    var id: String
    var name: String
    static let schemaName = "CentreRegistered"
    static let fields: [ShapeField<CentreRegistered>] = [.string("id", \.id), .string("name", \.name)]
}
