import Foundation

/// A criteria set (bộ tiêu chí) read from a versioned JSON file: the learning-citizen indicators
/// with where their points come from, the pass mark, per-target-group overrides, the title rules
/// and the plan's targets. Everything the association may change lives here, not in code.
public struct Ruleset: Sendable {
    public var id: String
    public var version: Int
    public var name: String
    public var description: String
    public var passMark: Double
    public var minIndicatorPoints: Double
    /// A visit (reading, club, self-study) counts towards an indicator only when it lasted at
    /// least this long, checked out (CRITERIA §4; 15 when the file does not say).
    public var minVisitMinutes: Double = Ruleset.defaultMinVisitMinutes
    public var indicators: [Indicator]
    /// Target group code → its name and the indicators whose sources it replaces.
    public var targetGroups: [String: TargetGroup]
    public var titles: TitleRules
    public var targets: [Target]
    /// The file as it was loaded, kept to be shown and exported as is.
    public var source: JSONValue

    public struct Indicator: Sendable {
        public var code: String
        public var group: String
        public var name: String
        public var description: String
        public var max: Double
        public var sources: [PointSource]
    }

    public struct TargetGroup: Sendable {
        public var name: String
        public var overrides: [String: [PointSource]]
    }

    public struct Tier: Sendable {
        public var atLeast: Double
        public var points: Double
    }

    /// Where an indicator's points come from in the records.
    public enum PointSource: Sendable {
        /// Visits with these purposes in the year, counted.
        case visits(purposes: [String], tiers: [Tier])
        /// Credited hours in these categories ("*": all, visits included).
        case hours(categories: [String], tiers: [Tier])
        /// A learning plan recorded for the year.
        case plan(points: Double)
        /// Other members of the household with a learning record in the year.
        case householdMembers(tiers: [Tier])
        /// The assessed digital-skills level.
        case digitalSkills(levels: [SkillLevel: Double])
        /// Sessions the learner taught.
        case teaching(tiers: [Tier])
    }

    public struct TitleRules: Sendable {
        public var familyName: String
        public var adultFromAge: Int
        public var adultToAge: Int
        public var everyAdultHasRecord: Bool
        public var familyCitizenShare: Double
        public var familyFacts: [String]
        public var clanName: String
        public var clanFamilyShare: Double
        public var clanFacts: [String]
        public var communityName: String
        public var communityFamilyShare: Double
        public var communityFacts: [String]
        public var unitName: String
        public var unitCitizenShare: Double
        public var unitLevel2Share: Double
        public var unitFacts: [String]
    }

    public struct Target: Sendable {
        public var code: String
        public var name: String
        public var target2025: Double
        public var target2030: Double
        public var officerITHours: Double?
    }

    public static let defaultMinVisitMinutes = 15.0
    /// `minVisitMinutes` in milliseconds, as the records keep time.
    public var minVisitMillis: Int64 { Int64(minVisitMinutes * 60_000) }

    public static let kinds = ["visits", "hours", "plan", "householdMembers", "digitalSkills", "teaching"]
    /// The yes/no facts staff record for groups, by the kind of group they belong to.
    public static let facts = ["childrenAtSchool": "household", "studyFund": "clan", "promotionBranch": "village"]
    public static let targetCodes = (1...10).map { "T\($0)" }
    /// T10 came with the association's report (CRITERIA §5); a file written before it gets the plan's marks.
    static let briefingTarget = Target(code: "T10", name: "Cán bộ, hội viên Hội Khuyến học được học tập, quán triệt kế hoạch",
                                       target2025: 100, target2030: 100, officerITHours: nil)

    public func indicator(_ code: String) -> Indicator? { indicators.first { $0.code == code } }

    /// The sources of an indicator for a learner of `targetGroup` (an override wins).
    public func sources(of indicator: Indicator, targetGroup: LearningCentreCore.TargetGroup?) -> [PointSource] {
        targetGroup.flatMap { targetGroups[$0.rawValue]?.overrides[indicator.code] } ?? indicator.sources
    }

    public var maxTotal: Double { indicators.reduce(0) { $0 + $1.max } }
    public func target(_ code: String) -> Target? { targets.first { $0.code == code } }
}

extension Ruleset.Tier {
    /// The points of the highest tier reached.
    static func points(_ tiers: [Ruleset.Tier], for value: Double) -> Double {
        tiers.filter { value + 1e-9 >= $0.atLeast }.map(\.points).max() ?? 0
    }

    /// The lowest tier above `value`, if any: what the next step would give.
    static func next(_ tiers: [Ruleset.Tier], above value: Double) -> Ruleset.Tier? {
        tiers.filter { value + 1e-9 < $0.atLeast }.min { $0.atLeast < $1.atLeast }
    }
}
