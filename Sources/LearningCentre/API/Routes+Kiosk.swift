import Foundation
import LearningCentreCore

/// The kiosk's routes: no login, but only from the kiosk's addresses, and nothing beyond a
/// learner's name, birth year and village.
extension Handlers {
    func registerKioskRoutes(_ router: inout Router) {
        router.add("GET", "/api/kiosk/search", .kiosk,
                   RouteDoc("Tìm tên ở máy điểm danh: tối đa 10 người, chỉ tên, năm sinh, thôn", query: ["q"],
                            response: "KioskSearch")) { [unowned self] ctx in
            var query = LearnerQuery()
            query.text = String((ctx.request.query["q"] ?? "").prefix(100))
            query.limit = 10
            guard !NameFolding.words(query.text).isEmpty else { return .json(KioskSearch(items: [])) }
            let learners = try store.searchLearners(query).items
            let villages = try store.villageNames()
            return .json(KioskSearch(items: learners.map { KioskPerson($0, villages: villages) }))
        }
        router.add("GET", "/api/kiosk/card", .kiosk,
                   RouteDoc("Người học của một mã thẻ (khi quét thẻ): chỉ tên, năm sinh, thôn, và đang ở trung tâm hay không (để mời ra về trước)", query: ["code"],
                            response: "KioskPerson")) { [unowned self] ctx in
            let code = ctx.request.query["code"] ?? ""
            guard let learner = try store.learner(cardCode: code) else {
                throw HTTPError(404, "unknown_card", "Không nhận ra thẻ này. Có thể thẻ đã được cấp lại. Xin tìm tên mình trên màn hình, hoặc hỏi cán bộ trung tâm.",
                                field: "code")
            }
            guard !learner.archived else {
                throw HTTPError(409, "learner_archived", "Hồ sơ này đang tạm ngừng. Xin gặp cán bộ trung tâm để mở lại.")
            }
            // Scanned again while in: the kiosk offers "Ra về" first.
            let inside = try store.inside(learnerId: learner.id, rules: config.rules).map { KioskInside(label: $0.label, since: $0.since) }
            return .json(KioskPerson(learner, villages: try store.villageNames(), inside: .some(inside)))
        }
        router.add("GET", "/api/kiosk/today", .kiosk,
                   RouteDoc("Các buổi học hôm nay đang mở điểm danh, các buổi mở sau (với giờ mở), và các mục đích đến trung tâm",
                            response: "KioskToday")) { [unowned self] _ in
            let now = Store.nowMillis()
            let today = LocalDay.start(containing: now)
            let views = try store.sessions(from: today, to: today + 86_400_000, limit: 100, offset: 0).items
                .filter { LocalDay.sameDay($0.startsAt, now) }
                .map { SessionView($0, now: now, rules: config.rules) }
            return .json(KioskToday(now: now, views: views, openLead: Int64(config.rules.openLeadMinutes) * 60_000))
        }
        router.add("POST", "/api/kiosk/check-ins", .kiosk,
                   RouteDoc("Điểm danh vào buổi học hoặc đến trung tâm; lặp lại trả về bản ghi đã có (200)",
                            request: "KioskCheckIn", response: "KioskAnswer", status: 201, alsoStatus: [200])) { [unowned self] ctx in
            let body = try ctx.body(allowed: ["learnerId", "cardCode", "sessionId", "purpose"])
            let key = try Handlers.learnerKey(body)
            let target: CheckInTarget
            switch (try body.string("sessionId"), try body.code("purpose", VisitPurpose.self)) {
            case (let session?, nil): target = .session(session)
            case (nil, let purpose?): target = .purpose(purpose)
            default:
                throw HTTPError.invalid("sessionId", "Hãy chọn một buổi học (sessionId) hoặc một mục đích (purpose), không chọn cả hai.")
            }
            let result = try store.checkIn(key, target, rules: config.rules)
            return .json(KioskAnswer(result, progress: store.progress(learnerId: result.learnerId)), status: result.created ? 201 : 200)
        }
        router.add("POST", "/api/kiosk/check-outs", .kiosk,
                   RouteDoc("Ra về: đóng lượt điểm danh đang mở", request: "KioskCheckOut", response: "KioskAnswer")) { [unowned self] ctx in
            let body = try ctx.body(allowed: ["learnerId", "cardCode"])
            let result = try store.checkOut(try Handlers.learnerKey(body), rules: config.rules)
            return .json(KioskAnswer(result, progress: store.progress(learnerId: result.learnerId)))
        }
        router.add("POST", "/api/kiosk/registrations", .kiosk,
                   RouteDoc("Tự đăng ký ở máy điểm danh; chờ cán bộ duyệt (202)", request: "KioskRegistration",
                            response: KioskReceipt.schemaName, status: 202)) { [unowned self] ctx in
            let body = try ctx.body(allowed: RegistrationDraft.fields)
            let registration = try store.register(RegistrationDraft(body))
            return .json(KioskReceipt(id: registration, status: RegistrationStatus.pending.rawValue,
                                      message: "Đã gửi. Cán bộ trung tâm sẽ xác nhận và cấp thẻ."), status: 202)
        }
        router.add("POST", "/api/kiosk/help", .kiosk,
                   RouteDoc("Nhờ cán bộ giúp: báo lên trang Hôm nay của cán bộ", request: "KioskHelp", response: KioskReceipt.schemaName,
                            status: 201)) { [unowned self] ctx in
            let body = try ctx.body(allowed: ["learnerId", "screen"])
            let id = try store.askForHelp(learnerId: try body.string("learnerId"), screen: try body.string("screen") ?? "")
            return .json(KioskReceipt(id: String(id), message: "Đã báo cán bộ trung tâm. Xin chờ một chút, cán bộ sẽ đến giúp."), status: 201)
        }
        router.add("GET", "/api/kiosk/screen", .kiosk,
                   RouteDoc("Giờ bật màn hình điểm danh: ngoài giờ này màn hình tối đi, chạm để bật lại", response: "KioskScreen")) { [unowned self] _ in
            .json(KioskScreen(settings: try store.settings()))
        }
        router.add("GET", "/api/kiosk/villages", .kiosk,
                   RouteDoc("Danh sách thôn để chọn khi tự đăng ký", response: "VillageList")) { [unowned self] _ in
            .json(try store.listGroups(.village, text: "", villageId: nil, limit: 500, offset: 0))
        }
    }

    /// All a kiosk may show of a learner: name, birth year and village.
    static func learnerKey(_ body: Fields) throws -> LearnerKey {
        switch (try body.string("learnerId"), try body.string("cardCode")) {
        case (let id?, nil) where !id.isEmpty: return .id(id)
        case (nil, let card?) where !card.isEmpty: return .card(card)
        default: throw HTTPError.invalid("learnerId", "Hãy quét thẻ (cardCode) hoặc chọn tên (learnerId), một trong hai.")
        }
    }
}
