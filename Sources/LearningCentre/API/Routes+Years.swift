import Foundation
import LearningCentreCore

extension Handlers {
    /// Years: the reports submitted before the deadline (numbered, frozen) and closed years.
    func registerYearRoutes(_ router: inout Router) {
        router.add("GET", "/api/years", .staff,
                   RouteDoc("Các năm: đang mở hay đã khóa sổ, các bản báo cáo đã nộp", response: "YearList")) { [unowned self] _ in
            .json(Page(items: try store.years(), next: nil))
        }
        router.add("GET", "/api/reports/annual/{year}/narrative", .manager,
                   RouteDoc("Các phần Hội Khuyến học tự viết trong báo cáo năm: tuyên truyền, quán triệt và bồi dưỡng, khen thưởng, quỹ, khó khăn, kiến nghị",
                            response: "Narrative")) { [unowned self] ctx in
            .json(try store.narrative(year: try Handlers.year(ctx.param("year"))).json)
        }
        router.add("PUT", "/api/reports/annual/{year}/narrative", .manager,
                   RouteDoc("Viết các phần của báo cáo năm (thay cả bài; phần để trống in dòng chấm để viết tay; năm đã khóa sổ: 409)",
                            request: "Narrative", response: "Narrative")) { [unowned self] ctx in
            let year = try Handlers.year(ctx.param("year"))
            let body = try ctx.body(allowed: Set(ReportNarrative.sections.map(\.key)))
            var narrative = ReportNarrative()
            for (key, _) in ReportNarrative.sections {
                narrative.texts[key] = try TextRules.text(key, body.string(key), max: 4000)
            }
            return .json(try store.saveNarrative(year: year, narrative, actor: ctx.user).json)
        }
        router.add("GET", "/api/reports/deadline", .staff,
                   RouteDoc("Hạn nộp báo cáo năm nay (theo cài đặt, mặc định 15/11): còn bao nhiêu ngày, báo cáo đã nộp hay đã gửi, lời nhắc",
                            response: "ReportDeadline")) { [unowned self] _ in
            let today = Day.today()
            let submissions = try store.read { db in try Store.submissions(db, year: today.year) }
            return .json(ReportDeadline(today: today, monthDay: try store.settings().deadline, submissions: submissions))
        }
        router.add("POST", "/api/years/{year}/submit", .manager,
                   RouteDoc("Nộp báo cáo năm: giữ một bản đánh số, không đổi được (HTML, xlsx, số liệu); bản sau là bản sửa đổi",
                            response: "SubmissionAnswer", status: 201)) { [unowned self] ctx in
            let year = try Handlers.year(ctx.param("year"))
            let submission = try frozen(year) { try store.submitYear(year, frozen: $0, actor: ctx.user) }
            return .json(SubmissionAnswer(submission: submission), status: 201)
        }
        router.add("POST", "/api/years/{year}/submissions/{number}/sent", .manager,
                   RouteDoc("Ghi nhận bản báo cáo đã gửi đi (qua gói dữ liệu hoặc bản giấy, gửi cho ai)", request: "SentInput",
                            response: "Submission")) { [unowned self] ctx in
            let year = try Handlers.year(ctx.param("year"))
            guard let number = Int(ctx.param("number")), number > 0 else { throw HTTPError.notFound("bản báo cáo này") }
            let body = try ctx.body(allowed: ["how", "to"])
            guard let how = try body.oneOf("how", ["bundle", "paper"]) else {
                throw HTTPError.invalid("how", "Cho biết cách gửi: bundle (gói dữ liệu) hoặc paper (bản giấy).")
            }
            let sent = try store.markSent(year: year, number: number, how: how, to: try TextRules.text("to", body.string("to"), max: 300),
                                          actor: ctx.user)
            return .json(sent)
        }
        router.add("POST", "/api/years/{year}/close", .manager,
                   RouteDoc("Khóa sổ một năm đã kết thúc: giữ nguyên số liệu và báo cáo; mọi thay đổi vào năm đó bị từ chối (409 year_closed)",
                            response: "YearStatus")) { [unowned self] ctx in
            let year = try Handlers.year(ctx.param("year"))
            return .json(try frozen(year) { try store.closeYear(year, frozen: $0, actor: ctx.user) })
        }
        router.add("POST", "/api/years/{year}/reopen", .manager,
                   RouteDoc("Mở lại một năm đã khóa sổ (cần lý do, được ghi lại)", request: "ReopenInput",
                            response: "YearStatus")) { [unowned self] ctx in
            let year = try Handlers.year(ctx.param("year"))
            let body = try ctx.body(allowed: ["reason"])
            guard let reason = try TextRules.text("reason", body.string("reason"), max: 500), !reason.isEmpty else {
                throw HTTPError.invalid("reason", "Hãy ghi lý do mở lại năm \(year) (ví dụ: nhập thiếu danh sách buổi học tháng 12).")
            }
            return .json(try store.reopenYear(year, reason: reason, actor: ctx.user))
        }
    }

    /// The frozen documents of a year computed now, handed to `save`; computed again if the
    /// records moved in between (a check-in landing while the report was being written).
    func frozen<T>(_ year: Int, save: (FrozenYear) throws -> T) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            let results = try store.yearResults(year: year)
            let documents = try yearDocuments(results)
            var hash = SHA256()
            documents["annual.html"]!.withUnsafeBufferPointer { hash.update($0) }
            do {
                return try save(FrozenYear(generation: results.generation, documents: documents, reportSha256: hash.hex()))
            } catch is RecordsMoved where attempt < 5 {
                continue
            } catch is RecordsMoved {
                throw HTTPError(503, "busy", "Số liệu đang thay đổi liên tục nên chưa giữ được bản báo cáo. Hãy thử lại sau ít phút.")
            }
        }
    }

    /// The yearly report as of now: the scored year, the settings, the association's sections and activities.
    func annualReport(_ results: YearResults) throws -> AnnualReport {
        var centres: [(name: String, totals: CentreTotals)] = []
        if config.association {
            let totals = try store.centreTotals(year: results.year)
            centres = try store.registeredCentres().map { ($0.name, totals[$0.id] ?? CentreTotals()) }
        }
        return AnnualReport(results: results, settings: try store.settings(), narrative: try store.reportNarrative(year: results.year),
                            activities: try store.activitySummary(year: results.year), centres: centres, now: Store.nowMillis())
    }

    /// What a frozen year serves: the yearly report (HTML, xlsx) and the commune's figures.
    func yearDocuments(_ results: YearResults) throws -> [String: [UInt8]] {
        let report = try annualReport(results)
        func json(_ value: some JSONWritable) -> [UInt8] { HTTPResponse.json(value).body }
        return [
            "annual.html": Array(report.html.utf8),
            "annual.xlsx": try report.spreadsheet(),
            "dashboard.json": json(Dashboard(results: results, villageId: nil)),
            "indicators.json": json(IndicatorsAnswer(label: YearLabel(results), items: Targets.compute(results))),
            "titles.json": json(TitlesAnswer(label: YearLabel(results), items: TitleKind.allCases.flatMap { results.titles[$0] ?? [] })),
        ]
    }

    /// A closed year's frozen answer for an unfiltered read, or nil (an open year: reopening takes
    /// the closure's documents away).
    func frozenAnswer(_ ctx: RequestContext, _ name: String, type: String = "application/json; charset=utf-8") throws -> HTTPResponse? {
        guard let body = try store.yearDocument(year: try ctx.yearQuery(), copy: 0, name: name) else { return nil }
        return HTTPResponse(status: 200, headers: [("Content-Type", type)], body: body)
    }
}

extension YearStatus: JSONShape {
    public static let schemaName = "YearStatus"
    public static let fields: [ShapeField<YearStatus>] = [
        .nullableMoment("closedAt", \.closedAt),
        .nullableString("closedBy", \.closedBy),
        .nullableString("reportSha256", \.reportSha256),
        .string("status", { $0.isClosed ? "closed" : "open" }, schema: ValueSchema.oneOf(["open", "closed"])),
        .list("submissions", \.submissions),
        .int("year", \.year),
    ]
}

extension Submission: JSONShape {
    public static let schemaName = "Submission"
    public static let fields: [ShapeField<Submission>] = [
        .int("number", \.number),
        .string("reportSha256", \.reportSha256),
        .nullableObject("sent", { s in s.sentHow.map { SubmissionSent(at: s.sentAt, how: $0, to: s.sentTo) } }),
        .moment("submittedAt", \.submittedAt),
        .string("submittedBy", \.submittedBy),
        .int("year", \.year),
    ]
}

/// How and when a submitted report went to the association, once it went.
struct SubmissionSent: JSONShape, Sendable {
    var at: Int64?
    var how: String
    var to: String?
    static let schemaName = "SubmissionSent"
    static let fields: [ShapeField<SubmissionSent>] = [
        .nullableMoment("at", \.at), .string("how", \.how, schema: ValueSchema.oneOf(["bundle", "paper"])), .nullableString("to", \.to),
    ]
}

/// What a submission answers: its number, when, and the fingerprint of the report kept.
struct SubmissionAnswer: JSONShape {
    var submission: Submission
    static let schemaName = "SubmissionAnswer"
    static let fields: [ShapeField<SubmissionAnswer>] = [
        .int("number", \.submission.number), .string("reportSha256", \.submission.reportSha256),
        .moment("submittedAt", \.submission.submittedAt), .int("year", \.submission.year),
    ]
}
