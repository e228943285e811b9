import Foundation
import LearningCentreCore

extension Handlers {
    func registerPlanRoutes(_ router: inout Router) {
        router.add("GET", "/api/learners/{id}/digital-skills/{year}", .staff,
                   RouteDoc("Trình độ kỹ năng số của người học trong năm", response: "DigitalSkills")) { [unowned self] ctx in
            let year = try Handlers.year(ctx.param("year"))
            guard let skills = try store.digitalSkills(learnerId: ctx.param("id"), year: year) else {
                throw HTTPError(404, "not_assessed", "Chưa đánh giá kỹ năng số của người này cho năm \(year).")
            }
            return .json(skills)
        }
        router.add("PUT", "/api/learners/{id}/digital-skills/{year}", .staff,
                   RouteDoc("Ghi trình độ kỹ năng số (none, basic, proficient); ai đánh giá, khi nào được ghi lại",
                            request: "DigitalSkillsInput", response: "DigitalSkills")) { [unowned self] ctx in
            let year = try Handlers.year(ctx.param("year"))
            let body = try ctx.body(allowed: ["level", "note"])
            guard let level = try body.code("level", SkillLevel.self) else { throw HTTPError.invalid("level", "Thiếu trình độ kỹ năng số.") }
            return .json(try store.setDigitalSkills(learnerId: ctx.param("id"), year: year, level: level,
                                                    note: try TextRules.text("note", body.string("note"), max: 500), actor: ctx.user))
        }
        router.add("GET", "/api/learners/{id}/plan/{year}", .staff,
                   RouteDoc("Kế hoạch học tập cá nhân trong năm", response: "LearningPlan")) { [unowned self] ctx in
            let year = try Handlers.year(ctx.param("year"))
            guard let plan = try store.learningPlan(learnerId: ctx.param("id"), year: year) else {
                throw HTTPError(404, "no_plan", "Người này chưa có kế hoạch học tập cho năm \(year).")
            }
            return .json(plan)
        }
        router.add("PUT", "/api/learners/{id}/plan/{year}", .staff,
                   RouteDoc("Ghi kế hoạch học tập cá nhân: mục tiêu, lĩnh vực, số giờ dự kiến", request: "LearningPlanInput",
                            response: "LearningPlan")) { [unowned self] ctx in
            let year = try Handlers.year(ctx.param("year"))
            let body = try ctx.body(allowed: ["goals", "categories", "targetHours"])
            guard let goals = try TextRules.text("goals", body.string("goals"), max: 2000) else {
                throw HTTPError.invalid("goals", "Hãy ghi mục tiêu học tập.")
            }
            var categories: [String] = []
            for (index, value) in (body.fields["categories"]?.arrayValue ?? []).enumerated() {
                guard let category = value.stringValue, SessionCategory.codes.contains(category) else {
                    throw HTTPError.invalid("categories[\(index)]", "Lĩnh vực không hợp lệ. Chọn trong: \(SessionCategory.codes.joined(separator: ", ")).")
                }
                if !categories.contains(category) { categories.append(category) }
            }
            guard let target = try body.double("targetHours"), target >= 0, target <= 2000 else {
                throw HTTPError.invalid("targetHours", "Số giờ dự kiến phải từ 0 đến 2000.")
            }
            return .json(try store.setLearningPlan(learnerId: ctx.param("id"), year: year, goals: goals, categories: categories,
                                                   targetHours: target, actor: ctx.user))
        }
    }

    static func year(_ text: String) throws -> Int {
        guard let year = Int(text), (2000...2100).contains(year) else {
            throw HTTPError(400, "bad_parameter", "Năm \"\(text.prefix(10))\" không hợp lệ; hãy dùng năm có 4 chữ số.", field: "year")
        }
        return year
    }
}
