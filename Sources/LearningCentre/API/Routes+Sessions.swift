import Foundation
import LearningCentreCore

extension Handlers {
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
            let (session, warnings) = try store.saveSession(id: nil, draft, actor: ctx.user)
            return .json(SessionView(session, now: Store.nowMillis(), rules: config.rules, warnings: warnings), status: 201)
        }
        router.add("GET", "/api/sessions/{id}", .staff, RouteDoc("Một buổi học", response: "Session")) { [unowned self] ctx in
            guard let session = try store.session(id: ctx.param("id")) else { throw HTTPError.notFound("buổi học này") }
            return .json(SessionView(session, now: Store.nowMillis(), rules: config.rules))
        }
        router.add("PATCH", "/api/sessions/{id}", .staff,
                   RouteDoc("Sửa buổi học", request: "SessionPatch", response: "Session")) { [unowned self] ctx in
            let draft = try SessionDraft(ctx.body(allowed: SessionDraft.writable), creating: false)
            let (session, warnings) = try store.saveSession(id: ctx.param("id"), draft, actor: ctx.user)
            return .json(SessionView(session, now: Store.nowMillis(), rules: config.rules, warnings: warnings))
        }
    }

    func registerSeriesRoutes(_ router: inout Router) {
        router.add("POST", "/api/session-series", .staff,
                   RouteDoc("Lên lịch một loạt buổi học hằng tuần (count buổi, mỗi tuần một buổi từ startsAt)",
                            request: "SeriesInput", response: "SessionSeries", status: 201)) { [unowned self] ctx in
            let body = try ctx.body(allowed: SessionDraft.writable.union(["count"]))
            guard let count = try body.int("count"), (2...Store.maxSeriesCount).contains(count) else {
                throw HTTPError.invalid("count", "Số buổi của loạt phải từ 2 đến \(Store.maxSeriesCount) (mỗi tuần một buổi).")
            }
            let series = try store.createSeries(SessionDraft(body, creating: true), count: count, actor: ctx.user)
            return .json(SeriesView(series: series, now: Store.nowMillis(), rules: config.rules), status: 201)
        }
        router.add("GET", "/api/session-series/{id}", .staff,
                   RouteDoc("Các buổi của một loạt", response: "SessionSeries")) { [unowned self] ctx in
            .json(SeriesView(series: try store.series(id: ctx.param("id")), now: Store.nowMillis(), rules: config.rules))
        }
        router.add("PATCH", "/api/session-series/{id}", .staff,
                   RouteDoc("Sửa cả loạt: mọi buổi chưa diễn ra và chưa đóng (startTime, endTime dạng 18:00 dời giờ trong ngày)",
                            request: "SeriesPatch", response: "SessionSeries")) { [unowned self] ctx in
            let body = try ctx.body(allowed: SessionDraft.writable.subtracting(["startsAt", "endsAt"]).union(["startTime", "endTime"]))
            func minute(_ key: String) throws -> Int? {
                guard let text = try body.string(key) else { return nil }
                guard let minute = CentreRules.minute(of: text) else { throw HTTPError.invalid(key, "\"\(key)\" phải là giờ dạng 18:00.") }
                return minute
            }
            let change = SeriesChange(fields: try SessionDraft(body, creating: false), startMinute: try minute("startTime"),
                                      endMinute: try minute("endTime"))
            return .json(SeriesView(series: try store.updateSeries(id: ctx.param("id"), change, actor: ctx.user),
                                    now: Store.nowMillis(), rules: config.rules))
        }
    }
}

/// A series as the API shows it.
struct SeriesView: JSONShape {
    var series: SessionSeries
    var now: Int64
    var rules: CentreRules

    static let schemaName = "SessionSeries"
    static let fields: [ShapeField<SeriesView>] = [
        .int("changed", \.series.changed),
        .list("items", { view in view.series.sessions.map { SessionView($0, now: view.now, rules: view.rules) } }),
        .string("seriesId", \.series.id),
        .list("warnings", \.series.warnings),
    ]
}

extension Handlers {
    func registerAttendanceRoutes(_ router: inout Router) {
        router.add("GET", "/api/sessions/{id}/attendance", .staff,
                   RouteDoc("Danh sách điểm danh của buổi học", response: "Attendance")) { [unowned self] ctx in
            .json(Page(items: try store.attendance(sessionId: ctx.param("id")), next: nil))
        }
        router.add("PUT", "/api/sessions/{id}/attendance", .staff,
                   RouteDoc("Đặt danh sách điểm danh: thêm, bớt, sửa giờ (có lý do)", request: "AttendanceInput",
                            response: "Attendance")) { [unowned self] ctx in
            let body = try ctx.body(allowed: ["learnerIds", "overrides", "reason"])
            guard let ids = body.fields["learnerIds"]?.arrayValue else {
                throw HTTPError.invalid("learnerIds", "Cần danh sách mã người học (learnerIds).")
            }
            let learnerIds = try ids.enumerated().map { index, value -> String in
                guard let id = value.stringValue, !id.isEmpty else { throw HTTPError.invalid("learnerIds[\(index)]", "Mã người học phải là chuỗi.") }
                return id
            }
            guard learnerIds.count <= 2000 else { throw HTTPError.invalid("learnerIds", "Một buổi học có tối đa 2000 người.") }
            var overrides: [HoursOverride] = []
            for (index, value) in (body.fields["overrides"]?.arrayValue ?? []).enumerated() {
                let item = Fields(value.objectValue ?? [:])
                let field = "overrides[\(index)]"
                guard let learnerId = try item.string("learnerId") else { throw HTTPError.invalid(field + ".learnerId", "Thiếu mã người học.") }
                guard let hours = try item.double("creditedHours"), hours >= 0 else {
                    throw HTTPError.invalid(field + ".creditedHours", "Số giờ phải là số không âm.")
                }
                guard let reason = try TextRules.text(field + ".reason", item.string("reason"), max: 500) else {
                    throw HTTPError.invalid(field + ".reason", "Sửa giờ cần ghi lý do.")
                }
                overrides.append(HoursOverride(learnerId: learnerId, creditedHours: hours, reason: reason))
            }
            let reason = try TextRules.text("reason", body.string("reason"), max: 500)
            return .json(Page(items: try store.setAttendance(sessionId: ctx.param("id"), learnerIds: learnerIds, overrides: overrides,
                                                             reason: reason, actor: ctx.user), next: nil))
        }
        router.add("GET", "/api/sessions/{id}/sheet", .staff,
                   RouteDoc("Danh sách điểm danh khổ A4 để in, có cột ký tên (dự phòng bằng giấy)", response: "HTML")) { [unowned self] ctx in
            guard let session = try store.session(id: ctx.param("id")) else { throw HTTPError.notFound("buổi học này") }
            let lines = try store.attendance(sessionId: session.id)
            return .text(AttendanceSheet.html(session: session, lines: lines), type: "text/html; charset=utf-8")
        }
        router.add("POST", "/api/sessions/{id}/close", .staff,
                   RouteDoc("Đóng buổi học: tính giờ, đóng các lượt còn mở", response: "Session")) { [unowned self] ctx in
            .json(SessionView(try store.closeSession(id: ctx.param("id"), actor: ctx.user), now: Store.nowMillis(), rules: config.rules))
        }
        router.add("POST", "/api/sessions/{id}/reopen", .manager,
                   RouteDoc("Mở lại buổi học đã đóng (người quản lý, cần lý do)", request: "Reason", response: "Session")) { [unowned self] ctx in
            let body = try ctx.body(allowed: ["reason"])
            guard let reason = try TextRules.text("reason", body.string("reason"), max: 500) else {
                throw HTTPError.invalid("reason", "Mở lại buổi học cần ghi lý do.")
            }
            return .json(SessionView(try store.reopenSession(id: ctx.param("id"), reason: reason, actor: ctx.user),
                                     now: Store.nowMillis(), rules: config.rules))
        }
        router.add("GET", "/api/learners/{id}/hours", .staff,
                   RouteDoc("Giờ học của người học theo lĩnh vực và theo tháng", query: ["year"], response: "Hours")) { [unowned self] ctx in
            return .json(try store.hours(learnerId: ctx.param("id"), year: ctx.yearQuery()))
        }
    }
}

extension RequestContext {
    /// The `year` query parameter, or the current local year.
    func yearQuery() throws -> Int {
        guard let text = request.query["year"], !text.isEmpty else { return LocalDay.year(of: Store.nowMillis()) }
        return try Handlers.year(text)
    }

    /// A `YYYY-MM-DD` query parameter as the start of that local day.
    func date(_ name: String) throws -> Int64? {
        guard let text = request.query[name], !text.isEmpty else { return nil }
        guard Timestamps.dateYear(text) != nil, let millis = Timestamps.parse(text + "T12:00:00Z") else {
            throw HTTPError(400, "bad_parameter", "\"\(name)\" phải là ngày dạng NĂM-THÁNG-NGÀY.", field: name)
        }
        return LocalDay.start(containing: millis)
    }
}
