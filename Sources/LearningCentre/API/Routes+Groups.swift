import Foundation
import LearningCentreCore

extension Handlers {
    /// GET/POST /api/{kind} and GET/PATCH /api/{kind}/{id} for villages, households, clans and units.
    func registerGroupRoutes(_ router: inout Router) {
        for kind in GroupKind.all {
            let base = "/api/\(kind.plural)"
            let query = kind.fields.contains { $0.json == "villageId" } ? ["q", "village", "limit", "next"] : ["q", "limit", "next"]
            router.add("GET", base, .staff, RouteDoc("Danh sách \(kind.label)", query: query, response: "\(kind.schemaName)List")) { [unowned self] ctx in
                let (limit, offset) = try ctx.paging()
                return .json(try store.listGroups(kind, text: ctx.request.query["q"] ?? "", villageId: ctx.request.query["village"],
                                                  limit: limit, offset: offset))
            }
            router.add("POST", base, .staff, RouteDoc("Thêm \(kind.label)", request: "\(kind.schemaName)Input",
                                                      response: kind.schemaName, status: 201)) { [unowned self] ctx in
                let body = try ctx.body(allowed: kind.writable)
                return .json(JSONValue.object(try store.saveGroup(kind, id: nil, body: body, actor: ctx.user)), status: 201)
            }
            router.add("GET", base + "/{id}", .staff, RouteDoc("Một \(kind.label)", response: kind.schemaName)) { [unowned self] ctx in
                guard let found = try store.group(kind, id: ctx.param("id")) else { throw HTTPError.notFound("\(kind.label) này") }
                return .json(JSONValue.object(found))
            }
            router.add("PATCH", base + "/{id}", .staff, RouteDoc("Sửa \(kind.label)", request: "\(kind.schemaName)Patch",
                                                                 response: kind.schemaName)) { [unowned self] ctx in
                let body = try ctx.body(allowed: kind.writable)
                return .json(JSONValue.object(try store.saveGroup(kind, id: ctx.param("id"), body: body, actor: ctx.user)))
            }
        }
    }
}
