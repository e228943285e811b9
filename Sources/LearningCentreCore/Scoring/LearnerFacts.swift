import Foundation

/// What the records say about one learner in one year: everything a score is computed from.
/// Loaded in bulk for everyone (counts only) or for one learner with the records themselves,
/// which become the evidence of each point.
public struct LearnerFacts: Sendable {
    public var learnerId: String
    public var fullName: String
    public var birthYear: Int
    public var category: LearnerCategory
    public var targetGroup: TargetGroup?
    public var villageId: String
    public var householdId: String?
    public var clanId: String?
    public var unitId: String?
    public var isAssociationOfficer: Bool
    public var isAssociationMember = false

    /// Credited hours by session category and by visit purpose.
    public var hoursByCategory: [String: Double] = [:]
    /// Visits by purpose (reading, club, selfStudy), counted.
    public var visitsByPurpose: [String: Int] = [:]
    /// Check-ins that count (not taken off, not in a cancelled class).
    public var records = 0
    public var hasPlan = false
    public var digitalSkills: SkillLevel?
    /// Other members of the household with a record this year.
    public var householdMembersLearning = 0
    /// Sessions this learner taught (not cancelled).
    public var taught = 0
    /// Took part in a briefing on the plan this year (target T10; set in the whole year's facts).
    public var briefed = false
    public var assessments: [String: Assessment] = [:]
    /// The records behind the counts, when loaded for one learner.
    public var details: Details?

    public struct Assessment: Sendable {
        public var points: Double
        public var note: String?
        public var by: String
        public var at: Int64
    }

    public struct Details: Sendable {
        public var checkIns: [Line] = []
        public var taught: [Line] = []
        public var householdMembers: [String] = []
        public var planUpdatedAt: Int64?
        public var skillsAssessed: (by: String, at: Int64)?
    }

    /// A check-in or a taught session, as evidence.
    public struct Line: Sendable {
        public var id: String
        public var at: Int64
        /// Session category or visit purpose.
        public var category: String
        public var title: String
        public var hours: Double
        public var isVisit: Bool
    }

    public var totalHours: Double { hoursByCategory.values.reduce(0, +) }

    /// Credited hours in `categories` ("*": all).
    public func hours(in categories: [String]) -> Double {
        categories.contains("*") ? totalHours : categories.reduce(0) { $0 + (hoursByCategory[$1] ?? 0) }
    }

    public func visits(for purposes: [String]) -> Int { purposes.reduce(0) { $0 + (visitsByPurpose[$1] ?? 0) } }

    /// Age reached in `year`.
    public func age(in year: Int) -> Int { year - birthYear }
}
