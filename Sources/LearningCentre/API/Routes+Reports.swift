import Foundation
import LearningCentreCore

extension Handlers {
    func registerReportRoutes(_ router: inout Router) {
        router.add("GET", "/api/reports/dashboard", .staff,
                   RouteDoc("Số liệu của bảng điều khiển: chỉ tiêu T1–T10 (cả xã hoặc một thôn), theo từng thôn, công dân học tập theo nhóm đối tượng, giờ học theo lĩnh vực và tháng",
                            query: ["year", "village"], response: "Dashboard"), scoresYear: true) { [unowned self] ctx in
            if ctx.request.query["village"] ?? "" == "", let frozen = try frozenAnswer(ctx, "dashboard.json") { return frozen }
            let results = try store.yearResults(year: ctx.yearQuery())
            return .json(Dashboard(results: results, villageId: try ctx.village(in: results)))
        }
        router.add("GET", "/api/reports/annual", .staff,
                   RouteDoc("Báo cáo năm: trang A4 để in (mặc định) hoặc bảng tính (format=xlsx); submission=N: bản đã nộp số N, đúng từng byte; năm đã khóa sổ: bản lúc khóa",
                            query: ["year", "format", "submission"], response: "HTML"), scoresYear: true) { [unowned self] ctx in
            let year = try ctx.yearQuery()
            let format = ctx.request.query["format"] ?? "html"
            guard format == "html" || format == "xlsx" else {
                throw HTTPError(400, "bad_parameter", "\"format\" phải là html hoặc xlsx.", field: "format")
            }
            let body: [UInt8]
            if let text = ctx.request.query["submission"], !text.isEmpty {
                guard let number = Int(text), let copy = try store.yearDocument(year: year, copy: number, name: "annual.\(format)") else {
                    throw HTTPError.notFound("bản báo cáo số \(text.prefix(6)) của năm \(year) (xem các bản đã nộp ở /api/years)")
                }
                body = copy
            } else if let copy = try store.yearDocument(year: year, copy: 0, name: "annual.\(format)") {  // closed: as it was
                body = copy
            } else {
                let report = try annualReport(try store.yearResults(year: year))
                body = format == "html" ? Array(report.html.utf8) : try report.spreadsheet()
            }
            guard format == "xlsx" else { return HTTPResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: body) }
            return HTTPResponse(status: 200, headers: [
                ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ("Content-Disposition", "attachment; filename=\"bao-cao-\(year).xlsx\""),
            ], body: body)
        }
        router.add("GET", "/api/reports/recognition", .staff,
                   RouteDoc("Danh sách đề nghị công nhận của năm (cả xã hoặc một thôn), trang A4 để in", query: ["year", "village"],
                            response: "HTML"), scoresYear: true) { [unowned self] ctx in
            let results = try store.yearResults(year: ctx.yearQuery())
            let village = try ctx.village(in: results)
            let name = village.flatMap { id in results.titles["community"]?.first { $0.id == id }?.name }
            return .text(RecognitionList.html(results, villageId: village, villageName: name, commune: try store.communeName() ?? "xã ..........",
                                              now: Store.nowMillis()), type: "text/html; charset=utf-8")
        }
    }
}

/// Everything the dashboard draws, from one scored year.
struct Dashboard: JSONShape {
    let results: YearResults
    let villageId: String?
    /// The learners counted (the village's, or everyone's).
    let people: [Int]
    /// T1–T10 of the commune or of the chosen village, as counts (the dashboard lists no one).
    let targets: [TargetResult]

    init(results: YearResults, villageId: String?) {
        self.results = results
        self.villageId = villageId
        people = results.facts.indices.filter { villageId == nil || results.facts[$0].villageId == villageId }
        targets = Targets.compute(results, villageId: villageId, itemized: false)
    }

    /// Each village's targets; for a chosen village, its own (already the dashboard's).
    var byVillage: [VillageTargets] {
        let villages = (results.titles["community"] ?? []).filter { villageId == nil || $0.id == villageId }
        let targets = villageId.map { [$0: self.targets] } ?? Targets.byVillage(results, itemized: false)
        return villages.map { VillageTargets(name: $0.name, targets: targets[$0.id] ?? [], villageId: $0.id) }
    }

    var citizensByTargetGroup: [GroupCitizens] {
        results.ruleset.targetGroups.sorted(by: { $0.key < $1.key }).map { code, group in
            let members = people.filter { (results.facts[$0].targetGroup ?? .other).rawValue == code }
            return GroupCitizens(citizens: members.filter { results.scores[$0].recognized }.count, learners: members.count,
                                 name: group.name, targetGroup: code)
        }
    }

    /// Hours by session category, then by month ("2026-03"), rounded as everywhere.
    var hoursByCategoryAndMonth: JSONValue {
        var hours: [String: [String: Double]] = [:]
        for (village, byCategory) in results.hoursByMonth where villageId == nil || village == villageId {
            for (category, months) in byCategory { for (month, value) in months { hours[category, default: [:]][month, default: 0] += value } }
        }
        return .object(hours.mapValues { .object($0.mapValues { .number(Store.roundHours($0)) }) })
    }

    static let schemaName = "Dashboard"
    static let fields: [ShapeField<Dashboard>] = [
        .list("byVillage", \.byVillage),
        .list("citizensByTargetGroup", \.citizensByTargetGroup),
        ShapeField("hoursByCategoryAndMonth", schema: .object(["type": "object", "additionalProperties":
                    .object(["type": "object", "additionalProperties": ValueSchema.number])])) { dashboard, w in
            w.key("hoursByCategoryAndMonth"); dashboard.hoursByCategoryAndMonth.write(to: &w)
        },
        .int("learners", \.people.count),
        .int("learningCitizens", { d in d.people.filter { d.results.scores[$0].recognized }.count }),
        .list("targets", \.targets),
        .nullableString("villageId", \.villageId),
    ] + YearFields.of(\.results)

    /// One village's targets.
    struct VillageTargets: JSONShape, Sendable {
        var name: String
        var targets: [TargetResult]
        var villageId: String
        static let schemaName = "VillageTargets"
        static let fields: [ShapeField<VillageTargets>] = [.string("name", \.name), .list("targets", \.targets), .string("villageId", \.villageId)]
    }

    /// The learning citizens among one target group's learners.
    struct GroupCitizens: JSONShape, Sendable {
        var citizens: Int
        var learners: Int
        var name: String
        var targetGroup: String
        static let schemaName = "TargetGroupCitizens"
        static let fields: [ShapeField<GroupCitizens>] = [
            .int("citizens", \.citizens), .int("learners", \.learners), .string("name", \.name), .string("targetGroup", \.targetGroup),
        ]
    }
}
