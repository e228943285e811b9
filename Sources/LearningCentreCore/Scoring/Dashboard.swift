import Foundation

/// The year an answer is about and the ruleset it was scored by.
public struct YearLabel: Sendable, Equatable {
    public var year: Int
    public var ruleset: String
    public var rulesetVersion: Int
}

extension YearLabel {
    public init(_ results: YearResults) { self.init(year: results.year, ruleset: results.ruleset.id, rulesetVersion: results.ruleset.version) }
}

/// Everything the dashboard draws: made from one scored year (a centre, a commune's
/// association), or summed in SQL from what the engine scored (`PostgresReports`).
public struct Dashboard: Sendable {
    public var label: YearLabel
    public var villageId: String?
    public var learners: Int
    public var learningCitizens: Int
    /// T1–T10 of the whole (or of the chosen village), as counts: the dashboard lists no one.
    public var targets: [TargetResult]
    /// Each village's targets; for a chosen village, its own.
    public var byVillage: [VillageTargets]
    public var citizensByTargetGroup: [GroupCitizens]
    /// Session category (or visit purpose) → "2026-03" → credited hours, not yet rounded.
    public var hoursByCategoryAndMonth: [String: [String: Double]]

    /// One village's targets.
    public struct VillageTargets: Sendable {
        public var name: String
        public var targets: [TargetResult]
        public var villageId: String
    }

    /// The learning citizens among one target group's learners.
    public struct GroupCitizens: Sendable {
        public var citizens: Int
        public var learners: Int
        public var name: String
        public var targetGroup: String
    }
}

extension Dashboard {
    /// The dashboard of a scored year, of everyone or of one village.
    public init(results: YearResults, villageId: String?) {
        let people = results.facts.indices.filter { villageId == nil || results.facts[$0].villageId == villageId }
        let targets = Targets.compute(results, villageId: villageId, itemized: false)
        let villages = (results.titles[.community] ?? []).filter { villageId == nil || $0.id == villageId }
        let byVillage = villageId.map { [$0: targets] } ?? Targets.byVillage(results, itemized: false)
        var hours: [String: [String: Double]] = [:]
        for (village, byCategory) in results.hoursByMonth where villageId == nil || village == villageId {
            for (category, months) in byCategory { for (month, value) in months { hours[category, default: [:]][month, default: 0] += value } }
        }
        self.init(label: YearLabel(results), villageId: villageId, learners: people.count,
                  learningCitizens: people.filter { results.scores[$0].recognized }.count, targets: targets,
                  byVillage: villages.map { VillageTargets(name: $0.name, targets: byVillage[$0.id] ?? [], villageId: $0.id) },
                  citizensByTargetGroup: Self.citizens(results, people: people), hoursByCategoryAndMonth: hours)
    }

    /// The learning citizens among each target group's learners (no group: "other").
    static func citizens(_ results: YearResults, people: [Int]) -> [GroupCitizens] {
        results.ruleset.targetGroups.sorted(by: { $0.key < $1.key }).map { code, group in
            let members = people.filter { (results.facts[$0].targetGroup ?? .other).rawValue == code }
            return GroupCitizens(citizens: members.filter { results.scores[$0].recognized }.count, learners: members.count,
                                 name: group.name, targetGroup: code)
        }
    }
}

/// The fields every answer about a scored year carries: the year and the ruleset it was scored by.
public enum YearFields {
    public static func of<Owner>(_ label: @escaping @Sendable (Owner) -> YearLabel) -> [ShapeField<Owner>] {
        [.string("ruleset", { label($0).ruleset }), .int("rulesetVersion", { label($0).rulesetVersion }), .int("year", { label($0).year })]
    }
}

extension Dashboard: JSONShape {
    public static let schemaName = "Dashboard"
    public static let fields: [ShapeField<Dashboard>] = [
        .list("byVillage", \.byVillage),
        .list("citizensByTargetGroup", \.citizensByTargetGroup),
        ShapeField("hoursByCategoryAndMonth", schema: .object(["type": "object", "additionalProperties":
                    .object(["type": "object", "additionalProperties": ValueSchema.number])])) { dashboard, w in
            w.key("hoursByCategoryAndMonth")
            JSONValue.object(dashboard.hoursByCategoryAndMonth.mapValues { .object($0.mapValues { .number(Store.roundHours($0)) }) }).write(to: &w)
        },
        .int("learners", \.learners),
        .int("learningCitizens", \.learningCitizens),
        .list("targets", \.targets),
        .nullableString("villageId", \.villageId),
    ] + YearFields.of(\.label)
}

extension Dashboard.VillageTargets: JSONShape {
    public static let schemaName = "VillageTargets"
    public static let fields: [ShapeField<Dashboard.VillageTargets>] = [
        .string("name", \.name), .list("targets", \.targets), .string("villageId", \.villageId),
    ]
}

extension Dashboard.GroupCitizens: JSONShape {
    public static let schemaName = "TargetGroupCitizens"
    public static let fields: [ShapeField<Dashboard.GroupCitizens>] = [
        .int("citizens", \.citizens), .int("learners", \.learners), .string("name", \.name), .string("targetGroup", \.targetGroup),
    ]
}
