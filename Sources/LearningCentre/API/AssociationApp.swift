import Foundation
import LearningCentreCore
import Logging
import Synchronization

/// The association's daemon on PostgreSQL (`association serve --database`), for a province or
/// the country: its logins and sessions, the centres' pushed bundles, the registered centres,
/// and the year's pages (dashboard, titles, T1–T10) of everything, of one commune or of one
/// village, summed in SQL over what the one scoring engine made of each commune. The same
/// routes and answers as the SQLite association's, where it has them.
public final class AssociationApp: HTTPResponder, Sendable {
    public let router: Router
    let dispatch: APIDispatch
    let reports: PostgresReports
    let importer: Importer

    /// The one import at a time of this daemon (another program's waits on the centre's row).
    final class Importer: Sendable {
        let association: Mutex<PostgresAssociation>
        let inbox: BundleInbox
        let logger: Logger

        init(_ association: consuming sending PostgresAssociation, inbox: BundleInbox, logger: Logger) {
            self.association = Mutex(association)
            self.inbox = inbox
            self.logger = logger
        }

        /// Imports what waits in the inbox, then scores the communes it changed (a scoring that
        /// fails is said in the log and done again by the next import or start).
        func importInbox() throws -> [ImportOutcome] {
            try association.withLock { postgres in
                let outcomes = try inbox.importAll(postgres.importBundles)
                do { try postgres.scoreChangedCommunes() } catch { logger.error("\(StoreError.describe(error))") }
                return outcomes
            }
        }

        /// A commune's year from its scratch store, waiting for an import that is running.
        func communeYear(_ commune: String, year: Int) throws -> YearResults {
            try association.withLock { try $0.communeYear(commune, year: year) }
        }

        func register(id: String, name: String, publicKey: String) throws {
            try association.withLock { try $0.registerCentre(id: id, name: name, publicKey: publicKey) }
        }
    }

    /// `association`: connected and migrated; `pool`: the readers' connections to the same database.
    public init(association: consuming sending PostgresAssociation, pool: PostgresPool, dataDirectory: String, config: AppConfig,
                logger: Logger = Logger(label: "learning-centre")) {
        let inbox = BundleInbox(dataDirectory: dataDirectory)
        let importer = Importer(association, inbox: inbox, logger: logger)
        let reports = PostgresReports(pool: pool)
        let logins = PostgresLogins(pool: pool)
        var router = Router()
        Self.registerSystemRoutes(&router, reports: reports, logins: logins, version: config.version)
        AuthRoutes.register(&router, logins: logins, throttle: LoginThrottle())
        AssociationRoutes.register(&router, AssociationRoutes.Records(
            inbox: inbox, logger: logger, importInbox: importer.importInbox,
            centres: { year in
                AssociationRoutes.CentreFigures(centres: try reports.registeredCentres(), totals: try reports.centreTotals(year: year),
                                                targets: try reports.centreTargets(year: year), years: try reports.centreYears())
            },
            register: importer.register))
        Self.registerReportRoutes(&router, reports: reports)
        Self.registerTargetListRoute(&router, importer: importer)
        Self.registerSettingsRoutes(&router, settings: PostgresSettings(pool: pool))
        self.router = router
        self.reports = reports
        self.importer = importer
        dispatch = APIDispatch(router: router, files: StaticFiles(root: config.wwwDirectory), logger: logger, kioskAddresses: [],
                               logins: logins, bodyLimit: config.bodyLimit, uploadLimit: config.uploadLimit, inbox: inbox.folder)
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse { dispatch.respond(to: request) }

    public func plan(method: String, path: String) -> RequestPlan { dispatch.plan(method: method, path: path) }

    /// At start: bundles left waiting (or pushed while it was stopped), and a scoring cut short.
    public func catchUp() throws -> [ImportOutcome] {
        importer.inbox.sweepLeftovers()
        return try importer.importInbox()
    }

    public func healthy() -> Bool { reports.healthy() }

    static func registerSystemRoutes(_ router: inout Router, reports: PostgresReports, logins: PostgresLogins, version: String) {
        router.add("GET", "/api/health", .anyone, RouteDoc("Tình trạng máy chủ và cơ sở dữ liệu", response: "Health")) { _ in
            let managers = try? logins.managerCount()
            return .json(Health(database: managers == nil ? "unavailable" : "ok", version: version, setupNeeded: managers == 0,
                                association: true, store: "postgresql"), status: managers == nil ? 503 : 200)
        }
        router.add("GET", "/api/labels", .anyone, RouteDoc("Tên tiếng Việt của các mã", response: "Labels")) { _ in .json(LabelsAnswer()) }
        router.add("GET", "/api/openapi.json", .anyone, RouteDoc("Tài liệu OpenAPI 3 của mọi địa chỉ /api")) { ctx in
            .json(OpenAPI.document(for: ctx.routes, version: version))
        }
        router.add("GET", "/api/association/communes", .staff,
                   RouteDoc("Các xã có trung tâm gửi gói: mã, tên, số trung tâm, người học, công dân học tập và chỉ tiêu T1–T10 của năm", query: ["year"],
                            response: "CommuneList")) { ctx in
            .json(CommuneList(items: try reports.communes(year: try ctx.yearQuery())))
        }
    }

    /// The list behind one of a commune's targets, as the commune's association shows it (a
    /// province's whole list is hundreds of thousands of names: a commune is required).
    static func registerTargetListRoute(_ router: inout Router, importer: Importer) {
        router.add("GET", "/api/reports/indicators/{code}", .staff,
                   RouteDoc("Danh sách đứng sau một chỉ tiêu của một xã: ai (hoặc nhóm nào) được tính, ai chưa", query: ["year", "commune", "village"],
                            response: "IndicatorDetail"), scoresYear: true) { ctx in
            guard let commune = ctx.request.query["commune"], !commune.isEmpty else {
                throw HTTPError(400, "bad_parameter", "Hãy chọn một xã (commune): danh sách của cả tỉnh quá dài để xem một lần.", field: "commune")
            }
            let year = try ctx.yearQuery()
            let results = try ctx.place { _ in try importer.communeYear(commune, year: year) }
            guard let target = Targets.compute(results, villageId: try ctx.village(in: results)).first(where: { $0.code == ctx.param("code") }) else {
                throw HTTPError.notFound("chỉ tiêu này (dùng T1 đến T10)")
            }
            return .json(IndicatorDetailAnswer(label: YearLabel(results), indicator: TargetDetail(target)))
        }
    }

    /// The province's report settings: a staff member reads them, a manager changes them.
    static func registerSettingsRoutes(_ router: inout Router, settings: PostgresSettings) {
        router.add("GET", "/api/settings", .staff,
                   RouteDoc("Tên tỉnh, tên Hội Khuyến học tỉnh, Chủ tịch Hội và nơi nhận, in trên báo cáo năm của tỉnh",
                            response: "ProvinceSettings")) { _ in
            .json(ProvinceSettingsAnswer(settings: try settings.load()))
        }
        router.add("PATCH", "/api/settings", .manager,
                   RouteDoc("Sửa tên tỉnh, tên Hội, Chủ tịch Hội (người ký) và nơi nhận của báo cáo năm; null hoặc rỗng: mặc định",
                            request: "ProvinceSettingsPatch", response: "ProvinceSettings")) { ctx in
            let body = try ctx.body(allowed: Set(ProvinceSettings.keys.map(\.name)))
            var saved = try settings.load()
            try Handlers.reportSettings(body, into: &saved, ProvinceSettings.keys)
            try settings.save(saved, actor: ctx.user)
            return .json(ProvinceSettingsAnswer(settings: saved))
        }
    }

    static func registerReportRoutes(_ router: inout Router, reports: PostgresReports) {
        func withCommune(_ doc: RouteDoc) -> RouteDoc {
            var doc = doc
            doc.query.append("commune")
            return doc
        }
        router.add("GET", "/api/reports/dashboard", .staff, withCommune(ReportDocs.dashboard), scoresYear: true) { ctx in
            .json(try ctx.place { try reports.dashboard(year: try ctx.yearQuery(), scope: $0) })
        }
        router.add("GET", "/api/titles", .staff, withCommune(ReportDocs.titles), scoresYear: true) { ctx in
            let (label, items) = try ctx.place { try reports.titles(year: try ctx.yearQuery(), kinds: try ctx.titleKinds(), scope: $0) }
            return .json(TitlesAnswer(label: label, items: items))
        }
        router.add("GET", "/api/reports/annual", .staff,
                   RouteDoc("Báo cáo năm của Hội Khuyến học tỉnh: trang A4 để in, từ cùng số liệu với trang tổng quan", query: ["year"],
                            response: "HTML"), scoresYear: true) { ctx in
            guard ctx.request.query["format"] ?? "html" == "html" else {
                throw HTTPError(400, "bad_parameter", "Báo cáo của tỉnh chỉ có bản in (html).", field: "format")
            }
            return .text(try reports.provinceReport(year: try ctx.yearQuery()), type: "text/html; charset=utf-8")
        }
        router.add("GET", "/api/reports/indicators", .staff, withCommune(ReportDocs.indicators), scoresYear: true) { ctx in
            let (label, items) = try ctx.place { try reports.indicators(year: try ctx.yearQuery(), scope: $0) }
            return .json(IndicatorsAnswer(label: label, items: items))
        }
    }
}

extension RequestContext {
    /// Runs `body` on the place asked for (`commune`, `village`; neither: everything); a place
    /// not known is the caller's mistake, said by name.
    func place<T>(_ body: (PostgresReports.Scope) throws -> T) throws -> T {
        func text(_ name: String) -> String? { request.query[name].flatMap { $0.isEmpty ? nil : $0 } }
        do {
            return try body(PostgresReports.Scope(commune: text("commune"), village: text("village")))
        } catch let unknown as PostgresReports.UnknownPlace {
            let what = unknown.field == "commune" ? "xã" : "thôn"
            throw HTTPError(400, "bad_parameter", "Không có \(what) với mã \"\(unknown.value.prefix(40))\".", field: unknown.field)
        }
    }
}

/// `GET /api/association/communes`.
struct CommuneList: JSONShape {
    var items: [CommuneLine]
    static let schemaName = "CommuneList"
    static let fields: [ShapeField<CommuneList>] = [.list("items", \.items)]
}

extension CommuneLine: JSONShape {
    public static let schemaName = "Commune"
    public static let fields: [ShapeField<CommuneLine>] = [
        .int("centres", \.centres), .nullableString("code", \.code), .string("key", \.key), .int("learners", \.learners),
        .int("learningCitizens", \.learningCitizens), .string("name", \.name), .list("targets", \.targets),
    ]
}

/// `GET,PATCH /api/settings` at a province's daemon: each setting as set (null: its default), and
/// what the report prints with the defaults filled in.
struct ProvinceSettingsAnswer: JSONShape {
    var settings: ProvinceSettings

    static let schemaName = "ProvinceSettings"
    static let fields: [ShapeField<ProvinceSettingsAnswer>] = [
        .nullableString("associationChair", \.settings.associationChair),
        .nullableString("associationName", \.settings.associationName),
        .string("printedAssociation", \.settings.association),
        .strings("printedRecipients", \.settings.recipients),
        .nullableString("provinceName", \.settings.provinceName),
        .nullableStrings("reportRecipients", \.settings.recipientsSet),
    ]
}
