import Foundation
import LearningCentreCore

extension Handlers {
    func registerYearHoursRoutes(_ router: inout Router) {
        router.add("GET", "/api/hours", .staff,
                   RouteDoc("Giờ học của mọi người trong năm (người có giờ, theo thứ tự tên)", query: ["year", "limit", "next"],
                            response: "YearHoursList")) { [unowned self] ctx in
            let (limit, offset) = try ctx.paging()
            let all = try store.yearHours(year: ctx.yearQuery())
            return .json(Page(overfetched: Array(all.dropFirst(offset).prefix(limit + 1)), limit: limit, offset: offset))
        }
        router.add("GET", "/api/officers", .staff,
                   RouteDoc("Chỉ tiêu T7: cán bộ hội tham gia hoạt động của trung tâm và được tập huấn CNTT", query: ["year"],
                            response: "Officers"), scoresYear: true) { [unowned self] ctx in
            let results = try store.yearResults(year: ctx.yearQuery())
            let itHours = Targets.officerITHours(results.ruleset)
            let items = results.facts.filter(\.isAssociationOfficer).map { f in
                OfficerYear(hours: LearnerYearHours(learnerId: f.learnerId, fullName: f.fullName, byCategory: f.hoursByCategory),
                            digitalSkills: f.digitalSkills, participates: Targets.participates(f),
                            trainedInIT: Targets.trainedInIT(f, itHours: itHours))
            }
            return .json(OfficersView(year: results.year, itHours: itHours, items: items))
        }
    }
}

/// Target T7 for a year: the officers, how many count, and the rule that counted them.
struct OfficersView: JSONShape {
    var year: Int
    var itHours: Double
    var items: [OfficerYear]

    var counted: Int { items.filter { $0.participates && $0.trainedInIT }.count }
    var rule: String {
        """
        Tham gia: có ít nhất một lượt học tập được tính trong năm. Được tập huấn CNTT: từ \(Store.roundHours(itHours)) \
        giờ CNTT trong năm, hoặc kỹ năng số được đánh giá từ mức cơ bản.
        """
    }

    static let schemaName = "Officers"
    static let fields: [ShapeField<OfficersView>] = [
        .int("counted", \.counted),
        .list("items", \.items),
        .int("officers", \.items.count),
        .int("participating", { $0.items.filter(\.participates).count }),
        .number("percent", { $0.items.isEmpty ? 0 : (Double($0.counted) * 1000 / Double($0.items.count)).rounded() / 10 }),
        .string("rule", \.rule),
        .int("trainedInIT", { $0.items.filter(\.trainedInIT).count }),
        .int("year", \.year),
    ]
}
