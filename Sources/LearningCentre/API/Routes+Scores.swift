import Foundation
import LearningCentreCore

extension Handlers {
    func registerScoreRoutes(_ router: inout Router) {
        router.add("GET", "/api/learners/{id}/score", .staff,
                   RouteDoc("Điểm Công dân học tập của người học trong năm, mỗi điểm kèm bằng chứng", query: ["year"],
                            response: "Score")) { [unowned self] ctx in
            .json(try store.score(learnerId: ctx.param("id"), year: ctx.yearQuery()))
        }
        router.add("PUT", "/api/learners/{id}/assessments/{year}", .manager,
                   RouteDoc("Đánh giá một số chỉ số (điểm, ghi chú); points null để bỏ đánh giá", request: "AssessmentInput",
                            response: "Score")) { [unowned self] ctx in
            let year = try Handlers.year(ctx.param("year"))
            let body = try ctx.body(allowed: ["indicators"])
            guard let list = body.fields["indicators"]?.arrayValue, !list.isEmpty else {
                throw HTTPError.invalid("indicators", "Cần danh sách chỉ số được đánh giá (indicators).")
            }
            let items = try list.enumerated().map { index, value -> (code: String, points: Double?, note: String?) in
                let item = Fields(value.objectValue ?? [:])
                guard let code = try item.string("code") else { throw HTTPError.invalid("indicators[\(index)].code", "Thiếu mã chỉ số.") }
                guard item.has("points") else { throw HTTPError.invalid("indicators[\(index)].points", "Thiếu số điểm (hoặc null để bỏ).") }
                return (code, try item.double("points"), try TextRules.text("indicators[\(index)].note", item.string("note"), max: 500))
            }
            return .json(try store.setAssessments(learnerId: ctx.param("id"), year: year, items: items, actor: ctx.user))
        }
        router.add("GET", "/api/titles", .staff, ReportDocs.titles, scoresYear: true) { [unowned self] ctx in
            if ctx.request.query["kind"] ?? "" == "", ctx.request.query["village"] ?? "" == "",
               let frozen = try frozenAnswer(ctx, "titles.json") { return frozen }
            let results = try store.yearResults(year: ctx.yearQuery())
            let kinds = try ctx.titleKinds()
            let village = ctx.request.query["village"].flatMap { $0.isEmpty ? nil : $0 }
            let items = kinds.flatMap { results.titles[$0] ?? [] }.filter { village == nil || $0.villageId == village || $0.villageId == nil }
            return .json(TitlesAnswer(label: YearLabel(results), items: items))
        }
        router.add("GET", "/api/reports/indicators", .staff, ReportDocs.indicators, scoresYear: true) { [unowned self] ctx in
            if ctx.request.query["village"] ?? "" == "", let frozen = try frozenAnswer(ctx, "indicators.json") { return frozen }
            let results = try store.yearResults(year: ctx.yearQuery())
            let targets = Targets.compute(results, villageId: try ctx.village(in: results))
            return .json(IndicatorsAnswer(label: YearLabel(results), items: targets))
        }
        router.add("GET", "/api/reports/indicators/{code}", .staff,
                   RouteDoc("Danh sách đứng sau một chỉ tiêu: ai (hoặc nhóm nào) được tính, ai chưa", query: ["year", "village"],
                            response: "IndicatorDetail"), scoresYear: true) { [unowned self] ctx in
            let results = try store.yearResults(year: ctx.yearQuery())
            guard let target = Targets.compute(results, villageId: try ctx.village(in: results)).first(where: { $0.code == ctx.param("code") }) else {
                throw HTTPError.notFound("chỉ tiêu này (dùng T1 đến T10)")
            }
            return .json(IndicatorDetailAnswer(label: YearLabel(results), indicator: TargetDetail(target)))
        }
        router.add("GET", "/api/scores", .staff,
                   RouteDoc("Điểm của mọi người học trong năm (theo thứ tự tên), lọc theo thôn, nhóm đối tượng, đã đạt hay chưa",
                            query: ["year", "village", "targetGroup", "recognized", "limit", "next"], response: "ScoreList"), scoresYear: true) { [unowned self] ctx in
            let (limit, offset) = try ctx.paging()
            let results = try store.yearResults(year: ctx.yearQuery())
            let village = try ctx.village(in: results), group = ctx.request.query["targetGroup"].flatMap { $0.isEmpty ? nil : $0 }
            let recognized = ctx.request.query["recognized"].map { $0 == "true" }
            let chosen = results.facts.indices.filter { i in
                (village == nil || results.facts[i].villageId == village)
                    && (group == nil || (results.facts[i].targetGroup ?? .other).rawValue == group)
                    && (recognized == nil || results.scores[i].recognized == recognized)
            }
            let page = Page(overfetched: Array(chosen.dropFirst(offset).prefix(limit + 1)).map { i in
                ScoreLine(score: results.scores[i], nextStep: NextStep.sentence(results.scores[i], facts: results.facts[i], ruleset: results.ruleset))
            }, limit: limit, offset: offset)
            return .json(page)
        }
    }
}

extension RequestContext {
    /// The `village` query parameter, checked against the year's villages.
    /// The kinds of title asked for (`kind`), else all four in their order.
    func titleKinds() throws -> [TitleKind] {
        guard let text = request.query["kind"], !text.isEmpty else { return TitleKind.allCases }
        guard let kind = TitleKind(rawValue: text) else {
            throw HTTPError(400, "bad_parameter", "\"kind\" phải là family, clan, community hoặc unit.", field: "kind")
        }
        return [kind]
    }

    func village(in results: YearResults) throws -> String? {
        guard let id = request.query["village"], !id.isEmpty else { return nil }
        guard results.titles[.community]?.contains(where: { $0.id == id }) == true else {
            throw HTTPError(400, "bad_parameter", "Không có thôn với mã \"\(id.prefix(40))\".", field: "village")
        }
        return id
    }
}

/// `GET /api/titles`.
struct TitlesAnswer: JSONShape {
    var label: YearLabel
    var items: [TitleResult]
    static let schemaName = "Titles"
    static let fields: [ShapeField<TitlesAnswer>] = [.list("items", \.items)] + YearFields.of(\.label)
}

/// `GET /api/reports/indicators`.
struct IndicatorsAnswer: JSONShape {
    var label: YearLabel
    var items: [TargetResult]
    static let schemaName = "Indicators"
    static let fields: [ShapeField<IndicatorsAnswer>] = [.list("items", \.items)] + YearFields.of(\.label)
}

/// `GET /api/reports/indicators/{code}`.
struct IndicatorDetailAnswer: JSONShape {
    var label: YearLabel
    var indicator: TargetDetail
    static let schemaName = "IndicatorDetail"
    static let fields: [ShapeField<IndicatorDetailAnswer>] = [.object("indicator", \.indicator)] + YearFields.of(\.label)
}

/// A learner's total in a list, without the evidence.
struct ScoreLine: JSONShape, Sendable {
    var score: LearnerScore
    var nextStep: String?

    static let schemaName = "ScoreLine"
    static let fields: [ShapeField<ScoreLine>] = [
        .string("fullName", \.score.fullName), .string("learnerId", \.score.learnerId), .nullableString("nextStep", \.nextStep),
        .bool("recognized", \.score.recognized), .number("total", \.score.total),
    ]
}
