import Foundation
import LearningCentreCore

extension Handlers {
    /// The optional body of archive and unarchive: `{"effectiveFrom"?, "reason"?}`.
    static func archiveWords(_ ctx: RequestContext) throws -> (Day?, String?) {
        guard !ctx.request.body.isEmpty else { return (nil, nil) }
        let body = try ctx.body(allowed: ["effectiveFrom", "reason"])
        return (try LearnerDraft.day(body, "effectiveFrom", what: "Ngày lưu trữ"), try TextRules.text("reason", body.string("reason"), max: 300))
    }

    func registerLearnerRoutes(_ router: inout Router) {
        router.add("GET", "/api/learners", .staff,
                   RouteDoc("Tìm người học: không phân biệt dấu, hoa thường, thứ tự từ",
                            query: ["q", "village", "household", "archived", "association", "limit", "next"],
                            response: "LearnerList")) { [unowned self] ctx in
            var query = LearnerQuery()
            (query.limit, query.offset) = try ctx.paging()
            query.text = String((ctx.request.query["q"] ?? "").prefix(200))
            query.villageId = ctx.request.query["village"].flatMap { $0.isEmpty ? nil : $0 }
            query.householdId = ctx.request.query["household"].flatMap { $0.isEmpty ? nil : $0 }
            query.archived = ctx.request.query["archived"] == "true"
            query.association = ctx.request.query["association"] == "true"
            return .json(try store.searchLearners(query))
        }
        router.add("POST", "/api/learners", .staff,
                   RouteDoc("Đăng ký người học; 409 possible_duplicate nếu có thể trùng", request: "LearnerInput",
                            response: "Learner", status: 201)) { [unowned self] ctx in
            let body = try ctx.body(allowed: LearnerDraft.writable.union(LearnerDraft.readOnly).union(["confirmDistinct"]))
            let draft = try LearnerDraft(body, creating: true)
            let learner = try store.createLearner(draft, confirmDistinct: try body.bool("confirmDistinct") ?? false, actor: ctx.user)
            return .json(learner, status: 201)
        }
        router.add("GET", "/api/learners/{id}", .staff, RouteDoc("Một người học", response: "Learner")) { [unowned self] ctx in
            guard let learner = try store.learner(id: ctx.param("id")) else { throw HTTPError.notFound("người học này") }
            return .json(learner)
        }
        router.add("PATCH", "/api/learners/{id}", .staff,
                   RouteDoc("Sửa người học (bất kỳ trường ghi được nào)", request: "LearnerPatch", response: "Learner")) { [unowned self] ctx in
            let body = try ctx.body(allowed: LearnerDraft.writable.union(LearnerDraft.readOnly).union(["confirmDistinct"])
                .union(LearnerDraft.changeWords))
            let draft = try LearnerDraft(body, creating: false)
            return .json(try store.updateLearner(id: ctx.param("id"), draft, confirmDistinct: try body.bool("confirmDistinct") ?? false,
                                                 actor: ctx.user))
        }
        router.add("POST", "/api/learners/{id}/archive", .staff,
                   RouteDoc("Lưu trữ người học từ một ngày (mặc định hôm nay; không bao giờ xóa hẳn): các năm trước vẫn tính người này",
                            request: "ArchiveInput", response: "Learner")) { [unowned self] ctx in
            let (day, reason) = try Handlers.archiveWords(ctx)
            return .json(try store.setArchived(id: ctx.param("id"), true, from: day, reason: reason, actor: ctx.user))
        }
        router.add("POST", "/api/learners/{id}/unarchive", .staff,
                   RouteDoc("Đưa người học đã lưu trữ trở lại danh sách từ một ngày (mặc định hôm nay)", request: "ArchiveInput",
                            response: "Learner")) { [unowned self] ctx in
            let (day, reason) = try Handlers.archiveWords(ctx)
            return .json(try store.setArchived(id: ctx.param("id"), false, from: day, reason: reason, actor: ctx.user))
        }
        router.add("GET", "/api/learners/{id}/memberships", .staff,
                   RouteDoc("Lịch sử thôn, hộ, dòng họ, đơn vị, nhóm và cờ của người học, cũ nhất trước", response: "MembershipList")) { [unowned self] ctx in
            .json(Page(items: try store.memberships(learnerId: ctx.param("id")), next: nil))
        }
        router.add("PUT", "/api/learners/{id}/memberships", .manager,
                   RouteDoc("Thay cả lịch sử: các giai đoạn nối tiếp, không hở, không chồng, bắt đầu từ ngày đăng ký", request: "MembershipInput",
                            response: "MembershipList")) { [unowned self] ctx in
            let body = try ctx.body(allowed: ["items"])
            guard let items = body.fields["items"]?.arrayValue else {
                throw HTTPError.invalid("items", "Cần danh sách các giai đoạn (items).")
            }
            let periods = try items.enumerated().map { try Membership.fromJSON($1, index: $0) }
            return .json(Page(items: try store.replaceMemberships(learnerId: ctx.param("id"), periods, actor: ctx.user), next: nil))
        }
        router.add("GET", "/api/learners/{id}/history", .staff,
                   RouteDoc("Lịch sử thay đổi của người học (ai, khi nào, sửa gì)", response: "AuditList")) { [unowned self] ctx in
            guard try store.learner(id: ctx.param("id")) != nil else { throw HTTPError.notFound("người học này") }
            return .encoded(Page(items: try store.auditTrail(entity: "learner", id: ctx.param("id")), next: nil))
        }
        router.add("POST", "/api/learners/import", .manager,
                   RouteDoc("""
                            Nhập danh sách người học từ CSV (tất cả hoặc không, trừ khi skipBad=true); 202 khi tệp lớn còn đang nhập \
                            sau vài giây: hỏi lại ở GET /api/learners/import/{id}
                            """, query: ["skipBad"], request: "text/csv", response: "ImportReport", accepted: "ImportJob")) { [unowned self] ctx in
            guard ctx.request.mediaType == "text/csv" else {
                throw HTTPError(415, "unsupported_media_type", "Tệp nhập phải gửi dạng text/csv (UTF-8).")
            }
            let (id, job) = imports.add()
            let (store, csv, skipBad, user) = (store, ctx.request.body, ctx.request.query["skipBad"] == "true", ctx.user)
            job.start(id)
            // On a thread of its own: a list of the whole commune takes minutes on the centre's box.
            Thread.detachNewThread { job.finish(Result { try LearnerImport(store: store).run(csv: csv, skipBad: skipBad, actor: user) }) }
            return try Handlers.importAnswer(job.wait(seconds: config.jobAnswerSeconds))
        }
        router.add("GET", "/api/learners/import/{id}", .manager,
                   RouteDoc("Một lần nhập đã gửi: 202 khi còn đang nhập, rồi đúng câu trả lời của lần gửi (kết quả, hoặc 422 với các dòng lỗi)",
                            response: "ImportReport", accepted: "ImportJob")) { [unowned self] ctx in
            guard let state = imports.job(ctx.param("id"))?.now() else {
                throw HTTPError.notFound("lần nhập này (máy chủ chỉ nhớ 20 lần gần nhất, và quên khi khởi động lại: xem danh sách người học)")
            }
            return try Handlers.importAnswer(state)
        }
    }
}

extension Handlers {
    /// An import's answer: its report, the lines that stopped it (422), or that it is still at work (202).
    static func importAnswer(_ state: ImportJobs.Job.State) throws -> HTTPResponse {
        switch state {
        case .running(let id):
            var response = HTTPResponse.json(ImportJobAnswer(id: id), status: 202)
            response.setHeader("Location", "/api/learners/import/\(id)")
            return response
        case .finished(.failure(let error)): throw error
        case .finished(.success(let report)) where !report.committed:
            throw HTTPError(422, "import_rejected", report.summary(skipBad: "gửi lại với skipBad=true (ô “Bỏ qua các dòng lỗi”)"),
                            details: ["report": report.jsonValue])
        case .finished(.success(let report)): return .encoded(report)
        }
    }
}

/// An import still at work, and where to ask after it.
struct ImportJobAnswer: JSONShape {
    var id: String
    static let schemaName = "ImportJob"
    static let fields: [ShapeField<ImportJobAnswer>] = [
        .string("id", \.id),
        .string("message", { _ in "Đang nhập danh sách… Tệp lớn có thể mất vài phút; trang sẽ tự hỏi lại." }),
        .string("status", { _ in "running" }, schema: ValueSchema.oneOf(["running"])),
    ]
}
