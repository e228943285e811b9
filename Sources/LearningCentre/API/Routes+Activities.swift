import Foundation
import LearningCentreCore

extension Handlers {
    /// The association's and the centre's own activities (briefings for T10, training, awards, funds…).
    func registerActivityRoutes(_ router: inout Router) {
        router.add("GET", "/api/activities", .staff,
                   RouteDoc("Hoạt động của Hội và trung tâm trong một năm (mới nhất trước), kèm số liệu theo loại", query: ["year", "kind", "limit", "next"],
                            response: "ActivityList")) { [unowned self] ctx in
            let (limit, offset) = try ctx.paging()
            let year = try ctx.yearQuery()
            let code = ctx.request.query["kind"].flatMap { $0.isEmpty ? nil : $0 }
            let kind = code.flatMap(ActivityKind.init(rawValue:))
            if let code, kind == nil {
                throw HTTPError(400, "bad_parameter", "Loại hoạt động \"\(code.prefix(40))\" không có. Chọn một trong: \(ActivityKind.codes.joined(separator: ", ")).",
                                field: "kind")
            }
            let page = try store.activities(year: year, kind: kind, limit: limit, offset: offset)
            let summary = try store.activitySummary(year: year)
            return .json(ActivityList(year: year, items: page.items, next: page.next, summary: summary.lines))
        }
        router.add("POST", "/api/activities", .staff,
                   RouteDoc("Ghi một hoạt động đã diễn ra (không ở tương lai, không vào năm đã khóa sổ)", request: "ActivityInput",
                            response: "Activity", status: 201)) { [unowned self] ctx in
            let draft = try ActivityDraft(ctx.body(allowed: ActivityDraft.writable), creating: true)
            return .json(try store.saveActivity(id: nil, draft, actor: ctx.user), status: 201)
        }
        router.add("GET", "/api/activities/{id}", .staff,
                   RouteDoc("Một hoạt động, kèm tên những người tham gia (participants) để sửa", response: "ActivityDetail")) { [unowned self] ctx in
            guard let activity = try store.activity(id: ctx.param("id")) else { throw HTTPError.notFound("hoạt động này") }
            let participants = try store.participants(of: activity).map { ActivityParticipant(id: $0.id, fullName: $0.fullName, birthYear: $0.birthYear) }
            return .json(ActivityDetail(activity: activity, participants: participants))
        }
        router.add("PATCH", "/api/activities/{id}", .staff,
                   RouteDoc("Sửa một hoạt động (participantIds thay cả danh sách)", request: "ActivityPatch", response: "Activity")) { [unowned self] ctx in
            let draft = try ActivityDraft(ctx.body(allowed: ActivityDraft.writable), creating: false)
            return .json(try store.saveActivity(id: ctx.param("id"), draft, actor: ctx.user))
        }
    }
}

/// An activity with the names of those who took part (to edit it).
struct ActivityDetail: JSONShape, Sendable {
    var activity: Activity
    var participants: [ActivityParticipant]

    static let schemaName = "ActivityDetail"
    static let fields: [ShapeField<ActivityDetail>] = Activity.fields.map { $0.lifted(\.activity) } + [.list("participants", \.participants)]
}

struct ActivityParticipant: JSONShape, Sendable {
    var id: String
    var fullName: String
    var birthYear: Int
    static let schemaName = "ActivityParticipant"
    static let fields: [ShapeField<ActivityParticipant>] = [.int("birthYear", \.birthYear), .string("fullName", \.fullName), .string("id", \.id)]
}

/// `GET /api/activities`: a page of the year's activities, and the year's count by kind.
struct ActivityList: JSONShape {
    var year: Int
    var items: [Activity]
    var next: String?
    var summary: [ActivitySummary.Line]

    static let schemaName = "ActivityList"
    static let fields: [ShapeField<ActivityList>] = [
        .list("items", \.items), .nullableString("next", \.next), .list("summary", \.summary), .int("year", \.year),
    ]
}

extension ActivitySummary.Line: JSONShape {
    public static let schemaName = "ActivitySummaryLine"
    public static let fields: [ShapeField<ActivitySummary.Line>] = [
        .int("amount", { Int($0.amount) }), .int("count", \.count), .code("kind", \.kind),
        .string("label", \.kind.label), .int("people", \.people),
    ]
}
