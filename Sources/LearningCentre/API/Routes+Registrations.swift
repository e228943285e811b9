import Foundation
import LearningCentreCore

extension Handlers {
    func registerRegistrationRoutes(_ router: inout Router) {
        router.add("GET", "/api/registrations", .staff,
                   RouteDoc("Các lượt tự đăng ký (mặc định: đang chờ), kèm người có thể trùng", query: ["status", "limit", "next"],
                            response: "RegistrationList")) { [unowned self] ctx in
            let (limit, offset) = try ctx.paging()
            guard let status = RegistrationStatus(rawValue: ctx.request.query["status"] ?? "pending") else {
                throw HTTPError(400, "bad_parameter", "\"status\" phải là pending, approved, merged hoặc rejected.", field: "status")
            }
            return .json(try store.registrations(status: status, limit: limit, offset: offset))
        }
        router.add("POST", "/api/registrations/{id}/approve", .staff,
                   RouteDoc("Duyệt: tạo người học mới (thêm giới tính và các trường khác)", request: "LearnerPatch",
                            response: "Registration")) { [unowned self] ctx in
            let body = try ctx.body(allowed: LearnerDraft.writable)
            let draft = try LearnerDraft(body, creating: false)
            return .json(try store.decideRegistration(id: ctx.param("id"), decision: "approve", learnerDraft: draft, mergeInto: nil,
                                                      reason: nil, actor: ctx.user))
        }
        router.add("POST", "/api/registrations/{id}/merge", .staff,
                   RouteDoc("Gộp vào người học đã có", request: "RegistrationMerge", response: "Registration")) { [unowned self] ctx in
            let body = try ctx.body(allowed: ["learnerId"])
            return .json(try store.decideRegistration(id: ctx.param("id"), decision: "merge", learnerDraft: nil,
                                                      mergeInto: try body.requiredString("learnerId"), reason: nil, actor: ctx.user))
        }
        router.add("POST", "/api/registrations/{id}/reject", .staff,
                   RouteDoc("Từ chối lượt đăng ký", request: "RegistrationReject", response: "Registration")) { [unowned self] ctx in
            let body = try ctx.body(allowed: ["reason"])
            return .json(try store.decideRegistration(id: ctx.param("id"), decision: "reject", learnerDraft: nil, mergeInto: nil,
                                                      reason: try TextRules.text("reason", body.string("reason"), max: 500), actor: ctx.user))
        }
    }
}
