import Foundation

/// Everything scored for a year in one pass: every learner's score, the titles, and the facts
/// they came from. Computed from one consistent read of the database.
public struct YearResults: Sendable {
    public var year: Int
    public var ruleset: Ruleset
    public var facts: [LearnerFacts]
    public var scores: [LearnerScore]
    /// Each kind of title → the year's groups of that kind, with theirs.
    public private(set) var titles: [TitleKind: [TitleResult]] = [:]
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
    /// Kind → group id → its place in `titles[kind]`; village → the places of its households'
    /// families: the targets read groups by place, not by filtering every group for each village.
    var places: [TitleKind: [String: Int]] = [:]
    var familiesIn: [String: [Int]] = [:]

    /// Whether the group of `kind` with `id` holds its title this year (false when unknown).
    func recognized(_ kind: TitleKind, _ id: String?) -> Bool {
        guard let id, let place = places[kind]?[id] else { return false }
        return titles[kind]?[place].recognized ?? false
    }

    /// Sets the titles and what the targets read of them.
    mutating func setTitles(_ titles: [TitleKind: [TitleResult]]) {
        self.titles = titles
        places = titles.mapValues { list in Dictionary(list.indices.map { (list[$0].id, $0) }, uniquingKeysWith: { a, _ in a }) }
        familiesIn = [:]
        for (place, family) in (titles[.family] ?? []).enumerated() {
            if let village = family.villageId { familiesIn[village, default: []].append(place) }
        }
    }
}

/// A year's groups of each kind, their members and the yes/no facts recorded for them: all
/// kept while only check-ins change.
struct TitleGroups: Sendable {
    var households: [TitleGroup] = []
    var clans: [TitleGroup] = []
    var villages: [TitleGroup] = []
    var units: [TitleGroup] = []
    var facts: [String: Bool] = [:]
    /// Who belongs to each group (`Titles.members(of:)`), by place in the year's facts.
    var members: [String: [Int]] = [:]
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
        public var kind: TargetItemKind
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

    /// T1–T10 for the commune, or for one village (`villageId`); `itemized` false leaves out who
    /// stands behind each count (the dashboard shows only the counts).
    public static func compute(_ results: YearResults, villageId: String? = nil, itemized: Bool = true) -> [TargetResult] {
        guard let villageId else { return compute(results, scope: .all, people: Array(results.facts.indices), itemized: itemized) }
        return compute(results, scope: .village(villageId), people: results.facts.indices.filter { results.facts[$0].villageId == villageId },
                       itemized: itemized)
    }

    /// Whose targets: everyone's (every group of the year counts), one village's (its learners, its
    /// households' families, the groups its learners belong to, the village itself), or a set of
    /// learners' (a centre's at the association: they, and the groups any of them belongs to).
    enum Scope {
        case all
        case village(String)
        case members
    }

    /// T1–T10 of each centre, by the centre each learner came from (`centreOf`, by learner id):
    /// its learners, and the households, clans, villages and units they belong to.
    public static func byCentre(_ results: YearResults, centreOf: [String: String], itemized: Bool = false) -> [String: [TargetResult]] {
        var people: [String: [Int]] = [:]
        for i in results.facts.indices {
            if let centre = centreOf[results.facts[i].learnerId] { people[centre, default: []].append(i) }
        }
        return people.mapValues { compute(results, scope: .members, people: $0, itemized: itemized) }
    }

    /// T1–T10 of each village (by id), the learners sorted into their villages in one pass
    /// rather than one pass over everyone per village.
    public static func byVillage(_ results: YearResults, itemized: Bool = true) -> [String: [TargetResult]] {
        var people: [String: [Int]] = [:]
        for i in results.facts.indices { people[results.facts[i].villageId, default: []].append(i) }
        var targets: [String: [TargetResult]] = [:]
        for village in results.titles[.community] ?? [] {
            targets[village.id] = compute(results, scope: .village(village.id), people: people[village.id] ?? [], itemized: itemized)
        }
        return targets
    }

    /// One target's count as it is made: how many, how many counted, and (when itemized) who.
    private struct Tally {
        let itemized: Bool
        var items: [TargetResult.Item] = []
        var total = 0, counted = 0

        mutating func add(_ counted: Bool, _ item: @autoclosure () -> TargetResult.Item) {
            total += 1
            if counted { self.counted += 1 }
            if itemized { items.append(item()) }
        }
    }

    /// T1–T10 over `people` (indices in `results.facts`: everyone, one village's learners, or a centre's).
    static func compute(_ results: YearResults, scope: Scope, people: [Int], itemized: Bool) -> [TargetResult] {
        let facts = results.facts, scores = results.scores
        var villageId: String? = nil
        if case .village(let id) = scope { villageId = id }
        /// The groups of `kind` in the title list's order: all of them for the commune; else
        /// those with someone of `people` among their members (`member`) and `also`.
        func groups(_ kind: TitleKind, _ member: (Int) -> String?, also: [Int] = [], where keep: (TitleResult) -> Bool = { _ in true }) -> Tally {
            let list = results.titles[kind] ?? []
            var chosen: [Int]
            if case .all = scope {
                chosen = Array(list.indices)
            } else {
                let place = results.places[kind] ?? [:]
                var found = Set(also)
                for i in people { if let id = member(i), let k = place[id] { found.insert(k) } }
                chosen = found.sorted()
            }
            var tally = Tally(itemized: itemized)
            for k in chosen where keep(list[k]) {
                tally.add(list[k].recognized, .init(kind: TargetItemKind(kind), id: list[k].id, name: list[k].name, counted: list[k].recognized))
            }
            return tally
        }
        // Denominators count every group of the year, members or not (CRITERIA §4): the commune's
        // households, or the village's; T4 only the kinds of unit the plan names.
        var tallies: [String: Tally] = [
            "T1": groups(.family, { facts[$0].householdId }, also: villageId.flatMap { results.familiesIn[$0] } ?? []),
            "T2": groups(.clan, { facts[$0].clanId }),
            "T3": groups(.community, { i in if case .members = scope { facts[i].villageId } else { nil } },
                         also: villageId.flatMap { results.places[.community]?[$0] }.map { [$0] } ?? []),
            "T4": groups(.unit, { facts[$0].unitId }, where: { ($0.unitKind ?? .other) != .other }),
        ]
        let officerHours = officerITHours(results.ruleset)
        var t5 = Tally(itemized: itemized), t6 = t5, t7 = t5, t8 = t5, t9 = t5, t10 = t5
        for i in people {
            func person(_ counted: Bool) -> TargetResult.Item {
                .init(kind: .learner, id: facts[i].learnerId, name: facts[i].fullName, counted: counted)
            }
            let citizen = scores[i].recognized
            if facts[i].category == .worker, results.recognized(.family, facts[i].householdId)
                || results.recognized(.clan, facts[i].clanId) || results.recognized(.community, facts[i].villageId) {
                t5.add(citizen, person(citizen))
            }
            if facts[i].category == .official, results.recognized(.unit, facts[i].unitId) { t6.add(citizen, person(citizen)) }
            if facts[i].isAssociationOfficer {
                let trained = participates(facts[i]) && trainedInIT(facts[i], itHours: officerHours)
                t7.add(trained, person(trained))
            }
            if citizen {
                let skills = facts[i].digitalSkills
                let basic = skills == .basic || skills == .proficient, proficient = skills == .proficient
                t8.add(basic, person(basic))
                t9.add(proficient, person(proficient))
            }
            if facts[i].isAssociationOfficer || facts[i].isAssociationMember { t10.add(facts[i].briefed, person(facts[i].briefed)) }
        }
        (tallies["T5"], tallies["T6"], tallies["T7"], tallies["T8"], tallies["T9"], tallies["T10"]) = (t5, t6, t7, t8, t9, t10)
        return results.ruleset.targets.map { target in
            let tally = tallies[target.code] ?? Tally(itemized: itemized)
            return TargetResult(code: target.code, name: target.name, numerator: tally.counted, denominator: tally.total,
                                target2025: target.target2025, target2030: target.target2030, items: tally.items)
        }
    }
}
