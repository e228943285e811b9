import Foundation
import GRDB

/// A learner's digital-skills level for a year (for the learning-citizen score and targets T8–T9).
public struct DigitalSkills: Sendable {
    public var year: Int
    public var level: SkillLevel
    public var note: String?
    public var assessedBy: String
    public var assessedAt: Int64
}

/// A learner's personal learning plan for a year (indicator 1.2).
public struct LearningPlan: Sendable {
    public var year: Int
    public var goals: String
    public var categories: [String]
    public var targetHours: Double
    public var updatedBy: String
    public var updatedAt: Int64
}

extension Store {
    static func requireLearner(_ db: Database, _ id: String) throws {
        guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM learners WHERE id = ?"), arguments: [id]) == true else {
            throw DomainError.notFound("người học này")
        }
    }

    public func digitalSkills(learnerId: String, year: Int) throws -> DigitalSkills? {
        try read { db in
            try Store.requireLearner(db, learnerId)
            return try Row.fetchOne(db, sql: "SELECT level, note, assessed_by, assessed_at FROM digital_skills WHERE learner_id = ? AND year = ?",
                                    arguments: [learnerId, year]).map {
                DigitalSkills(year: year, level: $0[0], note: $0[1], assessedBy: $0[2], assessedAt: $0[3])
            }
        }
    }

    /// Records the level assessed now by `actor`, replacing the year's earlier assessment (audited).
    public func setDigitalSkills(learnerId: String, year: Int, level: SkillLevel, note: String?, actor: AuthenticatedUser?) throws -> DigitalSkills {
        try write { db in
            try Store.requireLearner(db, learnerId)
            try Store.requireOpen(db, year: year)
            let old = try String.fetchOne(db, sql: "SELECT level FROM digital_skills WHERE learner_id = ? AND year = ?", arguments: [learnerId, year])
            let skills = DigitalSkills(year: year, level: level, note: note, assessedBy: actor?.username ?? "system", assessedAt: Store.nowMillis())
            try db.execute(sql: """
                INSERT OR REPLACE INTO digital_skills(learner_id, year, level, note, assessed_by, assessed_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [learnerId, year, level, note, skills.assessedBy, skills.assessedAt])
            try Store.audit(db, actor: actor, entity: "learner", id: learnerId, action: "digitalSkills",
                            changes: ["year": [.number(Double(year)), .number(Double(year))],
                                      "level": [old.map { .string($0) } ?? .null, .string(level.rawValue)]])
            return skills
        }
    }

    public func learningPlan(learnerId: String, year: Int) throws -> LearningPlan? {
        try read { db in
            try Store.requireLearner(db, learnerId)
            return try Row.fetchOne(db, sql: """
                SELECT goals, categories, target_hours, updated_by, updated_at FROM learning_plans WHERE learner_id = ? AND year = ?
                """, arguments: [learnerId, year]).map {
                LearningPlan(year: year, goals: $0[0], categories: ($0[1] as String).split(separator: ",").map(String.init),
                             targetHours: $0[2], updatedBy: $0[3], updatedAt: $0[4])
            }
        }
    }

    public func setLearningPlan(learnerId: String, year: Int, goals: String, categories: [String], targetHours: Double,
                                actor: AuthenticatedUser?) throws -> LearningPlan {
        try write { db in
            try Store.requireLearner(db, learnerId)
            try Store.requireOpen(db, year: year)
            let plan = LearningPlan(year: year, goals: goals, categories: categories, targetHours: targetHours,
                                    updatedBy: actor?.username ?? "system", updatedAt: Store.nowMillis())
            try db.execute(sql: """
                INSERT OR REPLACE INTO learning_plans(learner_id, year, goals, categories, target_hours, updated_by, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [learnerId, year, goals, categories.joined(separator: ","), targetHours, plan.updatedBy, plan.updatedAt])
            try Store.audit(db, actor: actor, entity: "learner", id: learnerId, action: "learningPlan",
                            changes: ["year": [.number(Double(year)), .number(Double(year))], "targetHours": [.null, .number(targetHours)]])
            return plan
        }
    }
}

extension DigitalSkills: JSONShape {
    public static let schemaName = "DigitalSkills"
    public static let fields: [ShapeField<DigitalSkills>] = [
        .moment("assessedAt", \.assessedAt),
        .string("assessedBy", \.assessedBy),
        .code("level", \.level),
        .nullableString("note", \.note),
        .int("year", \.year),
    ]
}

extension LearningPlan: JSONShape {
    public static let schemaName = "LearningPlan"
    public static let fields: [ShapeField<LearningPlan>] = [
        .strings("categories", \.categories, item: ValueSchema.oneOf(SessionCategory.self)),
        .string("goals", \.goals),
        .number("targetHours", \.targetHours),
        .moment("updatedAt", \.updatedAt),
        .string("updatedBy", \.updatedBy),
        .int("year", \.year),
    ]
}
