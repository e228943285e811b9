import Foundation

/// A group of learners that can earn a title: a household, a clan, a village or a unit.
public struct TitleGroup: Sendable {
    public var kind: String
    public var id: String
    public var name: String
    /// The village of a household (for the recognition list and the village view).
    public var villageId: String?
    /// A unit's kind (school, healthStation, communeOffice, other): T4 counts the named kinds.
    public var unitKind: UnitKind? = nil
}

/// One group's title for a year, with every condition and whether it is met.
public struct TitleResult: Sendable {
    public var kind: TitleKind
    public var id: String
    public var name: String
    public var villageId: String?
    public var unitKind: UnitKind? = nil
    public var recognized: Bool
    /// No registered member counts in the year: not recognised, and staff should complete the
    /// register ("chưa có thành viên", CRITERIA §4).
    public var hasMembers = true
    /// 2 for a unit above the level-2 share, 1 for level 1; nil otherwise.
    public var level: Int?
    public var reasons: [Reason]
    /// The yes/no facts the rules need, as recorded (absent: not recorded).
    public var facts: [String: Bool] = [:]

    public struct Reason: Sendable {
        public var met: Bool
        public var text: String
    }
}

/// The title rules of a ruleset applied to a year's scores and the facts staff recorded.
public enum Titles {
    /// Who belongs to each group ("household/ID", "clan/ID", "unit/ID", "village/ID" → places in
    /// `facts`). Check-ins do not change it, so a year kept for its figures keeps it too.
    static func members(of facts: [LearnerFacts]) -> [String: [Int]] {
        var membersOf: [String: [Int]] = [:]
        for (i, f) in facts.enumerated() {
            if let h = f.householdId { membersOf["household/" + h, default: []].append(i) }
            if let c = f.clanId { membersOf["clan/" + c, default: []].append(i) }
            if let u = f.unitId { membersOf["unit/" + u, default: []].append(i) }
            membersOf["village/" + f.villageId, default: []].append(i)
        }
        return membersOf
    }

    /// Every title of the year.
    /// - Parameters:
    ///   - facts: every active learner's facts, in the same order as `scores`.
    ///   - groups: the year's groups, their members (by place in `facts`) and recorded facts.
    static func compute(year: Int, ruleset: Ruleset, facts: [LearnerFacts], scores: [LearnerScore], groups: TitleGroups) -> [TitleKind: [TitleResult]] {
        var rules = TitleEvaluation(year: year, rules: ruleset.titles, facts: facts, scores: scores, groupFacts: groups.facts,
                                    membersOf: groups.members, households: groups.households)
        let families = groups.households.map { rules.family($0) }
        return [.family: families, .clan: groups.clans.map(rules.clan), .community: groups.villages.map(rules.community),
                .unit: groups.units.map(rules.unit)]
    }

    /// The titles again after the scores of `learners` changed, each with every other member of
    /// their household among them (as a refresh after check-ins reads them): only those
    /// households, their villages, and the clans and units of those learners are evaluated; every
    /// other group keeps its title from `previous`, which nothing it depends on has changed.
    static func update(_ previous: [TitleKind: [TitleResult]], learners: Set<Int>, year: Int, ruleset: Ruleset, facts: [LearnerFacts],
                       scores: [LearnerScore], groups: TitleGroups) -> [TitleKind: [TitleResult]] {
        var rules = TitleEvaluation(year: year, rules: ruleset.titles, facts: facts, scores: scores, groupFacts: groups.facts,
                                    membersOf: groups.members, households: groups.households)
        for family in previous[.family] ?? [] { rules.familyOf[family.id] = family.recognized }
        var households = Set<String>(), clans = Set<String>(), units = Set<String>()
        for i in learners {
            if let h = facts[i].householdId { households.insert(h) }
            if let c = facts[i].clanId { clans.insert(c) }
            if let u = facts[i].unitId { units.insert(u) }
        }
        var titles = previous
        var villages = Set<String>()
        func again(_ kind: TitleKind, _ list: [TitleGroup], _ ids: Set<String>, _ evaluate: (TitleGroup) -> TitleResult) {
            guard !ids.isEmpty, var results = titles[kind] else { return }
            for (k, group) in list.enumerated() where ids.contains(group.id) && k < results.count && results[k].id == group.id {
                results[k] = evaluate(group)
            }
            titles[kind] = results
        }
        again(.family, groups.households, households) { household in
            if let village = household.villageId { villages.insert(village) }
            return rules.family(household)
        }
        again(.clan, groups.clans, clans, rules.clan)
        again(.community, groups.villages, villages, rules.community)
        again(.unit, groups.units, units, rules.unit)
        return titles
    }

    public static let factLabels = [
        "childrenAtSchool": "mọi trẻ trong độ tuổi đi học đều đến trường",
        "studyFund": "dòng họ có quỹ khuyến học",
        "promotionBranch": "thôn có chi hội khuyến học",
    ]
}

/// The title rules of one year over its learners: each group's title, with its reasons.
struct TitleEvaluation {
    let year: Int
    let rules: Ruleset.TitleRules
    let facts: [LearnerFacts]
    let scores: [LearnerScore]
    let groupFacts: [String: Bool]
    let membersOf: [String: [Int]]
    /// Each household's family title, as evaluated (clans and villages count them).
    var familyOf: [String: Bool] = [:]
    /// The households with a member in the year, by village.
    let householdsByVillage: [String: Set<String>]

    init(year: Int, rules: Ruleset.TitleRules, facts: [LearnerFacts], scores: [LearnerScore], groupFacts: [String: Bool],
         membersOf: [String: [Int]], households: [TitleGroup]) {
        (self.year, self.rules, self.facts, self.scores, self.groupFacts, self.membersOf) = (year, rules, facts, scores, groupFacts, membersOf)
        var byVillage: [String: Set<String>] = [:]
        for h in households where !(membersOf["household/" + h.id] ?? []).isEmpty {
            if let v = h.villageId { byVillage[v, default: []].insert(h.id) }
        }
        householdsByVillage = byVillage
    }

    private func pct(_ share: Double) -> String { "\(ScoreEngine.number((share * 1000).rounded() / 10))%" }

    /// The recorded facts a title of `kind` needs, as reasons (read under the kind's group).
    private func factReasons(_ kind: TitleKind, _ id: String, _ names: [String]) -> [TitleResult.Reason] {
        names.map { name in
            let value = groupFacts["\(kind.group)/\(id)/\(name)"]
            let label = Titles.factLabels[name] ?? name
            return TitleResult.Reason(met: value == true, text: value == nil ? "Chưa ghi nhận: \(label)" : (value! ? label : "Không: \(label)"))
        }
    }

    /// A learning family, which clans and villages then count.
    mutating func family(_ h: TitleGroup) -> TitleResult {
        let members = membersOf["household/" + h.id] ?? []
        let adults = members.filter { (rules.adultFromAge...rules.adultToAge).contains(facts[$0].age(in: year)) }
        var reasons: [TitleResult.Reason] = []
        if adults.isEmpty {
            reasons.append(.init(met: false, text: "Không có thành viên từ \(rules.adultFromAge) đến \(rules.adultToAge) tuổi trong danh sách"))
        } else {
            if rules.everyAdultHasRecord {
                let missing = adults.filter { facts[$0].records == 0 }.map { facts[$0].fullName }
                reasons.append(.init(met: missing.isEmpty, text: missing.isEmpty
                    ? "Mọi người lớn đều có hồ sơ học tập trong năm"
                    : "Chưa có hồ sơ học tập trong năm: \(missing.joined(separator: ", "))"))
            }
            let citizens = adults.filter { scores[$0].recognized }.count
            let share = Double(citizens) / Double(adults.count)
            reasons.append(.init(met: share + 1e-9 >= rules.familyCitizenShare,
                                 text: "\(citizens)/\(adults.count) người lớn là công dân học tập (cần từ \(pct(rules.familyCitizenShare)))"))
        }
        reasons += factReasons(.family, h.id, rules.familyFacts)
        let ok = reasons.allSatisfy(\.met)
        familyOf[h.id] = ok
        return finished(TitleResult(kind: .family, id: h.id, name: h.name, villageId: h.villageId, recognized: ok, level: nil, reasons: reasons),
                        rules.familyFacts)
    }

    private func familyShare(_ householdIds: Set<String>, need: Double, what: String) -> TitleResult.Reason {
        let learning = householdIds.filter { familyOf[$0] == true }.count
        let share = householdIds.isEmpty ? 0 : Double(learning) / Double(householdIds.count)
        return .init(met: !householdIds.isEmpty && share + 1e-9 >= need,
                     text: "\(learning)/\(householdIds.count) hộ \(what) là gia đình học tập (cần từ \(pct(need)))")
    }

    func clan(_ c: TitleGroup) -> TitleResult {
        let households = Set((membersOf["clan/" + c.id] ?? []).compactMap { facts[$0].householdId })
        let reasons = [familyShare(households, need: rules.clanFamilyShare, what: "trong dòng họ")] + factReasons(.clan, c.id, rules.clanFacts)
        return finished(TitleResult(kind: .clan, id: c.id, name: c.name, villageId: nil, recognized: reasons.allSatisfy(\.met), level: nil,
                                    reasons: reasons), rules.clanFacts)
    }

    func community(_ v: TitleGroup) -> TitleResult {
        let reasons = [familyShare(householdsByVillage[v.id] ?? [], need: rules.communityFamilyShare, what: "trong thôn")]
            + factReasons(.community, v.id, rules.communityFacts)
        return finished(TitleResult(kind: .community, id: v.id, name: v.name, villageId: v.id, recognized: reasons.allSatisfy(\.met),
                                    level: nil, reasons: reasons), rules.communityFacts)
    }

    func unit(_ u: TitleGroup) -> TitleResult {
        let members = membersOf["unit/" + u.id] ?? []
        let citizens = members.filter { scores[$0].recognized }.count
        let share = members.isEmpty ? 0 : Double(citizens) / Double(members.count)
        var reasons = [TitleResult.Reason(met: !members.isEmpty && share + 1e-9 >= rules.unitCitizenShare,
                                          text: "\(citizens)/\(members.count) thành viên là công dân học tập (cần từ \(pct(rules.unitCitizenShare)))")]
        reasons += factReasons(.unit, u.id, rules.unitFacts)
        let ok = reasons.allSatisfy(\.met)
        return finished(TitleResult(kind: .unit, id: u.id, name: u.name, villageId: nil, unitKind: u.unitKind, recognized: ok,
                                    level: ok ? (share + 1e-9 >= rules.unitLevel2Share ? 2 : 1) : nil, reasons: reasons), rules.unitFacts)
    }

    /// Adds the recorded facts, and flags a group nobody of the year belongs to.
    private func finished(_ result: TitleResult, _ names: [String]) -> TitleResult {
        var result = result
        let kind = result.kind.group
        for name in names { result.facts[name] = groupFacts["\(kind)/\(result.id)/\(name)"] }
        if (membersOf["\(kind)/\(result.id)"] ?? []).isEmpty {
            result.hasMembers = false
            result.recognized = false
            result.level = nil
            result.reasons.insert(.init(met: false, text: "Chưa có thành viên nào trong danh sách người học của năm \(year): hãy bổ sung (chưa có thành viên)"), at: 0)
        }
        return result
    }
}
