import Foundation

/// A group of learners that can earn a title: a household, a clan, a village or a unit.
public struct TitleGroup: Sendable {
    public var kind: String
    public var id: String
    public var name: String
    /// The village of a household (for the recognition list and the village view).
    public var villageId: String?
    /// A unit's kind (school, healthStation, communeOffice, other): T4 counts the named kinds.
    public var unitKind: String? = nil
}

/// One group's title for a year, with every condition and whether it is met.
public struct TitleResult: Sendable {
    public var kind: String
    public var id: String
    public var name: String
    public var villageId: String?
    public var unitKind: String? = nil
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
    public static let kinds = ["family": "household", "clan": "clan", "community": "village", "unit": "unit"]

    /// - Parameters:
    ///   - facts: every active learner's facts, in the same order as `scores`.
    ///   - groupFacts: "kind/id/fact" → the recorded yes/no.
    public static func compute(year: Int, ruleset: Ruleset, facts: [LearnerFacts], scores: [LearnerScore],
                               households: [TitleGroup], clans: [TitleGroup], villages: [TitleGroup], units: [TitleGroup],
                               groupFacts: [String: Bool]) -> [String: [TitleResult]] {
        let rules = ruleset.titles
        var membersOf: [String: [Int]] = [:]
        for (i, f) in facts.enumerated() {
            if let h = f.householdId { membersOf["household/" + h, default: []].append(i) }
            if let c = f.clanId { membersOf["clan/" + c, default: []].append(i) }
            if let u = f.unitId { membersOf["unit/" + u, default: []].append(i) }
            membersOf["village/" + f.villageId, default: []].append(i)
        }
        func pct(_ share: Double) -> String { "\(ScoreEngine.number((share * 1000).rounded() / 10))%" }
        func factReasons(_ kind: String, _ id: String, _ names: [String]) -> [TitleResult.Reason] {
            names.map { name in
                let value = groupFacts["\(kind)/\(id)/\(name)"]
                let label = factLabels[name] ?? name
                return TitleResult.Reason(met: value == true, text: value == nil ? "Chưa ghi nhận: \(label)" : (value! ? label : "Không: \(label)"))
            }
        }

        // Learning families.
        var familyOf: [String: Bool] = [:]
        let families = households.map { h -> TitleResult in
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
            reasons += factReasons("household", h.id, rules.familyFacts)
            let ok = reasons.allSatisfy(\.met)
            familyOf[h.id] = ok
            return TitleResult(kind: "family", id: h.id, name: h.name, villageId: h.villageId, recognized: ok, level: nil, reasons: reasons)
        }

        func familyShare(_ householdIds: Set<String>, need: Double, what: String) -> TitleResult.Reason {
            let learning = householdIds.filter { familyOf[$0] == true }.count
            let share = householdIds.isEmpty ? 0 : Double(learning) / Double(householdIds.count)
            return .init(met: !householdIds.isEmpty && share + 1e-9 >= need,
                         text: "\(learning)/\(householdIds.count) hộ \(what) là gia đình học tập (cần từ \(pct(need)))")
        }
        let clanResults = clans.map { c -> TitleResult in
            let households = Set((membersOf["clan/" + c.id] ?? []).compactMap { facts[$0].householdId })
            let reasons = [familyShare(households, need: rules.clanFamilyShare, what: "trong dòng họ")] + factReasons("clan", c.id, rules.clanFacts)
            return TitleResult(kind: "clan", id: c.id, name: c.name, villageId: nil, recognized: reasons.allSatisfy(\.met), level: nil, reasons: reasons)
        }
        var householdsByVillage: [String: Set<String>] = [:]
        for h in households where !(membersOf["household/" + h.id] ?? []).isEmpty {
            if let v = h.villageId { householdsByVillage[v, default: []].insert(h.id) }
        }
        let communities = villages.map { v -> TitleResult in
            let reasons = [familyShare(householdsByVillage[v.id] ?? [], need: rules.communityFamilyShare, what: "trong thôn")]
                + factReasons("village", v.id, rules.communityFacts)
            return TitleResult(kind: "community", id: v.id, name: v.name, villageId: v.id, recognized: reasons.allSatisfy(\.met), level: nil,
                               reasons: reasons)
        }
        let unitResults = units.map { u -> TitleResult in
            let members = membersOf["unit/" + u.id] ?? []
            let citizens = members.filter { scores[$0].recognized }.count
            let share = members.isEmpty ? 0 : Double(citizens) / Double(members.count)
            var reasons = [TitleResult.Reason(met: !members.isEmpty && share + 1e-9 >= rules.unitCitizenShare,
                                              text: "\(citizens)/\(members.count) thành viên là công dân học tập (cần từ \(pct(rules.unitCitizenShare)))")]
            reasons += factReasons("unit", u.id, rules.unitFacts)
            let ok = reasons.allSatisfy(\.met)
            return TitleResult(kind: "unit", id: u.id, name: u.name, villageId: nil, unitKind: u.unitKind, recognized: ok,
                               level: ok ? (share + 1e-9 >= rules.unitLevel2Share ? 2 : 1) : nil, reasons: reasons)
        }
        /// Adds the recorded facts, and flags a group nobody of the year belongs to.
        func withFacts(_ results: [TitleResult], _ kind: String, _ names: [String]) -> [TitleResult] {
            results.map { result in
                var result = result
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
        return ["family": withFacts(families, "household", rules.familyFacts), "clan": withFacts(clanResults, "clan", rules.clanFacts),
                "community": withFacts(communities, "village", rules.communityFacts), "unit": withFacts(unitResults, "unit", rules.unitFacts)]
    }

    public static let factLabels = [
        "childrenAtSchool": "mọi trẻ trong độ tuổi đi học đều đến trường",
        "studyFund": "dòng họ có quỹ khuyến học",
        "promotionBranch": "thôn có chi hội khuyến học",
    ]
}
