import Foundation
import LearningCentreCore

extension Handlers {
    func registerTodayRoutes(_ router: inout Router) {
        router.add("GET", "/api/today", .staff,
                   RouteDoc("Hôm nay: các buổi học, ai đang ở trung tâm, các lượt tự đóng cần xem lại (14 ngày)",
                            response: "Today")) { [unowned self] ctx in
            let now = Store.nowMillis()
            let day = LocalDay.start(containing: now)
            let sessions = try store.sessions(from: day, to: day + 86_400_000, limit: 500, offset: 0).items
            let present = try store.present(now: now, rules: config.rules)
            let review = try store.checkInsToReview(since: day - 14 * 86_400_000, limit: 200)
            return .json(TodayView(date: String(Timestamps.iso(millis: now).prefix(10)),
                                   sessions: sessions.map { SessionView($0, now: now, rules: config.rules) },
                                   present: present, toReview: review))
        }
        router.add("GET", "/api/setup", .staff,
                   RouteDoc("Việc cần làm khi mới cài: thôn, hộ, đơn vị, người học, buổi học đầu tiên, in thẻ — xong khi có ít nhất một",
                            response: "Setup")) { [unowned self] _ in
            .json(SetupAnswer(steps: try store.setupSteps()))
        }
        router.add("GET", "/api/help-requests", .staff,
                   RouteDoc("Những người đang nhờ cán bộ giúp ở máy điểm danh (chưa ai đến)", response: "HelpRequestList")) { [unowned self] _ in
            .json(Page(items: try store.openHelpRequests(), next: nil))
        }
        router.add("POST", "/api/help-requests/{id}/answer", .staff,
                   RouteDoc("Đã đến giúp người nhờ ở máy điểm danh", status: 204)) { [unowned self] ctx in
            guard let id = Int64(ctx.param("id")) else { throw HTTPError.notFound("lượt nhờ giúp này") }
            try store.answerHelp(id: id, actor: ctx.user)
            return .noContent()
        }
        router.add("POST", "/api/check-ins/{id}/review", .staff,
                   RouteDoc("Xem lại một lượt tự đóng: xác nhận, hoặc ghi giờ ra về thật (cần lý do)",
                            request: "CheckInReview", response: "CheckIn")) { [unowned self] ctx in
            let body = try ctx.body(allowed: ["checkedOutAt", "reason"])
            let end = body.has("checkedOutAt") && body.fields["checkedOutAt"] != .null ? try SessionDraft.moment(body, "checkedOutAt") : nil
            return .json(try store.reviewCheckIn(id: ctx.param("id"), checkedOutAt: end,
                                                 reason: try TextRules.text("reason", body.string("reason"), max: 500),
                                                 rules: config.rules, actor: ctx.user))
        }
    }
}

struct TodayView: JSONShape {
    var date: String
    var sessions: [SessionView]
    var present: [CheckInLine]
    var toReview: [CheckInLine]

    static let schemaName = "Today"
    static let fields: [ShapeField<TodayView>] = [
        .string("date", \.date, schema: ValueSchema.date),
        .list("present", \.present),
        .list("sessions", \.sessions),
        .list("toReview", \.toReview),
    ]
}

extension HelpRequest: JSONShape {
    public static let schemaName = "HelpRequest"
    public static let fields: [ShapeField<HelpRequest>] = [
        .moment("askedAt", \.askedAt),
        .nullableString("fullName", \.fullName),
        .string("id", { String($0.id) }),
        .nullableString("learnerId", \.learnerId),
        .string("screen", \.screen),
    ]
}

/// `GET /api/setup`: the first things to do on a new box, each done once there is one.
struct SetupAnswer: JSONShape {
    var steps: [SetupStep]
    static let schemaName = "Setup"
    static let fields: [ShapeField<SetupAnswer>] = [.bool("done", { $0.steps.allSatisfy(\.done) }), .list("steps", \.steps)]
}

extension SetupStep: JSONShape {
    public static let schemaName = "SetupStep"
    public static let fields: [ShapeField<SetupStep>] = [
        .string("code", \.code, schema: ValueSchema.oneOf(["villages", "households", "units", "learners", "sessions", "cards"])),
        .bool("done", \.done),
    ]
}
