import Foundation

/// Everything scored for a year in one pass: every learner's score, the titles, and the facts
/// they came from. Computed from one consistent read of the database.
public struct YearResults: Sendable {
    public var year: Int
    public var ruleset: Ruleset
    public var facts: [LearnerFacts]
    public var scores: [LearnerScore]
    /// "family", "clan", "community", "unit" → results.
    public private(set) var titles: [String: [TitleResult]] = [:]
    /// Village → category (or visit purpose) → "2026-03" → credited hours.
    public var hoursByMonth: [String: [String: [String: Double]]]
    /// Classes held, attendances and hours by category (visit purposes too), of the year's learners.
    public var activity: [ActivityLine]
    /// The database's change counter when it was computed.
    public var generation: Int64
    /// The year's attendances by category, and each learner's share of the totals (by their
    /// index in `facts`): a learner scored again takes theirs out before adding the new.
    var totals = YearTotals()
    /// The check-ins' own change counter when it was computed.
    var checkInGeneration: Int64 = 0
    /// The groups of the year and their recorded facts: they hold while only check-ins change.
    var groups = TitleGroups()
    /// Kind → group id → recognised, from `titles` (the targets read it for every village).
    var recognized: [String: [String: Bool]] = [:]

    /// Sets the titles and what the targets read of them.
    mutating func setTitles(_ titles: [String: [TitleResult]]) {
        self.titles = titles
        recognized = titles.mapValues { list in Dictionary(list.map { ($0.id, $0.recognized) }, uniquingKeysWith: { a, _ in a }) }
    }
}

/// A year's groups of each kind, and the yes/no facts recorded for them.
struct TitleGroups: Sendable {
    var households: [TitleGroup] = []
    var clans: [TitleGroup] = []
    var villages: [TitleGroup] = []
    var units: [TitleGroup] = []
    var facts: [String: Bool] = [:]
}

/// A target of the plan (T1–T10): how many of how many, against the 2025 and 2030 marks.
public struct TargetResult: Sendable {
    public var code: String
    public var name: String
    public var numerator: Int
    public var denominator: Int
    public var target2025: Double
    public var target2030: Double
    /// Who or what stands behind the numbers: each counted one (`counted`) or not.
    public var items: [Item]

    public struct Item: Sendable {
        public var kind: String
        public var id: String
        public var name: String
        public var counted: Bool
    }

    public var percent: Double { denominator == 0 ? 0 : (Double(numerator) * 1000 / Double(denominator)).rounded() / 10 }
}

public enum Targets {
    /// T7: an association officer takes part with at least one counted record in the year…
    public static func participates(_ f: LearnerFacts) -> Bool { f.records > 0 }

    /// …and is trained in IT: enough IT hours in the year, or an assessed level of basic or better.
    public static func trainedInIT(_ f: LearnerFacts, itHours: Double) -> Bool {
        f.hours(in: ["it"]) + 1e-9 >= itHours || f.digitalSkills == .basic || f.digitalSkills == .proficient
    }

    public static func officerITHours(_ ruleset: Ruleset) -> Double { ruleset.target("T7")?.officerITHours ?? 4 }

    /// T1–T10 for the commune, or for one village (`villageId`).
    public static func compute(_ results: YearResults, villageId: String? = nil) -> [TargetResult] {
        let ruleset = results.ruleset
        let inVillage: (LearnerFacts) -> Bool = { villageId == nil || $0.villageId == villageId }
        let people = results.facts.indices.filter { inVillage(results.facts[$0]) }
        let families = results.recognized["family"] ?? [:], clans = results.recognized["clan"] ?? [:]
        let communities = results.recognized["community"] ?? [:], units = results.recognized["unit"] ?? [:]
        // Groups with someone of this village among their members.
        let households = Set(people.compactMap { results.facts[$0].householdId })
        let clanIds = Set(people.compactMap { results.facts[$0].clanId })
        let unitIds = Set(people.compactMap { results.facts[$0].unitId })
        func groups(_ kind: String, _ ids: Set<String>) -> [TargetResult.Item] {
            (results.titles[kind] ?? []).filter { ids.contains($0.id) }.map { .init(kind: kind, id: $0.id, name: $0.name, counted: $0.recognized) }
        }
        func person(_ i: Int, _ counted: Bool) -> TargetResult.Item {
            .init(kind: "learner", id: results.facts[i].learnerId, name: results.facts[i].fullName, counted: counted)
        }
        let citizen = { (i: Int) in results.scores[i].recognized }
        let officerHours = officerITHours(ruleset)
        let citizens = people.filter(citizen)
        // Denominators count every group of the year, members or not (CRITERIA §4): the commune's
        // households, or the village's; T4 only the kinds of unit the plan names.
        let familyItems = (results.titles["family"] ?? []).filter { villageId == nil || $0.villageId == villageId || households.contains($0.id) }
            .map { TargetResult.Item(kind: "family", id: $0.id, name: $0.name, counted: $0.recognized) }
        var items: [String: [TargetResult.Item]] = [
            "T1": familyItems,
            "T2": villageId == nil ? groups("clan", Set((results.titles["clan"] ?? []).map(\.id))) : groups("clan", clanIds),
            "T3": (results.titles["community"] ?? []).filter { villageId == nil || $0.id == villageId }
                .map { .init(kind: "community", id: $0.id, name: $0.name, counted: $0.recognized) },
            "T4": (results.titles["unit"] ?? []).filter { ($0.unitKind ?? "other") != "other" && (villageId == nil || unitIds.contains($0.id)) }
                .map { .init(kind: "unit", id: $0.id, name: $0.name, counted: $0.recognized) },
        ]
        items["T5"] = people.filter { i in
            let f = results.facts[i]
            guard f.category == .worker else { return false }
            return f.householdId.flatMap { families[$0] } == true || f.clanId.flatMap { clans[$0] } == true
                || communities[f.villageId] == true
        }.map { person($0, citizen($0)) }
        items["T6"] = people.filter { i in
            results.facts[i].category == .official && results.facts[i].unitId.flatMap { units[$0] } == true
        }.map { person($0, citizen($0)) }
        items["T7"] = people.filter { results.facts[$0].isAssociationOfficer }.map { i in
            person(i, participates(results.facts[i]) && trainedInIT(results.facts[i], itHours: officerHours))
        }
        items["T8"] = citizens.map { person($0, [.basic, .proficient].contains(results.facts[$0].digitalSkills)) }
        items["T9"] = citizens.map { person($0, results.facts[$0].digitalSkills == .proficient) }
        items["T10"] = people.filter { results.facts[$0].isAssociationOfficer || results.facts[$0].isAssociationMember }
            .map { person($0, results.facts[$0].briefed) }
        return ruleset.targets.map { target in
            let list = items[target.code] ?? []
            return TargetResult(code: target.code, name: target.name, numerator: list.filter(\.counted).count, denominator: list.count,
                                target2025: target.target2025, target2030: target.target2030, items: list)
        }
    }
}
