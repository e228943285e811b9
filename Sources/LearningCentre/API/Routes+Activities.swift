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
            let kind = ctx.request.query["kind"].flatMap { $0.isEmpty ? nil : $0 }
            if let kind, !Activity.codes.contains(kind) {
                throw HTTPError(400, "bad_parameter", "Loại hoạt động \"\(kind.prefix(40))\" không có. Chọn một trong: \(Activity.codes.joined(separator: ", ")).",
                                field: "kind")
            }
            let page = try store.activities(year: year, kind: kind, limit: limit, offset: offset)
            let summary = try store.activitySummary(year: year)
            return .json(JSONValue.object([
                "year": .number(Double(year)),
                "items": .array(page.items.map(\.json)),
                "next": page.next.map(JSONValue.string) ?? .null,
                "summary": .array(summary.lines.map { line in
                    .object(["kind": .string(line.kind), "label": .string(Activity.label(line.kind)), "count": .number(Double(line.count)),
                             "people": .number(Double(line.people)), "amount": .number(Double(line.amount))])
                }),
            ]))
        }
        router.add("POST", "/api/activities", .staff,
                   RouteDoc("Ghi một hoạt động đã diễn ra (không ở tương lai, không vào năm đã khóa sổ)", request: "ActivityInput",
                            response: "Activity", status: 201)) { [unowned self] ctx in
            let draft = try ActivityDraft(ctx.body(allowed: ActivityDraft.writable), creating: true)
            return .json(try store.saveActivity(id: nil, draft, actor: ctx.user).json, status: 201)
        }
        router.add("GET", "/api/activities/{id}", .staff,
                   RouteDoc("Một hoạt động, kèm tên những người tham gia (participants) để sửa", response: "Activity")) { [unowned self] ctx in
            guard let activity = try store.activity(id: ctx.param("id")) else { throw HTTPError.notFound("hoạt động này") }
            var object = activity.json.objectValue ?? [:]
            object["participants"] = .array(try store.participants(of: activity).map { person in
                .object(["id": .string(person.id), "fullName": .string(person.fullName), "birthYear": .number(Double(person.birthYear))])
            })
            return .json(JSONValue.object(object))
        }
        router.add("PATCH", "/api/activities/{id}", .staff,
                   RouteDoc("Sửa một hoạt động (participantIds thay cả danh sách)", request: "ActivityPatch", response: "Activity")) { [unowned self] ctx in
            let draft = try ActivityDraft(ctx.body(allowed: ActivityDraft.writable), creating: false)
            return .json(try store.saveActivity(id: ctx.param("id"), draft, actor: ctx.user).json)
        }
    }
}
