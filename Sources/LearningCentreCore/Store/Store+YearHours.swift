import Foundation
import GRDB

/// One learner's hours in a year, by category (session categories and visit purposes).
public struct LearnerYearHours: Sendable {
    public var learnerId: String
    public var fullName: String
    public var byCategory: [String: Double]

    public var total: Double { byCategory.values.reduce(0, +) }
    public var itHours: Double { byCategory["it"] ?? 0 }

    package init(learnerId: String, fullName: String, byCategory: [String: Double]) {
        self.learnerId = learnerId
        self.fullName = fullName
        self.byCategory = byCategory
    }
}

/// An association officer's year for target T7: taking part in the centre's activities and
/// being trained in IT.
public struct OfficerYear: Sendable {
    public var hours: LearnerYearHours
    public var digitalSkills: SkillLevel?
    public var participates: Bool
    public var trainedInIT: Bool

    package init(hours: LearnerYearHours, digitalSkills: SkillLevel?, participates: Bool, trainedInIT: Bool) {
        self.hours = hours
        self.digitalSkills = digitalSkills
        self.participates = participates
        self.trainedInIT = trainedInIT
    }
}

extension Store {
    /// Everyone's hours in the year, in one pass over the year's records, in the Vietnamese order
    /// of names; learners without a credited hour are left out.
    public func yearHours(year: Int) throws -> [LearnerYearHours] {
        try read { db in
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT c.learner_id, COALESCE(s.category, c.purpose), SUM(\(Store.creditedHoursSQL)) FROM check_ins c
                LEFT JOIN sessions s ON s.seq = c.session_seq
                WHERE c.checked_in_at >= ? AND c.checked_in_at < ? GROUP BY 1, 2
                """), arguments: [LocalDay.startOfYear(year), LocalDay.startOfYear(year + 1)])
            var byLearner: [String: [String: Double]] = [:]
            while let row = try rows.next() {
                let hours: Double = row[2]
                guard hours > 0 else { continue }
                byLearner[row[0], default: [:]][row[1]] = hours
            }
            return try Row.fetchAll(db.cachedStatement(sql: "SELECT id, full_name FROM learners ORDER BY sort_key, seq")).compactMap { row in
                byLearner[row[0]].map { LearnerYearHours(learnerId: row[0], fullName: row[1], byCategory: $0) }
            }
        }
    }
}

extension LearnerYearHours: JSONShape {
    public static let schemaName = "YearHours"
    public static let fields: [ShapeField<LearnerYearHours>] = [
        .hours("byCategory", \.byCategory),
        .string("fullName", \.fullName),
        .number("itHours", { Store.roundHours($0.itHours) }),
        .string("learnerId", \.learnerId),
        .number("total", { Store.roundHours($0.total) }),
    ]
}

extension OfficerYear: JSONShape {
    public static let schemaName = "OfficerYear"
    public static let fields: [ShapeField<OfficerYear>] = LearnerYearHours.fields.map { $0.lifted(\.hours) } + [
        .nullableCode("digitalSkills", \.digitalSkills),
        .bool("participates", \.participates),
        .bool("trainedInIT", \.trainedInIT),
    ]
}
