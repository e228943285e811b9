import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// Hand-computed learning-citizen scores under the shipped ruleset (rulesets/cdht-2024.json):
/// each case lists the records and the points every indicator must get, worked out by hand from
/// the thresholds in CRITERIA.md.
@Suite struct ScoreTableTests {
    static let ruleset = try! Ruleset.read([UInt8](FileManager.default.contents(atPath: repositoryRoot + "/rulesets/cdht-2024.json")!))

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var hours: [String: Double] = [:]
        var visits: [String: Int] = [:]
        var plan = false
        var skills: SkillLevel? = nil
        var household = 0
        var taught = 0
        var assessed: [String: Double] = [:]
        var targetGroup: TargetGroup? = nil
        /// Expected points of 1.1 … 3.2, in order.
        var points: [Double]
        var recognized: Bool
        /// A part of the expected next step, when it matters.
        var nextStep: String? = nil

        var testDescription: String { name }
    }

    static let assessedFive = ["2.3": 8.0, "2.4": 8, "3.1": 9, "3.2": 7]

    static let cases: [Case] = [
        Case(name: "nothing recorded", points: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], recognized: false,
             nextStep: "Chỉ số 1.1 mới được 0 điểm, cần ít nhất 5: cần thêm 4 lượt đọc sách."),
        Case(name: "everything from records and assessments: 90",
             hours: ["it": 12, "reading": 10, "law": 8], visits: ["reading": 12], plan: true, household: 2,
             assessed: ["2.2": 8, "2.3": 8, "2.4": 8, "3.1": 10, "3.2": 6],
             points: [10, 10, 10, 10, 10, 8, 8, 8, 10, 6], recognized: true),
        // 1.1: 8 visits → 8; 1.3: 20 h → 8; 1.4: one member → 5; 2.1: 8 IT hours → 8 (= basic skills 8);
        // 2.2: 4 h → 5; assessed 8, 8, 9, 7 → 8+10+8+5+8+5+8+8+9+7 = 76… plus teaching 10 instead of 7 → 79.
        Case(name: "79 points: one short",
             hours: ["it": 8, "language": 4, "culture": 8], visits: ["reading": 8], plan: true, household: 1, taught: 1,
             assessed: assessedFive, points: [8, 10, 8, 5, 8, 5, 8, 8, 9, 10], recognized: false,
             nextStep: "Thiếu 1 điểm ở chỉ số 1.1: cần thêm 4 lượt đọc sách."),
        Case(name: "80 points: recognised",
             hours: ["it": 8, "language": 4, "culture": 8], visits: ["reading": 8], plan: true, household: 1, taught: 1,
             assessed: assessedFive.merging(["3.1": 10]) { _, b in b }, points: [8, 10, 8, 5, 8, 5, 8, 8, 10, 10], recognized: true),
        Case(name: "85 points but 1.4 at 4 (assessed): not recognised",
             hours: ["it": 12, "culture": 18], visits: ["reading": 12], plan: true,
             assessed: ["1.4": 4, "2.2": 9, "2.3": 9, "2.4": 9, "3.1": 9, "3.2": 5],
             points: [10, 10, 10, 4, 10, 9, 9, 9, 9, 5], recognized: false,
             nextStep: "Chỉ số 1.4 mới được 4 điểm, cần ít nhất 5: cần thêm 1 người trong gia đình cùng tham gia học."),
        Case(name: "proficient digital skills give 2.1 its 10 without IT hours", skills: .proficient,
             points: [0, 0, 0, 0, 10, 0, 0, 0, 0, 0], recognized: false),
        Case(name: "basic skills (8) and 12 IT hours (10): the higher counts", hours: ["it": 12], skills: .basic,
             points: [0, 0, 5, 0, 10, 0, 0, 0, 0, 0], recognized: false),
        Case(name: "29.75 hours are 8 points at 1.3; a quarter hour more gives 10", hours: ["culture": 29.75],
             assessed: ["1.1": 10, "1.2": 10, "1.4": 10, "2.1": 10, "2.2": 10, "2.3": 10, "2.4": 10, "3.1": 10, "3.2": 10],
             points: [10, 10, 8, 10, 10, 10, 10, 10, 10, 10], recognized: true,
             nextStep: "để thêm 2 điểm ở chỉ số 1.3: cần thêm 0.25 giờ sinh hoạt tại trung tâm"),
        Case(name: "an assessment above an indicator's maximum counts as the maximum", assessed: ["2.3": 25],
             points: [0, 0, 0, 0, 0, 0, 10, 0, 0, 0], recognized: false),
    ]

    @Test(arguments: cases)
    func scoresMatchTheHandComputedTable(_ c: Case) throws {
        var facts = LearnerFacts(learnerId: "x", fullName: "Người thử", birthYear: 1970, category: .worker, targetGroup: c.targetGroup,
                                 villageId: "v", householdId: "h", clanId: nil, unitId: nil, isAssociationOfficer: false)
        facts.hoursByCategory = c.hours
        facts.visitsByPurpose = c.visits
        facts.hasPlan = c.plan
        facts.digitalSkills = c.skills
        facts.householdMembersLearning = c.household
        facts.taught = c.taught
        facts.records = c.visits.values.reduce(0, +) + (c.hours.isEmpty ? 0 : 1)
        facts.assessments = c.assessed.mapValues { LearnerFacts.Assessment(points: $0, note: nil, by: "quanly", at: 0) }
        let score = ScoreEngine.score(facts, year: 2026, ruleset: Self.ruleset)
        #expect(score.indicators.map(\.code) == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"])
        #expect(score.indicators.map(\.points) == c.points)
        #expect(score.total == c.points.reduce(0, +))
        #expect(score.recognized == c.recognized)
        if let expected = c.nextStep { #expect(score.nextStep?.contains(expected) == true, "\(score.nextStep ?? "nil")") }
        // Every point carries its evidence.
        for indicator in score.indicators where indicator.points > 0 { #expect(!indicator.evidence.isEmpty, "\(indicator.code)") }
    }

    @Test func aTargetGroupOverrideReplacesAnIndicatorsSources() throws {
        var value = Self.ruleset.source
        guard case .object(var root) = value, case .object(var groups) = root["targetGroups"]!,
              case .object(var farmer) = groups["farmer"]! else { Issue.record("shape"); return }
        farmer["overrides"] = .object(["1.3": .array([.object(["kind": "hours", "categories": .array(["*"]),
                                                               "tiers": .array([.object(["atLeast": 6, "points": 10])])])])])
        groups["farmer"] = .object(farmer)
        root["targetGroups"] = .object(groups)
        value = .object(root)
        let ruleset = try Ruleset.read(value)
        var facts = LearnerFacts(learnerId: "x", fullName: "Nông dân", birthYear: 1970, category: .worker, targetGroup: .farmer,
                                 villageId: "v", householdId: nil, clanId: nil, unitId: nil, isAssociationOfficer: false)
        facts.hoursByCategory = ["agriculture": 6]
        #expect(ScoreEngine.score(facts, year: 2026, ruleset: ruleset).indicators[2].points == 10)
        facts.targetGroup = .worker
        #expect(ScoreEngine.score(facts, year: 2026, ruleset: ruleset).indicators[2].points == 0)
    }

    /// The kiosk tells a learner only what they can do themselves: come, learn, bring the family,
    /// teach; never "make a plan" or "be assessed", which only staff can do (issue 15).
    @Test func theKiosksNextStepIsOneTheLearnerCanTake() throws {
        var facts = LearnerFacts(learnerId: "x", fullName: "Người thử", birthYear: 1950, category: .elderly, targetGroup: nil,
                                 villageId: "v", householdId: "h", clanId: nil, unitId: nil, isAssociationOfficer: false)
        facts.hoursByCategory = ["it": 12, "reading": 10, "law": 8]
        facts.visitsByPurpose = ["reading": 12]
        facts.householdMembersLearning = 2
        facts.records = 13
        let score = ScoreEngine.score(facts, year: 2026, ruleset: Self.ruleset)
        let staff = try #require(NextStep.sentence(score, facts: facts, ruleset: Self.ruleset))
        let learner = try #require(NextStep.sentence(score, facts: facts, ruleset: Self.ruleset, byLearner: true))
        #expect(staff.contains("kế hoạch") || staff.contains("đánh giá"), "\(staff)")
        #expect(!learner.contains("kế hoạch") && !learner.contains("đánh giá"), "\(learner)")
    }
}
