import Foundation

extension CentreApp {
    func registerSessionRoutes(_ router: inout Router) {
        router.add("GET", "/api/sessions", .staff,
                   RouteDoc("Buổi học trong một khoảng ngày (mặc định: hôm nay)", query: ["from", "to", "limit", "next"],
                            response: "SessionList")) { [unowned self] ctx in
            let (limit, offset) = try ctx.paging()
            let now = Store.nowMillis()
            let from = try ctx.date("from") ?? LocalDay.start(containing: now)
            let to = try ctx.date("to").map { $0 + 86_400_000 } ?? from + 86_400_000
            guard to > from else { throw HTTPError(400, "bad_parameter", "\"to\" phải không trước \"from\".", field: "to") }
            return .json(try store.sessions(from: from, to: to, limit: limit, offset: offset)
                .map { SessionView($0, now: now, rules: config.rules) })
        }
        router.add("POST", "/api/sessions", .staff,
                   RouteDoc("Lên lịch một buổi học", request: "SessionInput", response: "Session", status: 201)) { [unowned self] ctx in
            let draft = try SessionDraft(ctx.body(allowed: SessionDraft.writable), creating: true)
            let session = try store.saveSession(id: nil, draft, actor: ctx.user)
            return .json(SessionView(session, now: Store.nowMillis(), rules: config.rules), status: 201)
        }
        router.add("GET", "/api/sessions/{id}", .staff, RouteDoc("Một buổi học", response: "Session")) { [unowned self] ctx in
            guard let session = try store.session(id: ctx.param("id")) else { throw HTTPError.notFound("buổi học này") }
            return .json(SessionView(session, now: Store.nowMillis(), rules: config.rules))
        }
        router.add("PATCH", "/api/sessions/{id}", .staff,
                   RouteDoc("Sửa buổi học", request: "SessionPatch", response: "Session")) { [unowned self] ctx in
            let draft = try SessionDraft(ctx.body(allowed: SessionDraft.writable), creating: false)
            let session = try store.saveSession(id: ctx.param("id"), draft, actor: ctx.user)
            return .json(SessionView(session, now: Store.nowMillis(), rules: config.rules))
        }
    }
}

extension RequestContext {
    /// A `YYYY-MM-DD` query parameter as the start of that local day.
    func date(_ name: String) throws -> Int64? {
        guard let text = request.query[name], !text.isEmpty else { return nil }
        guard Timestamps.dateYear(text) != nil, let millis = Timestamps.parse(text + "T12:00:00Z") else {
            throw HTTPError(400, "bad_parameter", "\"\(name)\" phải là ngày dạng NĂM-THÁNG-NGÀY.", field: name)
        }
        return LocalDay.start(containing: millis)
    }
}
